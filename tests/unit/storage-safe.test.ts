/** Storage that is missing, blocked or full never throws into a page. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserStorage, readItem, removeItem, writeItem } from '../../src/lib/storage/safe-storage';
import type { KeyValueStorage } from '../../src/lib/storage/safe-storage';

function mapStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}
const throwing: KeyValueStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
};

afterEach(() => vi.unstubAllGlobals());

describe('safe storage', () => {
  it('reads, writes and removes through a working storage', () => {
    const s = mapStorage();
    expect(readItem(s, 'k')).toEqual({ ok: true, value: null });
    expect(writeItem(s, 'k', 'v')).toBe(true);
    expect(readItem(s, 'k')).toEqual({ ok: true, value: 'v' });
    expect(removeItem(s, 'k')).toBe(true);
    expect(s.map.size).toBe(0);
  });
  it('no storage reads as nothing saved and refuses writes', () => {
    expect(readItem(null, 'k')).toEqual({ ok: true, value: null });
    expect(writeItem(null, 'k', 'v')).toBe(false);
    expect(removeItem(null, 'k')).toBe(false);
  });
  it('a storage that throws is reported, not thrown', () => {
    expect(readItem(throwing, 'k')).toEqual({ ok: false, blocked: true });
    expect(writeItem(throwing, 'k', 'v')).toBe(false);
    expect(removeItem(throwing, 'k')).toBe(false);
  });
  it('browserStorage: null where localStorage is missing or its access throws', () => {
    vi.stubGlobal('localStorage', undefined);
    expect(browserStorage()).toBeNull();
    const s = mapStorage();
    vi.stubGlobal('localStorage', s);
    expect(browserStorage()).toBe(s);
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => { throw new Error('SecurityError'); } });
    expect(browserStorage()).toBeNull();
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, value: undefined, writable: true });
  });
});
