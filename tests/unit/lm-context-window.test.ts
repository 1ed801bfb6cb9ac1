/** Windows over inputs longer than the context: never more than C ids, with what was cut. */
import { describe, expect, it } from 'vitest';
import { contextWindow, scoringWindow, slideKeep, slideWindow } from '../../src/lib/lm/context-window';

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => i + from);

describe('scoringWindow', () => {
  it('keeps [bos] + text when it fits, scoring every token', () => {
    expect(scoringWindow([5, 6, 7], 99, 8)).toEqual({ input: [99, 5, 6, 7], firstScored: 0, droppedTokens: 0 });
  });
  it('keeps the last C ids when too long; the first kept one is context only', () => {
    const ids = range(10, 100); // 100..109; with bos, 11 ids
    const w = scoringWindow(ids, 1, 4);
    expect(w.input).toEqual([106, 107, 108, 109]);
    expect(w.firstScored).toBe(7);
    expect(w.droppedTokens).toBe(7);
    expect(ids.length - w.firstScored).toBe(3); // C − 1 scored
  });
  it('without a bos, the first token cannot be scored (but is not reported as dropped)', () => {
    expect(scoringWindow([5, 6], null, 8)).toEqual({ input: [5, 6], firstScored: 1, droppedTokens: 0 });
  });
  it('exactly C ids with bos is not truncated', () => {
    expect(scoringWindow(range(3), 9, 4).droppedTokens).toBe(0);
  });
});

describe('contextWindow and sliding', () => {
  it('keeps the last C of [bos] + ids', () => {
    expect(contextWindow([1, 2], 0, 5)).toEqual({ input: [0, 1, 2], droppedTokens: 0 });
    expect(contextWindow(range(6, 1), 0, 4)).toEqual({ input: [3, 4, 5, 6], droppedTokens: 2 });
    expect(contextWindow([], 0, 4)).toEqual({ input: [0], droppedTokens: 0 });
  });
  it('slides to the last C − ⌊C/4⌋ tokens', () => {
    expect(slideKeep(256)).toBe(192);
    expect(slideWindow(range(256), 256)).toEqual(range(192, 64));
    expect(slideKeep(1)).toBe(1);
  });
  it('refuses a window smaller than the minimum', () => {
    expect(() => scoringWindow([1], 0, 1)).toThrow(RangeError);
  });
});
