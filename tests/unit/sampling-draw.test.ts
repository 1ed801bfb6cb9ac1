import { describe, expect, it } from 'vitest';
import { softmax } from '../../src/lib/math/softmax';
import { cumulative, drawFromCumulative, drawIndex } from '../../src/lib/sampling/draw';
import { createRng } from '../../src/lib/sampling/prng';
import { reshape, sampleToken, type SamplingSettings } from '../../src/lib/sampling/reshape';
import { chiSquare, chiSquareCritical, normalQuantile } from './helpers/chi-square';

describe('chi-square helper', () => {
  it('computes Pearson’s statistic', () => {
    expect(chiSquare([15, 15], [0.5, 0.5]).statistic).toBe(0);
    // (10−15)²/15 + (20−15)²/15 = 50/15
    expect(chiSquare([10, 20], [1, 1]).statistic).toBeCloseTo(50 / 15, 12);
    expect(chiSquare([10, 20], [1, 1]).degreesOfFreedom).toBe(1);
  });

  it('pools bins that expect fewer than 5 draws', () => {
    // 100 draws: expected 90, 4, 3, 3 → bins {90}, {10 pooled} → 1 degree of freedom
    const r = chiSquare([88, 5, 4, 3], [0.9, 0.04, 0.03, 0.03]);
    expect(r.bins).toBe(2);
    expect(r.statistic).toBeCloseTo((88 - 90) ** 2 / 90 + (12 - 10) ** 2 / 10, 12);
  });

  it('has accurate critical values (Wilson–Hilferty vs. published 0.999 quantiles)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 4);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 3);
    // df = 2 is exact: the χ²₂ distribution is exponential, quantile −2 ln(1 − q).
    expect(Math.abs(chiSquareCritical(2) / (-2 * Math.log(0.001)) - 1)).toBeLessThan(0.03);
    const published: [number, number][] = [[5, 20.515], [10, 29.588], [20, 45.315], [30, 59.703], [50, 86.661], [100, 149.449]];
    for (const [df, value] of published) expect(Math.abs(chiSquareCritical(df) / value - 1)).toBeLessThan(0.015);
  });
});

describe('cumulative', () => {
  it('is the running sum, treating non-positive entries as 0', () => {
    expect(Array.from(cumulative([0.25, 0, 0.5, 0.25]))).toEqual([0.25, 0.25, 0.75, 1]);
    expect(Array.from(cumulative([1, -2, NaN, 3]))).toEqual([1, 1, 1, 4]);
    expect(cumulative([]).length).toBe(0);
  });
});

describe('drawIndex', () => {
  it('inverts the CDF: first index whose cumulative sum exceeds r · total', () => {
    const p = [0.2, 0, 0.3, 0.5];
    expect(drawIndex(p, 0)).toBe(0);
    expect(drawIndex(p, 0.19999)).toBe(0);
    expect(drawIndex(p, 0.2)).toBe(2); // skips the zero at index 1
    expect(drawIndex(p, 0.49)).toBe(2);
    expect(drawIndex(p, 0.5)).toBe(3);
    expect(drawIndex(p, 0.999999)).toBe(3);
  });

  it('works for unnormalised weights (rescales by their total)', () => {
    expect(drawIndex([2, 6], 0.24)).toBe(0);
    expect(drawIndex([2, 6], 0.26)).toBe(1);
  });

  it('never returns a zero-probability index, even at r = 0 or r → 1', () => {
    const rng = createRng(12);
    const edges = [0, 1 - 2 ** -53, 1, 0.5];
    for (let trial = 0; trial < 300; trial++) {
      const V = 1 + Math.floor(rng() * 12);
      const p = Array.from({ length: V }, () => (rng() < 0.5 ? 0 : rng() * 1e-3));
      p[Math.floor(rng() * V)] = 1e-300 + rng(); // at least one positive entry
      const c = cumulative(p);
      for (const r of [...edges, rng()]) {
        const i = drawIndex(p, r);
        expect(p[i]).toBeGreaterThan(0);
        expect(drawFromCumulative(c, r)).toBe(i);
      }
    }
    expect(drawIndex([0, 0, 5, 0], 0.999999999)).toBe(2);
    expect(drawIndex([0, 0, 5, 0], 1)).toBe(2);
  });

  it('agrees with a linear scan on random inputs', () => {
    const rng = createRng(13);
    for (let trial = 0; trial < 500; trial++) {
      const V = 1 + Math.floor(rng() * 20);
      const p = Array.from({ length: V }, () => (rng() < 0.3 ? 0 : rng()));
      if (!p.some((x) => x > 0)) p[0] = 1;
      const r = rng();
      const total = p.reduce((a, b) => a + b, 0);
      let running = 0;
      let expected = -1;
      for (let i = 0; i < V && expected < 0; i++) {
        running += p[i]!;
        if (running > r * total) expected = i;
      }
      expect(drawIndex(p, r)).toBe(expected);
    }
  });

  it('rejects bad r and distributions without positive mass', () => {
    for (const r of [-0.1, 1.5, NaN]) expect(() => drawIndex([1], r)).toThrow(RangeError);
    expect(() => drawIndex([0, 0], 0.5)).toThrow(RangeError);
    expect(() => drawIndex([], 0.5)).toThrow(RangeError);
    expect(() => drawIndex([1, Infinity], 0.5)).toThrow(RangeError);
  });

  it('draws with the right frequencies (χ², unnormalised weights with zeros)', () => {
    const weights = [3, 0, 1, 0.5, 0, 2, 0.25, 0, 4];
    const rng = createRng(21);
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < 20_000; i++) counts[drawIndex(weights, rng())]!++;
    weights.forEach((w, i) => {
      if (w === 0) expect(counts[i]).toBe(0);
    });
    const { statistic, degreesOfFreedom } = chiSquare(counts, weights);
    expect(statistic).toBeLessThan(chiSquareCritical(degreesOfFreedom));
  });
});

describe('sampleToken frequencies (χ² goodness of fit, 10,000 draws)', () => {
  // A fixed random logit vector, V = 50, roughly N(0, 2²).
  const V = 50;
  const logitRng = createRng(314159);
  const z = Array.from({ length: V }, () => {
    const u = 1 - logitRng();
    return 2 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * logitRng());
  });
  const DRAWS = 10_000;

  function drawCounts(s: SamplingSettings, seed: number): number[] {
    const rng = createRng(seed);
    const counts = new Array<number>(V).fill(0);
    for (let i = 0; i < DRAWS; i++) counts[sampleToken(z, s, rng).id]!++;
    return counts;
  }

  const settings: SamplingSettings[] = [
    { temperature: 1, topK: 0, topP: 1 },
    { temperature: 0.7, topK: 0, topP: 1 },
    { temperature: 1.8, topK: 0, topP: 1 },
    { temperature: 1, topK: 10, topP: 1 },
    { temperature: 1.3, topK: 0, topP: 0.9 },
    { temperature: 0.8, topK: 20, topP: 0.8 },
    { temperature: 2.5, topK: 30, topP: 0.95 },
  ];

  it.each(settings)('matches the reshaped distribution for %j', (s) => {
    const dist = reshape(z, s);
    const counts = drawCounts(s, 1000 + s.topK);
    const kept = new Set(dist.ids);
    counts.forEach((c, id) => {
      if (!kept.has(id)) expect(c, `token ${id} is outside the kept set`).toBe(0);
    });
    const observed = Array.from(dist.ids, (id) => counts[id]!);
    expect(observed.reduce((a, b) => a + b, 0)).toBe(DRAWS);
    const { statistic, degreesOfFreedom } = chiSquare(observed, dist.probs);
    expect(degreesOfFreedom).toBeGreaterThan(0);
    expect(statistic).toBeLessThan(chiSquareCritical(degreesOfFreedom));
  });

  it('has the power to detect a wrong distribution', () => {
    // Draw at T = 1.8 but test against the T = 1 distribution: must fail.
    const counts = drawCounts({ temperature: 1.8, topK: 0, topP: 1 }, 5);
    const { statistic, degreesOfFreedom } = chiSquare(counts, softmax(z));
    expect(statistic).toBeGreaterThan(chiSquareCritical(degreesOfFreedom));
  });

  it('always returns the argmax when T = 0', () => {
    const counts = drawCounts({ temperature: 0, topK: 0, topP: 1 }, 9);
    const argmax = z.indexOf(Math.max(...z));
    expect(counts[argmax]).toBe(DRAWS);
  });

  it('reports the drawn token’s reshaped probability', () => {
    const rng = createRng(4);
    const s = { temperature: 0.9, topK: 15, topP: 0.9 };
    for (let i = 0; i < 50; i++) {
      const { id, p, dist } = sampleToken(z, s, rng);
      const j = Array.from(dist.ids).indexOf(id);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(p).toBe(dist.probs[j]);
    }
  });
});
