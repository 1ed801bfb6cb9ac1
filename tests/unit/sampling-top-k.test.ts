import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/sampling/prng';
import { topK } from '../../src/lib/sampling/top-k';

/** Reference: sort every (index, value) pair, drop NaN, take the first k. */
function topKBySorting(values: ArrayLike<number>, k: number): { indices: number[]; values: number[] } {
  const order = Array.from({ length: values.length }, (_, i) => i)
    .filter((i) => !Number.isNaN(values[i]))
    .sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  const kk = Math.max(0, Math.min(values.length, Math.floor(k)));
  const indices = order.slice(0, kk);
  return { indices, values: indices.map((i) => values[i] as number) };
}

function expectSameAsSorting(values: ArrayLike<number>, k: number): void {
  const got = topK(values, k);
  const want = topKBySorting(values, k);
  expect(Array.from(got.indices)).toEqual(want.indices);
  expect(Array.from(got.values)).toEqual(want.values);
}

describe('topK', () => {
  it('agrees with a full sort on random arrays of many sizes and k', () => {
    const rng = createRng(2024);
    for (const V of [1, 2, 3, 5, 8, 17, 64, 100, 257, 1000, 5000]) {
      const values = Array.from({ length: V }, () => rng() * 20 - 10);
      for (const k of [0, 1, 2, 3, 10, 50, Math.floor(V / 2), V - 1, V, V + 1, V + 100]) {
        expectSameAsSorting(values, k);
      }
    }
  });

  it('breaks ties by lower index, with many ties', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 200; trial++) {
      const V = 1 + Math.floor(rng() * 60);
      const distinct = 1 + Math.floor(rng() * 5);
      const values = Array.from({ length: V }, () => Math.floor(rng() * distinct));
      expectSameAsSorting(values, Math.floor(rng() * (V + 3)));
    }
  });

  it('handles worst-case orders (ascending, descending, constant)', () => {
    const V = 2000;
    const asc = Array.from({ length: V }, (_, i) => i);
    for (const values of [asc, [...asc].reverse(), new Array<number>(V).fill(3)]) {
      for (const k of [1, 7, 64, V]) expectSameAsSorting(values, k);
    }
  });

  it('accepts typed arrays and infinities, and treats −0 and +0 as equal', () => {
    const values = new Float32Array([0, -Infinity, 2.5, Infinity, -0, -3, 2.5]);
    for (let k = 0; k <= values.length; k++) expectSameAsSorting(values, k);
    expect(Array.from(topK([-0, 0], 1).indices)).toEqual([0]);
  });

  it('ignores NaN values', () => {
    const rng = createRng(99);
    for (let trial = 0; trial < 100; trial++) {
      const V = 1 + Math.floor(rng() * 40);
      const values = Array.from({ length: V }, () => (rng() < 0.3 ? NaN : Math.floor(rng() * 10)));
      expectSameAsSorting(values, Math.floor(rng() * (V + 2)));
    }
    expect(topK([NaN, NaN], 2).indices.length).toBe(0);
    expect(Array.from(topK([NaN, 1, NaN, 2], 5).indices)).toEqual([3, 1]);
  });

  it('clamps k to [0, V] and rounds it down', () => {
    const values = [3, 1, 2];
    expect(topK(values, 0).indices.length).toBe(0);
    expect(topK(values, -5).indices.length).toBe(0);
    expect(topK(values, NaN).indices.length).toBe(0);
    expect(topK(values, 99).indices.length).toBe(3);
    expect(topK(values, Infinity).indices.length).toBe(3);
    expect(Array.from(topK(values, 2.9).indices)).toEqual([0, 2]);
    expect(topK([], 3).indices.length).toBe(0);
  });

  it('handles a full-size vocabulary (V = 262,144) correctly', () => {
    const rng = createRng(5);
    const V = 262_144;
    const values = new Float32Array(V);
    for (let i = 0; i < V; i++) values[i] = Math.floor(rng() * 1e5) / 100; // plenty of ties
    for (const k of [1, 50]) expectSameAsSorting(values, k);
  });
});
