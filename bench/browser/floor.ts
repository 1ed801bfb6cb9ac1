/**
 * The floor of a model load in a browser: a bare module worker with onnxruntime-web alone (no
 * transformers.js, no site code) creates a session for the embedded model's file with the same
 * WebAssembly build the site uses for WebAssembly, and runs one forward pass over five tokens.
 * bench/cold-load.ts opens it in a profile whose HTTP cache already holds every file.
 */
import * as ort from 'onnxruntime-web/wasm';

declare const __ORT_DIR__: string;
declare const __MODEL__: string;

const scope = globalThis as unknown as { postMessage(m: unknown): void };

async function run(): Promise<void> {
  const t0 = performance.now();
  ort.env.wasm.wasmPaths = { mjs: `${__ORT_DIR__}ort-wasm-simd-threaded.mjs`, wasm: `${__ORT_DIR__}ort-wasm-simd-threaded.wasm` };
  const bytes = new Uint8Array(await (await fetch(__MODEL__)).arrayBuffer());
  const s0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const s1 = performance.now();
  const ids = [0, 464, 1578, 1829, 286];
  const n = ids.length;
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, n]);
    else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
    else if (name === 'position_ids') feeds[name] = new ort.Tensor('int64', BigInt64Array.from(ids.map((_, i) => BigInt(i))), [1, n]);
    else if (name.startsWith('past_key_values')) feeds[name] = new ort.Tensor('float32', new Float32Array(0), [1, 4, 0, 64]);
  }
  const f0 = performance.now();
  await session.run(feeds, ['logits']);
  const f1 = performance.now();
  scope.postMessage({ totalMs: f1 - t0, sessionMs: s1 - s0, forwardMs: f1 - f0 });
}

run().catch((e: unknown) => scope.postMessage({ error: e instanceof Error ? e.message : String(e) }));
