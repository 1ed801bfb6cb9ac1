/** The status panel's state as load progress arrives; the observable store. */
import { describe, expect, it } from 'vitest';
import { applyProgress, initialStatus, loadProgress, statusError, statusLoading, statusReady, totalBytes } from '../../src/lib/lm/model-status';
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

  it('progress tells the truth: expected size before the big file appears, compressed totals, no full bar that waits', () => {
    const mb = (n: number): string => `${n}B`;
    let s = statusLoading(initialStatus('m'), 'm');
    expect(loadProgress(s, 1000, mb)).toMatchObject({ step: 'starting', value: null, max: null });
    // Only the small config is known: the bar is out of the registry's 1000 bytes, not 10.
    s = applyProgress(s, { kind: 'file', file: 'config.json', loaded: 10, total: 10, status: 'progress' });
    s = applyProgress(s, { kind: 'file', file: 'config.json', loaded: 10, total: 10, status: 'done' });
    expect(loadProgress(s, 1000, mb)).toEqual({ step: 'downloading', text: 'Downloading 10B of 1000B', value: 10, max: 1000 });
    // A compressing host: Content-Length 300 for a file that reads as 600 bytes.
    s = applyProgress(s, { kind: 'file', file: 'tokenizer.json', loaded: 600, total: 300, status: 'progress' });
    expect(s.files[1]).toMatchObject({ loaded: 600, total: 600 });
    s = applyProgress(s, { kind: 'file', file: 'tokenizer.json', loaded: 600, total: 300, status: 'done' });
    s = applyProgress(s, { kind: 'file', file: 'onnx/model.onnx', loaded: 200, total: 390, status: 'progress' });
    expect(loadProgress(s, 1000, mb)).toMatchObject({ step: 'downloading', value: 810, max: 1000 });
    s = applyProgress(s, { kind: 'file', file: 'onnx/model.onnx', loaded: 390, total: 390, status: 'done' });
    // Everything is in: an indeterminate bar that says what is happening.
    expect(loadProgress(s, 1000, mb)).toEqual({ step: 'setting-up', text: 'Downloaded 1000B; setting the model up…', value: null, max: null });
  });
});
