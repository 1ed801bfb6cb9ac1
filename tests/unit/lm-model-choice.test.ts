/** The reader's model choice in localStorage, validated against the registry. */
import { describe, expect, it } from 'vitest';
import { MODEL_STORAGE_KEY, readModelChoice, saveModelChoice } from '../../src/lib/lm/model-choice';
import type { KeyValueStorage as StorageLike } from '../../src/lib/storage/safe-storage';
import { MODELS, findModel } from '../../src/lib/lm/registry';
import { siteConfig } from '../../src/site.config';

function memoryStorage(init: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('model choice', () => {
  it('defaults to the site model, which is in the registry', () => {
    expect(findModel(siteConfig.defaultModel)).toBeDefined();
    expect(readModelChoice(memoryStorage())).toEqual({ id: siteConfig.defaultModel, notice: null });
    expect(readModelChoice(null)).toEqual({ id: siteConfig.defaultModel, notice: null });
  });
  it('returns a saved known model', () => {
    const s = memoryStorage();
    saveModelChoice(s, 'HuggingFaceTB/SmolLM2-135M-Instruct');
    expect(s.data.get(MODEL_STORAGE_KEY)).toBe('HuggingFaceTB/SmolLM2-135M-Instruct');
    expect(readModelChoice(s).id).toBe('HuggingFaceTB/SmolLM2-135M-Instruct');
  });
  it('replaces an unknown saved id by the default, with a plain-English notice, and forgets it', () => {
    const s = memoryStorage({ [MODEL_STORAGE_KEY]: 'gpt-17' });
    const r = readModelChoice(s);
    expect(r.id).toBe(siteConfig.defaultModel);
    expect(r.notice?.code).toBe('unknown-model');
    expect(r.notice?.message).toContain('"gpt-17"');
    expect(s.data.has(MODEL_STORAGE_KEY)).toBe(false);
  });
  it('refuses to save an unknown id', () => {
    expect(() => saveModelChoice(memoryStorage(), 'gpt-17')).toThrow(/Unknown model/);
  });
  it('every registry entry is usable: dtypes per backend, context caps, Gemma never fp16 on WebGPU', () => {
    for (const m of MODELS) {
      expect(m.runtimeContext).toBeLessThanOrEqual(m.contextLength);
      expect(m.dtypes.wasm).toBeTruthy();
      expect(m.bosToken.length).toBeGreaterThan(0);
    }
    const gemma = findModel('onnx-community/gemma-3-270m-it-ONNX')!;
    expect(gemma.dtypes.webgpu).toBe('fp32');
    expect(gemma.dtypes.webgpuWithoutF16 ?? 'fp32').toBe('fp32');
  });
});
