import { describe, expect, it } from 'vitest';
import { chainRule } from '../../src/lib/metrics/chain-rule';
import { createRng } from '../../src/lib/sampling/prng';

describe('chainRule', () => {
  it('equals the direct product on random short sequences', () => {
    const rng = createRng(10);
    for (let trial = 0; trial < 100; trial++) {
      const n = 1 + Math.floor(rng() * 20);
      const ps = Array.from({ length: n }, () => 0.05 + 0.95 * rng());
      const direct = ps.reduce((a, b) => a * b, 1);
      const r = chainRule(ps);
      expect(r.product / direct).toBeCloseTo(1, 12);
      expect(r.logSumNats).toBeCloseTo(Math.log(direct), 10);
      expect(r.logSumBits).toBeCloseTo(Math.log2(direct), 10);
      expect(r.product).toBeCloseTo(Math.exp(r.logSumNats), 15);
    }
  });

  it('handles simple cases: fair coins, a certain event, an impossible one, nothing', () => {
    const coins = chainRule([0.5, 0.5, 0.5]);
    expect(coins.product).toBeCloseTo(1 / 8, 15);
    expect(coins.logSumBits).toBeCloseTo(-3, 14);
    expect(chainRule([1, 1]).product).toBe(1);
    const impossible = chainRule([0.5, 0]);
    expect(impossible.product).toBe(0);
    expect(impossible.logSumNats).toBe(-Infinity);
    expect(chainRule([])).toEqual({ product: 1, logSumNats: 0, logSumBits: 0 });
  });

  it('keeps the log-sum exact where the product underflows', () => {
    const ps = new Float64Array(2000).fill(0.1);
    const r = chainRule(ps);
    expect(r.product).toBe(0); // 10^-2000 is below the smallest double
    expect(r.logSumNats).toBeCloseTo(2000 * Math.log(0.1), 8);
    expect(r.logSumBits).toBeCloseTo(2000 * Math.log2(0.1), 8);
  });

  it('rejects values that are not probabilities', () => {
    for (const bad of [-0.1, 1.5, NaN]) expect(() => chainRule([0.5, bad])).toThrow(RangeError);
  });
});
