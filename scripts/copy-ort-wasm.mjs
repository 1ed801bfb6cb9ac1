// Copies the ONNX Runtime Web files transformers.js loads at run time into public/ort/<version>/,
// so the site serves them itself (no CDN request, works offline).
//
// transformers.js 4.x imports `onnxruntime-web/webgpu`, which can drive two builds: the plain
// SIMD build (ort-wasm-simd-threaded.{mjs,wasm}), which the worker loads for WebAssembly, and
// the "asyncify" build with the WebGPU provider, loaded only when a model runs on WebGPU
// (src/lib/lm/ort-build.ts).
// The folder is named after the onnxruntime-web version, so a dependency upgrade never serves a
// stale cached copy. Runs as `node scripts/copy-ort-wasm.mjs` (predev/prebuild) and as a Vite
// plugin (astro.config.mjs), so `npx astro build` and `astro dev` get the files too.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const FILES = [
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
];

/** The onnxruntime-web package transformers.js uses (its own dependency, resolved from it). */
function ortPackageDir() {
  const require = createRequire(join(root, 'node_modules/@huggingface/transformers/package.json'));
  let dir = dirname(require.resolve('onnxruntime-web'));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'onnxruntime-web') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('copy-ort-wasm: cannot find the onnxruntime-web package');
    dir = up;
  }
}

/** Copies the files (skipping ones already identical in size) and removes other versions' copies. */
export function copyOrtWasm({ quiet = false } = {}) {
  const ortDir = ortPackageDir();
  const version = JSON.parse(readFileSync(join(ortDir, 'package.json'), 'utf8')).version;
  const outRoot = join(root, 'public/ort');
  const out = join(outRoot, version);
  if (existsSync(outRoot)) {
    for (const name of readdirSync(outRoot)) if (name !== version) rmSync(join(outRoot, name), { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  let bytes = 0;
  for (const f of FILES) {
    const src = join(ortDir, 'dist', f);
    if (!existsSync(src)) throw new Error(`copy-ort-wasm: ${src} is missing; is onnxruntime-web ${version} installed?`);
    const dst = join(out, f);
    const size = statSync(src).size;
    if (!existsSync(dst) || statSync(dst).size !== size) copyFileSync(src, dst);
    bytes += size;
  }
  if (!quiet) console.log(`copy-ort-wasm: onnxruntime-web ${version} → public/ort/${version}/ (${FILES.length} files, ${(bytes / 1e6).toFixed(1)} MB)`);
  return { version, dir: out };
}

/** A Vite plugin that runs the copy when a dev server or a build starts. */
export function copyOrtWasmPlugin() {
  return { name: 'lm-notes:copy-ort-wasm', buildStart: () => void copyOrtWasm({ quiet: true }) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) copyOrtWasm();
