/**
 * A diagnostic for the browser comparison: the same ONNX model on ONNX Runtime Web's
 * WebAssembly build, single-threaded, but in Node instead of Chromium. It separates "WebAssembly
 * kernels vs native kernels" from "running inside a browser worker".
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ROOT } from './node-model';
import { timeRuns } from './timing';
import type { RunPlan, Timings } from './timing';

interface OrtTensor {
  dims: readonly number[];
}
interface OrtModule {
  env: { wasm: { numThreads: number } };
  Tensor: new (type: string, data: unknown, dims: number[]) => OrtTensor;
  InferenceSession: { create(model: Uint8Array, o: { executionProviders: string[] }): Promise<{ run(feeds: Record<string, OrtTensor>): Promise<unknown>; release(): Promise<void> }> };
}

/** One forward over `ids` ([1, n], empty past) on onnxruntime-web's WASM build in Node. */
export async function benchOrtWebInNode(file: string, ids: number[], layers: number, heads: number, headDim: number, plan: RunPlan): Promise<Timings> {
  const ort = (await import(pathToFileURL(`${ROOT}node_modules/onnxruntime-web/dist/ort.wasm.min.mjs`).href)) as OrtModule;
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync(file), { executionProviders: ['wasm'] });
  const n = ids.length;
  const feeds: Record<string, OrtTensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (x) => BigInt(x)), [1, n]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
    position_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(i)), [1, n]),
  };
  for (let l = 0; l < layers; l++) {
    for (const kv of ['key', 'value']) feeds[`past_key_values.${l}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, headDim]);
  }
  try {
    return await timeRuns(() => session.run(feeds), plan);
  } finally {
    await session.release();
  }
}
