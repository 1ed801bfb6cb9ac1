/** The status panel's state as load progress arrives; the observable store. */
import { describe, expect, it } from 'vitest';
import { applyProgress, initialStatus, statusError, statusLoading, statusReady, totalBytes } from '../../src/lib/lm/model-status';
import { createStore } from '../../src/lib/lm/store';
import type { ModelInfo } from '../../src/lib/lm/protocol';

describe('model status', () => {
  it('tracks files in order of appearance with their bytes, and completes them on done', () => {
    let s = statusLoading(initialStatus('m'), 'm');
    s = applyProgress(s, { kind: 'file', file: 'config.json', loaded: 0, total: 0, status: 'initiate' });
    s = applyProgress(s, { kind: 'file', file: 'onnx/model.onnx', loaded: 10, total: 100, status: 'progress' });
    s = applyProgress(s, { kind: 'file', file: 'config.json', loaded: 0, total: 0, status: 'done' });
    s = applyProgress(s, { kind: 'file', file: 'onnx/model.onnx', loaded: 0, total: 0, status: 'done' });
    expect(s.files).toEqual([
      { file: 'config.json', loaded: 0, total: 0, done: true },
      { file: 'onnx/model.onnx', loaded: 100, total: 100, done: true },
    ]);
    expect(totalBytes(s)).toEqual({ loaded: 100, total: 100 });
    s = applyProgress(s, { kind: 'backend', backend: 'wasm', reason: 'r' });
    s = applyProgress(s, { kind: 'origin', origin: 'network' });
    expect(s).toMatchObject({ phase: 'loading', backend: 'wasm', backendReason: 'r', origin: 'network' });
  });
  it('keeps notices across loads, merges those of the load, and records errors', () => {
    const info = { modelId: 'm', backend: 'wasm', backendReason: 'x', origin: 'site', notices: [{ code: 'webgpu-unavailable', message: 'n' }] } as unknown as ModelInfo;
    let s = initialStatus('m', [{ code: 'unknown-model', message: 'u' }]);
    s = statusReady(statusLoading(s, 'm'), info);
    expect(s.phase).toBe('ready');
    expect(s.notices.map((n) => n.code)).toEqual(['unknown-model', 'webgpu-unavailable']);
    s = statusError(s, { code: 'worker-crashed', message: 'w' });
    expect(s).toMatchObject({ phase: 'error', error: { code: 'worker-crashed' } });
  });
  it('store: subscribers get the current value at once and every change until they unsubscribe', () => {
    const st = createStore(1);
    const seen: number[] = [];
    const off = st.subscribe((v) => seen.push(v));
    st.set(2);
    st.update((v) => v + 1);
    off();
    st.set(9);
    expect(seen).toEqual([1, 2, 3]);
    expect(st.get()).toBe(9);
  });
});
