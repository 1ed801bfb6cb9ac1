import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/sampling/prng';
import { chiSquare, chiSquareCritical } from './helpers/chi-square';

/**
 * Independent reference for the documented algorithm (SplitMix32-style
 * seeding with the MurmurHash3 finaliser, then sfc32 with 12 warm-up
 * rounds), written with BigInt so no 32-bit JavaScript tricks are shared.
 */
function referenceSequence(seed: number, count: number): number[] {
  const M = 1n << 32n;
  const u32 = (x: bigint): bigint => ((x % M) + M) % M;
  const mul = (a: bigint, b: bigint): bigint => u32(a * b);
  const rotl = (x: bigint, r: bigint): bigint => u32((x << r) | (x >> (32n - r)));
  const fmix = (x: bigint): bigint => {
    x = mul(x ^ (x >> 16n), 0x85ebca6bn);
    x = mul(x ^ (x >> 13n), 0xc2b2ae35n);
    return x ^ (x >> 16n);
  };
  let counter = u32(BigInt(Math.trunc(seed)));
  const seedWord = (): bigint => {
    counter = u32(counter + 0x9e3779b9n);
    return fmix(counter);
  };
  let a = seedWord();
  let b = seedWord();
  let c = seedWord();
  let d = seedWord();
  const next = (): number => {
    const t = u32(a + b + d);
    d = u32(d + 1n);
    a = b ^ (b >> 9n);
    b = u32(c + (c << 3n));
    c = u32(rotl(c, 21n) + t);
    return Number(t) / 2 ** 32;
  };
  for (let i = 0; i < 12; i++) next();
  return Array.from({ length: count }, next);
}

const take = (seed: number, n: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng());
};

describe('createRng', () => {
  it('implements sfc32 with SplitMix32 seeding exactly (BigInt reference)', () => {
    for (const seed of [0, 1, 2, 42, 123456789, 2 ** 31, 2 ** 32 - 1]) {
      expect(take(seed, 500)).toEqual(referenceSequence(seed, 500));
    }
  });

  it('gives the same sequence for the same seed', () => {
    for (const seed of [0, 7, 99999]) expect(take(seed, 1000)).toEqual(take(seed, 1000));
  });

  it('gives different sequences for different seeds', () => {
    const firsts = new Set<string>();
    for (let seed = 0; seed < 200; seed++) firsts.add(take(seed, 3).join(','));
    expect(firsts.size).toBe(200);
    const a = take(1, 1000);
    const b = take(2, 1000);
    expect(a.filter((x, i) => x === b[i]).length).toBeLessThan(5);
  });

  it('reduces seeds to 32-bit integers as documented', () => {
    expect(take(5.9, 10)).toEqual(take(5, 10));
    expect(take(-1, 10)).toEqual(take(2 ** 32 - 1, 10));
    expect(take(2 ** 32 + 3, 10)).toEqual(take(3, 10));
    for (const bad of [NaN, Infinity, -Infinity]) expect(() => createRng(bad)).toThrow(RangeError);
  });

  it('stays in [0, 1) with roughly uniform mean and variance', () => {
    const n = 200_000;
    const xs = take(2025, n);
    expect(xs.filter((x) => !(x >= 0 && x < 1)).length).toBe(0);
    let mean = 0;
    for (const x of xs) mean += x / n;
    let variance = 0;
    for (const x of xs) variance += (x - mean) ** 2 / (n - 1);
    // Uniform(0,1): mean 1/2, variance 1/12. Allow 6 standard errors.
    expect(Math.abs(mean - 0.5)).toBeLessThan(6 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(6 * Math.sqrt(1 / 180 / n)); // Var of (U−½)² is 1/180
  });

  it('fills 64 equal buckets evenly (χ² test) and has no lag-1 correlation', () => {
    const n = 64_000;
    const xs = take(77, n);
    const counts = new Array<number>(64).fill(0);
    for (const x of xs) counts[Math.floor(x * 64)]!++;
    const { statistic, degreesOfFreedom } = chiSquare(counts, new Array<number>(64).fill(1 / 64));
    expect(degreesOfFreedom).toBe(63);
    expect(statistic).toBeLessThan(chiSquareCritical(63));
    let cov = 0;
    for (let i = 1; i < n; i++) cov += (xs[i]! - 0.5) * (xs[i - 1]! - 0.5);
    const correlation = cov / (n - 1) / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(6 / Math.sqrt(n));
  });
});
