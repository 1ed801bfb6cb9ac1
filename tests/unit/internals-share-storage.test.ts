import { describe, expect, it } from 'vitest';
import { presetState, setDraftText } from '../../src/lib/internals/conversation';
import { decodeShareHash, encodeShareHash } from '../../src/lib/internals/share';
import { CORRUPT_KEY, STORAGE_KEY, loadSaved, saveState } from '../../src/lib/internals/storage';
import type { KeyValueStorage } from '../../src/lib/internals/storage';

function memory(init: Record<string, string> = {}): KeyValueStorage & { data: Record<string, string> } {
  const data = { ...init };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
    removeItem: (k) => {
      delete data[k];
    },
  };
}

describe('share hash', () => {
  it('round-trips a state with non-ASCII text', () => {
    const s = setDraftText(presetState('Où est Zürich? 日本 🙂'), 'Ça va');
    const h = encodeShareHash(s);
    expect(h).toMatch(/^#c=[A-Za-z0-9_-]+$/);
    expect(decodeShareHash(h)).toEqual({ ok: true, value: s });
  });
  it('ignores other hashes and reports damaged ones', () => {
    expect(decodeShareHash('')).toBeNull();
    expect(decodeShareHash('#section')).toBeNull();
    expect(decodeShareHash('#c=%%%')?.ok).toBe(false);
    const cut = encodeShareHash(presetState()).slice(0, 30);
    expect(decodeShareHash(cut)?.ok).toBe(false);
  });
});

describe('storage', () => {
  it('saves and loads', () => {
    const st = memory();
    expect(loadSaved(st)).toEqual({ state: null, notice: null });
    const s = setDraftText(presetState(), 'x');
    expect(saveState(st, s)).toBe(true);
    expect(loadSaved(st)).toEqual({ state: s, notice: null });
    expect(loadSaved(null)).toEqual({ state: null, notice: null });
  });
  it('moves unreadable data aside with a notice', () => {
    const st = memory({ [STORAGE_KEY]: '{"messages": 5' });
    const r = loadSaved(st);
    expect(r.state).toBeNull();
    expect(r.notice).toMatch(/could not be read/);
    expect(st.data[CORRUPT_KEY]).toBe('{"messages": 5');
    expect(st.data[STORAGE_KEY]).toBeUndefined();
  });
  it('survives a storage that throws', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => undefined,
    };
    expect(loadSaved(broken).notice).toMatch(/does not let this page read/);
    expect(saveState(broken, presetState())).toBe(false);
  });
});
