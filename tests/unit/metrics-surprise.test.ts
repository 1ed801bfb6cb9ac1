import { describe, expect, it } from 'vitest';
import {
  bitsFromLogProb,
  bitsToNats,
  LN2,
  natsToBits,
  perplexityFromBitsPerToken,
  spanStats,
} from '../../src/lib/metrics/surprise';
import { createRng } from '../../src/lib/sampling/prng';

describe('surprise in bits', () => {
  it('gives 1 bit for p = 1/2, 3 bits for p = 1/8, 0 bits for p = 1', () => {
    expect(bitsFromLogProb(Math.log(1 / 2))).toBeCloseTo(1, 14);
    expect(bitsFromLogProb(Math.log(1 / 8))).toBeCloseTo(3, 14);
    expect(bitsFromLogProb(Math.log(1 / 1024))).toBeCloseTo(10, 13);
    expect(Object.is(bitsFromLogProb(0), 0)).toBe(true);
    expect(bitsFromLogProb(-Infinity)).toBe(Infinity);
  });

  it('agrees with −log₂ p on random probabilities', () => {
    const rng = createRng(1);
    for (let i = 0; i < 100; i++) {
      const p = rng() + 1e-9;
      expect(bitsFromLogProb(Math.log(p))).toBeCloseTo(-Math.log2(p), 12);
    }
  });

  it('converts between nats and bits', () => {
    expect(LN2).toBe(Math.LN2);
    expect(natsToBits(Math.LN2)).toBeCloseTo(1, 15);
    expect(bitsToNats(1)).toBeCloseTo(Math.LN2, 15);
    const rng = createRng(2);
    for (let i = 0; i < 50; i++) {
      const x = rng() * 100;
      expect(bitsToNats(natsToBits(x))).toBeCloseTo(x, 12);
      expect(natsToBits(x)).toBeCloseTo(x / Math.log(2), 12);
    }
  });

  it('gives perplexity 2 for a fair coin and 6 for a fair die', () => {
    expect(perplexityFromBitsPerToken(bitsFromLogProb(Math.log(1 / 2)))).toBeCloseTo(2, 12);
    expect(perplexityFromBitsPerToken(bitsFromLogProb(Math.log(1 / 6)))).toBeCloseTo(6, 12);
    expect(perplexityFromBitsPerToken(0)).toBe(1);
  });
});

describe('spanStats', () => {
  it('sums surprise over a span and matches a manual computation', () => {
    const rng = createRng(3);
    const logProbs = Array.from({ length: 100 }, () => Math.log(rng() + 1e-6));
    for (const [start, end] of [[0, 100], [10, 20], [37, 38], [0, 1], [99, 100]] as const) {
      let nats = 0;
      for (let i = start; i < end; i++) nats += -logProbs[i]!;
      const bits = nats / Math.log(2);
      const st = spanStats(logProbs, start, end);
      expect(st.tokens).toBe(end - start);
      expect(st.totalNats).toBeCloseTo(nats, 10);
      expect(st.totalBits).toBeCloseTo(bits, 10);
      expect(st.bitsPerToken).toBeCloseTo(bits / (end - start), 10);
      expect(st.perplexity).toBeCloseTo(Math.exp(nats / (end - start)), 8);
    }
  });

  it('defaults to the whole array', () => {
    const logProbs = new Float64Array([Math.log(0.5), Math.log(0.25)]);
    const st = spanStats(logProbs);
    expect(st.tokens).toBe(2);
    expect(st.totalBits).toBeCloseTo(3, 14);
    expect(st.bitsPerToken).toBeCloseTo(1.5, 14);
    expect(st.perplexity).toBeCloseTo(2 ** 1.5, 12);
  });

  it('gives a fair die perplexity 6 over many rolls', () => {
    const st = spanStats(new Array<number>(60).fill(Math.log(1 / 6)));
    expect(st.perplexity).toBeCloseTo(6, 10);
  });

  it('returns sensible values for an empty span', () => {
    for (const st of [spanStats([]), spanStats([-1, -2], 1, 1)]) {
      expect(st).toEqual({ tokens: 0, totalBits: 0, bitsPerToken: 0, perplexity: 1, totalNats: 0 });
      expect(Object.is(st.totalNats, 0)).toBe(true);
    }
  });

  it('rejects invalid ranges', () => {
    const logProbs = [-1, -2, -3];
    for (const [start, end] of [[-1, 2], [0, 4], [2, 1], [0.5, 2], [0, NaN]] as const) {
      expect(() => spanStats(logProbs, start, end)).toThrow(RangeError);
    }
  });
});
