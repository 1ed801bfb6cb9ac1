/**
 * The one-node model that starts ONNX Runtime early is a model ONNX Runtime accepts and runs
 * (onnxruntime-node, the same ONNX parser as the browser build), and the warm-up creates a
 * session for it, releases it, and swallows a failure.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { IDENTITY_MODEL, startWasmRuntime } from '../../src/lib/lm/runtime-warmup';

describe('runtime warm-up', () => {
  it('its model is a valid ONNX Identity graph: y = x', async () => {
    const s = await ort.InferenceSession.create(IDENTITY_MODEL);
    expect(s.inputNames).toEqual(['x']);
    expect(s.outputNames).toEqual(['y']);
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.from([0.25]), [1]) });
    expect(Array.from(out['y']!.data as Float32Array)).toEqual([0.25]);
    await s.release();
  });

  it('creates a wasm session for it and releases it; a failure is not thrown', async () => {
    const seen: string[][] = [];
    let released = 0;
    await startWasmRuntime({
      create: async (model, o) => {
        expect(model).toBe(IDENTITY_MODEL);
        seen.push(o.executionProviders);
        return { release: async () => void released++ };
      },
    });
    expect(seen).toEqual([['wasm']]);
    expect(released).toBe(1);
    await expect(startWasmRuntime({ create: () => Promise.reject(new Error('no wasm')) })).resolves.toBeUndefined();
  });
});
