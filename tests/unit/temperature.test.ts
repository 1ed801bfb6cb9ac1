/**
 * Temperature widget logic: the before/after table equals the textbook formulas
 * (p^(1/T) / Σ p^(1/T), cut, renormalise), T = 0 is the argmax, batch draws equal repeated
 * `sampleToken`, and a seed replays the same draws. Also on the real model's distribution.
 */
import { describe, expect, it } from 'vitest';
import { drawCounts, MAX_DRAWS } from '../../src/lib/temperature/draw-counts';
import { fullDistribution, temperatureView } from '../../src/lib/temperature/temperature-view';
import { createRng } from '../../src/lib/sampling/prng';
import { reshape, sampleToken } from '../../src/lib/sampling/reshape';
import { FULL_DISTRIBUTION_K } from '../../src/lib/next-token/next-token-view';
import { haveModel, tinyEngine } from './lm-engine-helpers';

// The "cat sat on the" example of the sampling page: mat, floor, bed, sofa, roof.
const P = [0.4, 0.25, 0.15, 0.12, 0.08];
const dist = fullDistribution(P.map((p, id) => ({ id, text: ['mat', 'floor', 'bed', 'sofa', 'roof'][id]!, logp: Math.log(p) })), 5);

/** p^(1/T) renormalised: the formula of the notes, computed independently. */
function powerRenorm(p: number[], T: number): number[] {
  const w = p.map((x) => x ** (1 / T));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

describe('temperatureView on the worked example', () => {
  it('T = 0.5 and T = 2 equal p^(1/T) renormalised (the page table: 0.602 … 0.294 …)', () => {
    for (const T of [0.5, 2]) {
      const v = temperatureView(dist, { temperature: T, topK: 0, topP: 1 }, 1, 0, 5);
      const want = powerRenorm(P, T);
      v.rows.forEach((r, i) => {
        expect(r.atT).toBeCloseTo(want[i]!, 12);
        expect(r.after).toBeCloseTo(want[i]!, 12);
        expect(r.before).toBeCloseTo(P[i]!, 12);
        expect(r.kept).toBe(true);
      });
      expect(v.keptMass).toBeCloseTo(1, 12);
    }
    const half = temperatureView(dist, { temperature: 0.5, topK: 0, topP: 1 }, 1, 0, 5);
    expect(half.rows[0]!.after).toBeCloseTo(0.602, 3);
  });
  it('top-k 3 keeps mass 0.80 and divides by it', () => {
    const v = temperatureView(dist, { temperature: 1, topK: 3, topP: 1 }, 1, 0, 5);
    expect(v.keptCount).toBe(3);
    expect(v.keptMass).toBeCloseTo(0.8, 12);
    expect(v.rows.map((r) => r.after)).toEqual([0.5, 0.3125, 0.1875, 0, 0].map((x) => expect.closeTo(x, 12)));
    expect(v.rows.map((r) => r.kept)).toEqual([true, true, true, false, false]);
  });
  it('top-p 0.9 keeps four tokens (mass 0.92); at T = 0.5 only three', () => {
    const v = temperatureView(dist, { temperature: 1, topK: 0, topP: 0.9 }, 1, 0, 5);
    expect(v.keptCount).toBe(4);
    expect(v.keptMass).toBeCloseTo(0.92, 12);
    expect(v.rows[0]!.after).toBeCloseTo(0.4 / 0.92, 12);
    const cold = temperatureView(dist, { temperature: 0.5, topK: 0, topP: 0.9 }, 1, 0, 5);
    expect(cold.keptCount).toBe(3);
  });
  it('T = 0 gives the argmax probability 1, whatever the seed', () => {
    for (let seed = 0; seed < 20; seed++) {
      const v = temperatureView(dist, { temperature: 0, topK: 0, topP: 1 }, seed, 50, 5);
      expect(v.greedy).toBe(true);
      expect(v.rows[0]!.after).toBe(1);
      expect(v.rows[0]!.atT).toBe(1);
      expect(v.rows[0]!.observed).toBe(50);
      expect(v.rows.slice(1).every((r) => r.after === 0 && r.observed === 0)).toBe(true);
      expect(v.firstDraws.every((t) => t === 'mat')).toBe(true);
    }
  });
  it('expected counts are draws × p and observed counts add up', () => {
    const v = temperatureView(dist, { temperature: 1, topK: 0, topP: 1 }, 7, 1000, 3);
    expect(v.rows[0]!.expected).toBeCloseTo(400, 9);
    expect(v.rows.reduce((s, r) => s + r.observed, 0) + v.rest.observed).toBe(1000);
    expect(v.rest.before).toBeCloseTo(0.2, 12);
    expect(v.rest.kept).toBe(2);
  });
});

describe('drawCounts', () => {
  const r = reshape(dist.logits, { temperature: 1, topK: 0, topP: 1 });
  it('equals n calls of sampleToken with the same generator', () => {
    const batch = drawCounts(r, 123, 500);
    const rng = createRng(123);
    const one = Array.from({ length: 500 }, () => sampleToken(dist.logits, { temperature: 1, topK: 0, topP: 1 }, rng).id);
    expect(Array.from(batch.order)).toEqual(one);
  });
  it('replays with the same seed, differs with another', () => {
    expect(Array.from(drawCounts(r, 5, 50).order)).toEqual(Array.from(drawCounts(r, 5, 50).order));
    expect(Array.from(drawCounts(r, 5, 50).order)).not.toEqual(Array.from(drawCounts(r, 6, 50).order));
  });
  it('rejects a bad number of draws', () => {
    expect(() => drawCounts(r, 1, -1)).toThrow(RangeError);
    expect(() => drawCounts(r, 1, MAX_DRAWS + 1)).toThrow(RangeError);
    expect(() => drawCounts(r, 1, 1.5)).toThrow(RangeError);
  });
});

const d = haveModel ? describe : describe.skip;
d('temperatureView on the real model ("The cat sat on the")', () => {
  it('matches softmax(logp / T), renormalised over the kept set, to 1e-9', async () => {
    const engine = await tinyEngine();
    const res = await engine.next({ text: 'The cat sat on the' }, FULL_DISTRIBUTION_K);
    expect(res.top).toHaveLength(engine.info.vocabSize);
    const full = fullDistribution(res.top, engine.info.vocabSize);
    // Independent: p^(1/T) over all tokens, sorted; top-k 3 then top-p 0.9 by hand.
    const ps = res.top.map((c) => c.p);
    for (const T of [0.3, 0.7, 1, 1.8]) {
      const pt = powerRenorm(ps, T);
      const v = temperatureView(full, { temperature: T, topK: 3, topP: 0.9 }, 1, 100, 10);
      const top3 = pt.slice(0, 3);
      const s3 = top3.reduce((a, b) => a + b, 0);
      let keep = 0;
      let acc = 0;
      while (acc < 0.9 * s3) acc += top3[keep++]!;
      const kept = top3.slice(0, keep);
      const mass = kept.reduce((a, b) => a + b, 0);
      expect(v.keptCount).toBe(keep);
      expect(v.keptMass).toBeCloseTo(mass, 9);
      v.rows.forEach((r, i) => {
        expect(r.id).toBe(res.top[i]!.id);
        expect(r.atT).toBeCloseTo(pt[i]!, 9);
        expect(r.after).toBeCloseTo(i < keep ? pt[i]! / mass : 0, 9);
      });
    }
  }, 60_000);
});
