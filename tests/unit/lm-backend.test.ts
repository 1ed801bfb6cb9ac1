/** Backend choice with fake WebGPU objects: reasons in words, fp16 needs shader-f16. */
import { describe, expect, it } from 'vitest';
import { backendFromQuery, chooseBackend } from '../../src/lib/lm/backend';
import type { GpuLike } from '../../src/lib/lm/backend';

const gpu = (features: string[] | null): GpuLike => ({
  requestAdapter: async () => (features ? { features: new Set(features), info: { vendor: 'acme', architecture: 'swift' } } : null),
});
const tiny = { wasm: 'fp32', webgpu: 'fp32' } as const;
const smol = { wasm: 'q4', webgpu: 'q4f16', webgpuWithoutF16: 'q4' } as const;

describe('chooseBackend', () => {
  it('uses WebGPU when an adapter exists, naming it', async () => {
    const c = await chooseBackend('auto', tiny, gpu([]));
    expect(c).toMatchObject({ backend: 'webgpu', dtype: 'fp32', webgpuUnavailable: false });
    expect(c.reason).toContain('acme / swift');
  });
  it('falls back to WebAssembly without navigator.gpu or without an adapter, saying why', async () => {
    const none = await chooseBackend('auto', tiny, undefined);
    expect(none).toMatchObject({ backend: 'wasm', webgpuUnavailable: true });
    expect(none.reason).toMatch(/does not offer WebGPU/);
    const noAdapter = await chooseBackend('webgpu', tiny, gpu(null));
    expect(noAdapter).toMatchObject({ backend: 'wasm', webgpuUnavailable: true });
    expect(noAdapter.reason).toMatch(/backend=webgpu.*no usable GPU adapter/);
  });
  it('picks fp16 weights only with shader-f16, else the f16-free variant', async () => {
    expect(await chooseBackend('auto', smol, gpu(['shader-f16']))).toMatchObject({ backend: 'webgpu', dtype: 'q4f16' });
    const noF16 = await chooseBackend('auto', smol, gpu([]));
    expect(noF16).toMatchObject({ backend: 'webgpu', dtype: 'q4' });
    expect(noF16.reason).toMatch(/shader-f16/);
    const noAlt = await chooseBackend('auto', { wasm: 'q4', webgpu: 'fp16' }, gpu([]));
    expect(noAlt).toMatchObject({ backend: 'wasm', dtype: 'q4' });
  });
  it('treats a software WebGPU adapter as no GPU unless WebGPU is asked for', async () => {
    const soft = (info: Record<string, unknown>, flag?: boolean): GpuLike => ({
      requestAdapter: async () => ({ features: new Set<string>(), info, isFallbackAdapter: flag }),
    });
    const swiftshader = await chooseBackend('auto', tiny, soft({ vendor: 'google', architecture: 'swiftshader' }));
    expect(swiftshader).toMatchObject({ backend: 'wasm', dtype: 'fp32', webgpuUnavailable: false });
    expect(swiftshader.reason).toMatch(/software renderer \(swiftshader\)/);
    expect(await chooseBackend('auto', tiny, soft({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }))).toMatchObject({ backend: 'wasm' });
    expect(await chooseBackend('auto', tiny, soft({ vendor: 'x', isFallbackAdapter: true }))).toMatchObject({ backend: 'wasm' });
    expect(await chooseBackend('auto', tiny, soft({ vendor: 'x' }, true))).toMatchObject({ backend: 'wasm' });
    // Hardware adapters keep WebGPU, and so does a forced WebGPU on a software one (tests use it).
    expect(await chooseBackend('auto', tiny, soft({ vendor: 'nvidia', architecture: 'ampere' }, false))).toMatchObject({ backend: 'webgpu' });
    expect(await chooseBackend('webgpu', tiny, soft({ vendor: 'google', architecture: 'swiftshader' }))).toMatchObject({ backend: 'webgpu' });
  });
  it('honours a forced WebAssembly backend', async () => {
    const c = await chooseBackend('wasm', smol, gpu(['shader-f16']));
    expect(c).toMatchObject({ backend: 'wasm', dtype: 'q4', webgpuUnavailable: false });
    expect(c.reason).toMatch(/backend=wasm/);
  });
  it('reads ?backend= from a query string', () => {
    expect(backendFromQuery('?backend=wasm')).toBe('wasm');
    expect(backendFromQuery('?x=1&backend=webgpu')).toBe('webgpu');
    expect(backendFromQuery('?backend=cuda')).toBe('auto');
    expect(backendFromQuery('')).toBe('auto');
  });
});
