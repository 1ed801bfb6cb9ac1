/**
 * Which ONNX Runtime Web build a worker loads. onnxruntime-web ships two WebAssembly builds that
 * transformers.js's `onnxruntime-web/webgpu` entry can drive:
 *
 * - `plain` (`ort-wasm-simd-threaded.{mjs,wasm}`, 14 MB): SIMD kernels for the CPU only. It
 *   compiles in about a third of the time and tiers up after far fewer runs.
 * - `asyncify` (`ort-wasm-simd-threaded.asyncify.{mjs,wasm}`, 27 MB): the same kernels plus the
 *   WebGPU execution provider, which needs asyncify to wait for the GPU.
 *
 * A worker can load only one of them (the module is instantiated once), so the first model load
 * picks: `plain` for WebAssembly, `asyncify` for WebGPU. A later load that wants WebGPU in a
 * worker running the plain build needs a fresh worker (`runtimeFits`).
 */

/** One of onnxruntime-web's WebAssembly builds. */
export type OrtBuild = 'plain' | 'asyncify';

/** The build a backend needs: WebGPU needs asyncify, WebAssembly runs best on the plain one. */
export function ortBuildFor(backend: 'webgpu' | 'wasm'): OrtBuild {
  return backend === 'webgpu' ? 'asyncify' : 'plain';
}

/** The build's two files (the module loader and the WebAssembly binary). */
export function ortFiles(build: OrtBuild): { mjs: string; wasm: string } {
  const stem = build === 'asyncify' ? 'ort-wasm-simd-threaded.asyncify' : 'ort-wasm-simd-threaded';
  return { mjs: `${stem}.mjs`, wasm: `${stem}.wasm` };
}

/** Every file a site must serve so that both backends work. */
export const ALL_ORT_FILES: readonly string[] = (['plain', 'asyncify'] as const).flatMap((b) => {
  const f = ortFiles(b);
  return [f.mjs, f.wasm];
});

/** Whether a worker that loaded `loaded` (or nothing yet: null) can run a model on `backend`. */
export function runtimeFits(loaded: OrtBuild | null, backend: 'webgpu' | 'wasm'): boolean {
  return loaded === null || loaded === 'asyncify' || backend === 'wasm';
}

/**
 * Bytes of each build's two files in the onnxruntime-web version transformers.js pins (checked
 * against the installed files by tests/unit/ort-build.test.ts). Uncompressed: a host that
 * compresses `.wasm` sends about a quarter of the plain build (see the Authoring page).
 */
export const ORT_BUILD_BYTES: Readonly<Record<OrtBuild, number>> = {
  plain: 24_381 + 14_264_838,
  asyncify: 53_057 + 26_861_777,
};
