import { describe, expect, it } from 'vitest';
import { logSoftmax, logSumExp, maxLogit, softmax } from '../../src/lib/math/softmax';
import { createRng } from '../../src/lib/sampling/prng';

/** Textbook softmax with no max-shift, only valid for moderate logits. */
function naiveSoftmax(z: number[], T = 1): number[] {
  const e = z.map((x) => Math.exp(x / T));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function randomLogits(seed: number, V: number, scale = 5): number[] {
  const rng = createRng(seed);
  return Array.from({ length: V }, () => (rng() * 2 - 1) * scale);
}

const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);

describe('softmax', () => {
  it('matches a naive computation on random moderate logits, at several temperatures', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const z = randomLogits(seed, 1 + (seed * 7) % 40);
      for (const T of [0.25, 0.5, 1, 2, 7]) {
        const p = softmax(z, T);
        const q = naiveSoftmax(z, T);
        expect(p.length).toBe(z.length);
        for (let i = 0; i < z.length; i++) expect(p[i]).toBeCloseTo(q[i]!, 14);
      }
    }
  });

  it('sums to 1 and is non-negative', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const p = softmax(randomLogits(seed, 100, 30), 0.7);
      expect(sum(p)).toBeCloseTo(1, 12);
      for (const x of p) expect(x).toBeGreaterThanOrEqual(0);
    }
  });

  it('is unchanged by adding the same constant to every logit', () => {
    const z = randomLogits(3, 30);
    const p = softmax(z);
    for (const c of [-500, -3.5, 0.1, 42, 900]) {
      const shifted = softmax(z.map((x) => x + c));
      for (let i = 0; i < z.length; i++) expect(shifted[i]).toBeCloseTo(p[i]!, 12);
    }
  });

  it('is stable for huge logits', () => {
    const p = softmax([1000, -1000]);
    expect(Array.from(p)).toEqual([1, 0]);
    const q = softmax([1000, 1000, 999]);
    const e = Math.exp(-1);
    expect(q[0]).toBeCloseTo(1 / (2 + e), 14);
    expect(q[2]).toBeCloseTo(e / (2 + e), 14);
    const r = softmax([-1000, -1001]);
    expect(r[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 14);
    for (const x of [...p, ...q, ...r]) expect(Number.isFinite(x)).toBe(true);
  });

  it('with temperature T equals softmax(z / T)', () => {
    const z = randomLogits(11, 25, 20);
    for (const T of [0.01, 0.3, 1, 3, 1000]) {
      const a = softmax(z, T);
      const b = softmax(z.map((x) => x / T));
      for (let i = 0; i < z.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 12);
    }
  });

  it('gives −∞ logits probability 0', () => {
    const p = softmax([0, -Infinity, Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 15);
    expect(p[1]).toBe(0);
    expect(p[2]).toBeCloseTo(0.75, 15);
  });

  it('rejects temperatures that are not finite and > 0', () => {
    for (const T of [0, -1, NaN, Infinity, -Infinity]) expect(() => softmax([1, 2], T)).toThrow(RangeError);
  });

  it('handles empty input and inputs with no finite logit', () => {
    expect(softmax([]).length).toBe(0);
    expect(Number.isNaN(softmax([-Infinity, -Infinity])[0])).toBe(true);
    expect(Number.isNaN(softmax([1, NaN])[0])).toBe(true);
  });
});

describe('logSumExp', () => {
  it('matches log(Σ exp) on moderate logits', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const z = randomLogits(seed, 1 + seed * 3);
      expect(logSumExp(z)).toBeCloseTo(Math.log(sum(z.map(Math.exp))), 12);
    }
  });

  it('does not overflow or underflow', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1000, -1000, -1000])).toBeCloseTo(-1000 + Math.log(3), 12);
    expect(logSumExp([1000, -1000])).toBe(1000);
  });

  it('follows the limits for empty and infinite inputs', () => {
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([1, Infinity])).toBe(Infinity);
    expect(logSumExp([-Infinity, 2])).toBe(2);
    expect(Number.isNaN(logSumExp([1, NaN]))).toBe(true);
  });

  it('maxLogit is the largest entry', () => {
    const z = randomLogits(5, 50);
    expect(maxLogit(z)).toBe(Math.max(...z));
    expect(maxLogit([])).toBe(-Infinity);
  });
});

describe('logSoftmax', () => {
  it('equals log(softmax) where that is accurate', () => {
    const z = randomLogits(8, 40);
    const a = logSoftmax(z);
    const p = naiveSoftmax(z);
    for (let i = 0; i < z.length; i++) expect(a[i]).toBeCloseTo(Math.log(p[i]!), 12);
  });

  it('keeps precision where softmax underflows to 0', () => {
    const a = logSoftmax([0, -2000]);
    expect(a[0]).toBeCloseTo(0, 15);
    expect(a[1]).toBeCloseTo(-2000, 10);
    expect(softmax([0, -2000])[1]).toBe(0);
  });

  it('exponentiates to a distribution', () => {
    const a = logSoftmax(randomLogits(9, 64, 50));
    expect(sum(Array.from(a, Math.exp))).toBeCloseTo(1, 12);
  });
});
