/** Which ONNX Runtime Web build a worker loads, and when a worker must be replaced. */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_ORT_FILES, ORT_BUILD_BYTES, ortBuildFor, ortFiles, runtimeFits } from '../../src/lib/lm/ort-build';

describe('ONNX Runtime build per backend', () => {
  it('WebAssembly gets the plain SIMD build; only WebGPU gets the asyncify build', () => {
    expect(ortFiles(ortBuildFor('wasm'))).toEqual({ mjs: 'ort-wasm-simd-threaded.mjs', wasm: 'ort-wasm-simd-threaded.wasm' });
    expect(ortFiles(ortBuildFor('webgpu'))).toEqual({
      mjs: 'ort-wasm-simd-threaded.asyncify.mjs',
      wasm: 'ort-wasm-simd-threaded.asyncify.wasm',
    });
  });

  it('a worker with the plain build cannot start WebGPU; the asyncify build runs both', () => {
    expect(runtimeFits(null, 'webgpu')).toBe(true);
    expect(runtimeFits(null, 'wasm')).toBe(true);
    expect(runtimeFits('plain', 'wasm')).toBe(true);
    expect(runtimeFits('plain', 'webgpu')).toBe(false);
    expect(runtimeFits('asyncify', 'wasm')).toBe(true);
    expect(runtimeFits('asyncify', 'webgpu')).toBe(true);
  });

  /** dist/ of the onnxruntime-web that transformers.js resolves. */
  function ortDist(): string {
    const require = createRequire(join(process.cwd(), 'node_modules/@huggingface/transformers/package.json'));
    let dir = dirname(require.resolve('onnxruntime-web'));
    while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
    return join(dir, 'dist');
  }

  it('every file named exists in the onnxruntime-web transformers.js depends on', () => {
    for (const f of ALL_ORT_FILES) expect(existsSync(join(ortDist(), f)), f).toBe(true);
  });

  it('each build’s stated size is the bytes of its two files', () => {
    for (const build of ['plain', 'asyncify'] as const) {
      const f = ortFiles(build);
      expect(ORT_BUILD_BYTES[build], build).toBe(statSync(join(ortDist(), f.mjs)).size + statSync(join(ortDist(), f.wasm)).size);
    }
  });
});
