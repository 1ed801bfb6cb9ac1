import { describe, expect, it } from 'vitest';
import { argsortDescending } from '../../src/lib/math/argsort';
import { createRng } from '../../src/lib/sampling/prng';

/** Reference argsort with Array.prototype.sort. */
function argsortBySorting(values: ArrayLike<number>, indices: number[]): number[] {
  return indices
    .filter((i) => !Number.isNaN(values[i]))
    .sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('argsortDescending', () => {
  it('agrees with a comparison sort on random arrays, including ties and signs', () => {
    const rng = createRng(31);
    for (let trial = 0; trial < 300; trial++) {
      const V = Math.floor(rng() * 300);
      const mode = trial % 3;
      const values = Array.from({ length: V }, () =>
        mode === 0 ? (rng() - 0.5) * 1e6 : mode === 1 ? Math.floor(rng() * 7) - 3 : (rng() - 0.5) * 1e-300,
      );
      expect(Array.from(argsortDescending(values))).toEqual(argsortBySorting(values, range(V)));
    }
  });

  it('orders special values: ±Infinity, ±0, subnormals, and drops NaN', () => {
    const values = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, NaN, 1, -1, Number.MAX_VALUE, -Number.MAX_VALUE, NaN, 0];
    expect(Array.from(argsortDescending(values))).toEqual(argsortBySorting(values, range(values.length)));
    expect(Array.from(argsortDescending(new Float32Array([1.5, -2, 1.5, 0])))).toEqual([0, 2, 3, 1]);
  });

  it('ranks a Float32Array (the packed native path) exactly like a comparison sort', () => {
    const rng = createRng(33);
    for (let trial = 0; trial < 200; trial++) {
      const V = Math.floor(rng() * 2000);
      const mode = trial % 4;
      const values = new Float32Array(V);
      for (let i = 0; i < V; i++) {
        values[i] = mode === 0 ? (rng() - 0.5) * 40 : mode === 1 ? Math.floor(rng() * 5) - 2 : mode === 2 ? (rng() - 0.5) * 1e-40 : rng() < 0.1 ? NaN : (rng() - 0.5) * 3e38;
      }
      if (V > 3) [values[0], values[1], values[2]] = [0, -0, -Infinity];
      expect(Array.from(argsortDescending(values))).toEqual(argsortBySorting(values, range(V)));
      // The same numbers as float64 take the radix passes: the two paths agree.
      expect(Array.from(argsortDescending(values))).toEqual(Array.from(argsortDescending(Float64Array.from(values))));
    }
    // A view into a larger buffer (offset) ranks its own entries.
    const buf = new Float32Array([9, 3, 1, 3, 2]);
    expect(Array.from(argsortDescending(buf.subarray(1)))).toEqual([0, 2, 3, 1]);
  });

  it('sorts only the given indices, in any input order, ties by lower index', () => {
    const rng = createRng(32);
    for (let trial = 0; trial < 100; trial++) {
      const V = 1 + Math.floor(rng() * 100);
      const values = Array.from({ length: V }, () => Math.floor(rng() * 10));
      const subset = range(V).filter(() => rng() < 0.5);
      const shuffled = [...subset].sort(() => rng() - 0.5);
      expect(Array.from(argsortDescending(values, shuffled))).toEqual(argsortBySorting(values, subset));
    }
  });

  it('handles empty and single-element inputs', () => {
    expect(argsortDescending([]).length).toBe(0);
    expect(Array.from(argsortDescending([42]))).toEqual([0]);
    expect(Array.from(argsortDescending([1, 2, 3], []))).toEqual([]);
  });

  it('sorts a full-size vocabulary (V = 262,144)', () => {
    const rng = createRng(33);
    const values = new Float32Array(262_144);
    for (let i = 0; i < values.length; i++) values[i] = (rng() - 0.5) * 40;
    expect(Array.from(argsortDescending(values))).toEqual(argsortBySorting(values, range(values.length)));
  });
});
