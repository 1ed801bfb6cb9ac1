/**
 * Which models this browser has loaded (localStorage, robust to junk and blocked storage) and
 * the plan for a figure coming into view.
 */
import { describe, expect, it } from 'vitest';
import { LOADED_MAX_AGE_MS, LOADED_MODELS_KEY, WARM_START_MAX_BYTES, loadedBefore, rememberLoaded, warmStartPlan } from '../../src/lib/lm/warm-start';
import type { KeyValueStorage } from '../../src/lib/storage/safe-storage';

function mapStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const DAY = 24 * 3600 * 1000;

describe('models this browser has loaded', () => {
  it('remembers each model with its time, and forgets after the age limit', () => {
    const s = mapStorage();
    rememberLoaded(s, 'a', 1_000 * DAY);
    rememberLoaded(s, 'b', 1_010 * DAY);
    expect(JSON.parse(s.map.get(LOADED_MODELS_KEY)!)).toEqual({ a: 1_000 * DAY, b: 1_010 * DAY });
    expect(loadedBefore(s, 'a', 1_001 * DAY)).toBe(true);
    expect(loadedBefore(s, 'a', 1_000 * DAY + LOADED_MAX_AGE_MS)).toBe(true);
    expect(loadedBefore(s, 'a', 1_000 * DAY + LOADED_MAX_AGE_MS + 1)).toBe(false);
    expect(loadedBefore(s, 'c', 1_001 * DAY)).toBe(false);
    // A time in the future (a clock set back) is not trusted.
    expect(loadedBefore(s, 'b', 1_005 * DAY)).toBe(false);
  });

  it('reads junk as nothing and overwrites it', () => {
    for (const junk of ['not json', '[1,2]', 'null', '{"a":"yesterday","b":1}']) {
      const s = mapStorage();
      s.map.set(LOADED_MODELS_KEY, junk);
      expect(loadedBefore(s, 'a', 10)).toBe(false);
      rememberLoaded(s, 'c', 5);
      expect(loadedBefore(s, 'c', 6)).toBe(true);
    }
  });

  it('never throws when storage is missing or refuses', () => {
    const refusing: KeyValueStorage = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => undefined,
    };
    expect(() => rememberLoaded(refusing, 'a')).not.toThrow();
    expect(loadedBefore(refusing, 'a')).toBe(false);
    expect(() => rememberLoaded(null, 'a')).not.toThrow();
    expect(loadedBefore(null, 'a')).toBe(false);
  });
});

describe('warmStartPlan', () => {
  const small = 10_000_000;
  it('loads a small model this browser loaded before', () => {
    expect(warmStartPlan({ loadedBefore: true, downloadBytes: small, saveData: false })).toBe('load-model');
    expect(warmStartPlan({ loadedBefore: true, downloadBytes: WARM_START_MAX_BYTES, saveData: false })).toBe('load-model');
  });
  it('otherwise only starts the worker: never loaded here, too large, data saver on, or nothing to download', () => {
    expect(warmStartPlan({ loadedBefore: false, downloadBytes: small, saveData: false })).toBe('start-worker');
    expect(warmStartPlan({ loadedBefore: true, downloadBytes: WARM_START_MAX_BYTES + 1, saveData: false })).toBe('start-worker');
    expect(warmStartPlan({ loadedBefore: true, downloadBytes: small, saveData: true })).toBe('start-worker');
    expect(warmStartPlan({ loadedBefore: true, downloadBytes: null, saveData: false })).toBe('start-worker');
  });
});
