import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/sampling/prng';
import { createBigramModel } from '../../src/lib/train/bigram-model';
import { buildVocabulary } from '../../src/lib/train/vocabulary';
import { scoreText } from '../../src/lib/train/scoring';
import { findLoop } from '../../src/lib/train/loops';
import { projectTo2d } from '../../src/lib/train/projection';
import { compareDistributions } from '../../src/lib/train/distribution-distance';
import { applySlotProgress, emptySlotState, thinHistory } from '../../src/lib/train/slot-state';
import type { SlotProgress } from '../../src/lib/train/protocol';

describe('scoring a held-out text', () => {
  // A hand-set bigram model over <unk>, a, b: after a → b with p = 1/2 … every logit known.
  const vocab = buildVocabulary(['a', 'b']);
  const model = createBigramModel(3, createRng(1));
  model.params.set([0, 0, 0, /* after a: */ 0, Math.log(1), Math.log(3), /* after b: */ 0, Math.log(7), 0]);

  it('gives per-token bits, bits per token and perplexity; the first token is context only', () => {
    const s = scoreText(model, vocab, 'words', 'a b a');
    // p(b | a) = 3 / (1 + 1 + 3) = 0.6; p(a | b) = 7 / (1 + 7 + 1) = 7/9
    expect(s.tokens.map((t) => t.token)).toEqual(['a', 'b', 'a']);
    expect(s.tokens[0]?.bits).toBeNull();
    expect(s.tokens[1]?.bits).toBeCloseTo(-Math.log2(0.6), 12);
    expect(s.tokens[2]?.bits).toBeCloseTo(-Math.log2(7 / 9), 12);
    expect(s.scored).toBe(2);
    expect(s.totalBits).toBeCloseTo(-Math.log2(0.6) - Math.log2(7 / 9), 12);
    expect(s.bitsPerToken).toBeCloseTo(s.totalBits / 2, 12);
    expect(s.perplexity).toBeCloseTo(2 ** s.bitsPerToken, 12);
    expect(s.unknownCount).toBe(0);
  });

  it('scores unknown tokens as <unk>', () => {
    const s = scoreText(model, vocab, 'words', 'a zebra');
    expect(s.tokens[1]).toMatchObject({ token: 'zebra', id: 0, unknown: true });
    expect(s.tokens[1]?.bits).toBeCloseTo(-Math.log2(1 / 5), 12);
    expect(s.unknownCount).toBe(1);
  });

  it('needs two tokens', () => {
    expect(() => scoreText(model, vocab, 'words', 'a')).toThrow(/at least two tokens/);
    expect(() => scoreText(model, vocab, 'words', '')).toThrow(RangeError);
  });
});

describe('findLoop', () => {
  it('finds the cycle a greedy bigram sample falls into', () => {
    expect(findLoop([5, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1])).toEqual({ start: 1, period: 3, repeats: 10 / 3 });
    expect(findLoop([1, 1, 1, 1, 1, 1, 1])).toEqual({ start: 0, period: 1, repeats: 7 });
  });
  it('finds nothing in a sequence without a long enough repeating tail', () => {
    expect(findLoop([1, 2, 3, 4, 5, 6, 7, 8])).toBeNull();
    expect(findLoop([1, 2, 3, 4, 5, 6, 7, 7])).toBeNull(); // too short to count
    expect(findLoop([])).toBeNull();
  });
});

describe('projectTo2d', () => {
  it('keeps 2-D vectors as they are', () => {
    expect(projectTo2d([[1, 2], [3, 4]])).toEqual([{ x: 1, y: 2 }, { x: 3, y: 4 }]);
  });
  it('recovers points that lie in a plane of a higher-dimensional space (distances kept)', () => {
    const plane: [number, number][] = [[0, 0], [3, 0], [0, 1], [2, 2], [-1, 0.5]];
    const u = [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3), 0];
    const v = [1 / Math.sqrt(2), -1 / Math.sqrt(2), 0, 0];
    const lifted = plane.map(([a, b]) => u.map((ui, i) => 5 + a * ui + b * (v[i] as number)));
    const p = projectTo2d(lifted);
    const dist = (i: number, j: number, pts: { x: number; y: number }[]) => Math.hypot((pts[i] as { x: number }).x - (pts[j] as { x: number }).x, (pts[i] as { y: number }).y - (pts[j] as { y: number }).y);
    const flat = plane.map(([x, y]) => ({ x, y }));
    for (let i = 0; i < plane.length; i++) for (let j = 0; j < i; j++) expect(dist(i, j, p)).toBeCloseTo(dist(i, j, flat), 6);
    // the first direction carries more spread than the second
    const spread = (k: 'x' | 'y') => p.reduce((s, q) => s + q[k] ** 2, 0);
    expect(spread('x')).toBeGreaterThanOrEqual(spread('y'));
  });
});

describe('compareDistributions', () => {
  it('measures the largest difference and the total variation distance', () => {
    expect(compareDistributions([0.5, 0.5, 0], [0.2, 0.5, 0.3])).toEqual({ maxAbsDifference: 0.3, totalVariation: 0.3 });
    expect(compareDistributions([1, 0], [1, 0])).toEqual({ maxAbsDifference: 0, totalVariation: 0 });
    expect(() => compareDistributions([1], [0.5, 0.5])).toThrow(RangeError);
  });
});

describe('slot state', () => {
  const progress = (over: Partial<SlotProgress>): SlotProgress => ({
    slot: 'bigram',
    run: 1,
    phase: 'running',
    step: 10,
    targetStep: 100,
    lossBits: 2,
    newPoints: [{ step: 10, bits: 2 }],
    embedding: null,
    embeddingView: 'projected',
    stepsPerSecond: 500,
    ...over,
  });

  it('appends loss points and keeps the last picture when a message has none', () => {
    let s = applySlotProgress(emptySlotState(), progress({ embedding: [{ token: 'a', x: 1, y: 2 }] }));
    s = applySlotProgress(s, progress({ step: 20, lossBits: 1.5, newPoints: [{ step: 20, bits: 1.5 }] }));
    expect(s.history).toEqual([{ step: 10, bits: 2 }, { step: 20, bits: 1.5 }]);
    expect(s.embedding).toEqual([{ token: 'a', x: 1, y: 2 }]);
    expect(s.lossBits).toBe(1.5);
    expect(s.step).toBe(20);
  });

  it('thins a long history but keeps its newest half and its last point', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => ({ step: i + 1, bits: 1 }));
    const t = thinHistory(pts, 600);
    expect(t.length).toBeLessThanOrEqual(600);
    expect(t.at(-1)).toEqual({ step: 1000, bits: 1 });
    expect(t.slice(-300)).toEqual(pts.slice(-300));
  });
});
