/** WebGPU load failures fall back to WebAssembly; file problems do not. */
import { describe, expect, it } from 'vitest';
import type { BackendChoice } from '../../src/lib/lm/backend';
import { LmError } from '../../src/lib/lm/errors';
import { loadWithWasmFallback } from '../../src/lib/lm/wasm-fallback';

const gpuChoice: BackendChoice = { backend: 'webgpu', dtype: 'fp32', reason: 'WebGPU, because…', webgpuUnavailable: false };

describe('loadWithWasmFallback', () => {
  it('retries on WebAssembly when WebGPU fails, with the reason in words', async () => {
    const tried: string[] = [];
    const reasons: string[] = [];
    const r = await loadWithWasmFallback(
      gpuChoice,
      'q4',
      async (backend, dtype, reason) => {
        tried.push(`${backend}/${dtype}`);
        if (backend === 'webgpu') throw new Error('no kernel for MatMulNBits on this adapter');
        return reason;
      },
      (reason) => reasons.push(reason),
    );
    expect(tried).toEqual(['webgpu/fp32', 'wasm/q4']);
    expect(reasons).toHaveLength(1);
    expect(r).toBe(reasons[0]);
    expect(r).toMatch(/loading the model on WebGPU failed/);
  });
  it('does not retry missing or damaged files, and classifies the error', async () => {
    const missing = Object.assign(new Error('Could not locate file: "x/onnx/model.onnx".'), { name: 'ModelFileNotFoundError', status: 404 });
    for (const raw of [missing, new Error('protobuf parsing failed')]) {
      let calls = 0;
      const err = await loadWithWasmFallback(gpuChoice, 'fp32', async () => {
        calls++;
        throw raw;
      }, () => undefined).catch((e: unknown) => e);
      expect(calls).toBe(1);
      expect(err).toBeInstanceOf(LmError);
      expect(['file-not-found', 'corrupt-file']).toContain((err as LmError).code);
    }
  });
  it('does not fall back from WebAssembly itself', async () => {
    let calls = 0;
    const wasm: BackendChoice = { ...gpuChoice, backend: 'wasm' };
    await expect(loadWithWasmFallback(wasm, 'fp32', async () => {
      calls++;
      throw new Error('odd');
    }, () => undefined)).rejects.toMatchObject({ code: 'internal' });
    expect(calls).toBe(1);
  });
});
