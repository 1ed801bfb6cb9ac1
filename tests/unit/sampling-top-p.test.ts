import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/sampling/prng';
import { topP } from '../../src/lib/sampling/top-p';

/** Reference: sort all positive entries, walk down until the sum reaches P · total. */
function topPBySorting(p: ArrayLike<number>, P: number): { ids: number[]; ambiguous: boolean } {
  const order = Array.from({ length: p.length }, (_, i) => i)
    .filter((i) => (p[i] as number) > 0)
    .sort((a, b) => (p[b] as number) - (p[a] as number) || a - b);
  const total = order.reduce((s, i) => s + (p[i] as number), 0);
  const target = P * total;
  let mass = 0;
  let n = order.length;
  let ambiguous = false;
  for (let j = 0; j < order.length; j++) {
    mass += p[order[j]!] as number;
    if (Math.abs(mass - target) <= 1e-12 * total) ambiguous = true; // a rounding-level tie at the boundary
    if (mass >= target) {
      n = j + 1;
      break;
    }
  }
  return { ids: order.slice(0, n), ambiguous };
}

/** Checks the definition directly: a prefix of the ranking, reaching the target, minimal. */
function expectValidNucleus(p: ArrayLike<number>, P: number, got: Int32Array): void {
  const want = topPBySorting(p, P);
  const all = topPBySorting(p, 1).ids;
  expect(Array.from(got)).toEqual(all.slice(0, got.length));
  if (!want.ambiguous) {
    expect(Array.from(got)).toEqual(want.ids);
    return;
  }
  const total = all.reduce((s, i) => s + (p[i] as number), 0);
  const mass = Array.from(got).reduce((s, i) => s + (p[i] as number), 0);
  const last = p[got[got.length - 1]!] as number;
  expect(mass).toBeGreaterThanOrEqual(P * total * (1 - 1e-12));
  expect(mass - last).toBeLessThan(P * total * (1 + 1e-12));
}

describe('topP', () => {
  it('matches a full sort on random distributions of many sizes', () => {
    const rng = createRng(101);
    for (let trial = 0; trial < 400; trial++) {
      const V = 1 + Math.floor(rng() * (trial < 300 ? 30 : 3000));
      const spread = 0.5 + rng() * 8;
      const p = Array.from({ length: V }, () => Math.exp(spread * (rng() * 2 - 1)));
      const P = trial % 10 === 0 ? 1 : 0.01 + rng() * 0.99;
      expectValidNucleus(p, P, topP(p, P));
    }
  });

  it('handles ties, zeros and unnormalised weights', () => {
    const rng = createRng(102);
    for (let trial = 0; trial < 400; trial++) {
      const V = 1 + Math.floor(rng() * 25);
      const p = Array.from({ length: V }, () => Math.floor(rng() * 4)); // values 0..3: many ties and zeros
      if (!p.some((x) => x > 0)) p[0] = 1;
      const P = [0.1, 0.25, 0.5, 0.75, 0.9, 1, rng()][trial % 7]! || 0.5;
      const got = topP(p, P);
      expectValidNucleus(p, P, got);
      for (const i of got) expect(p[i]).toBeGreaterThan(0);
    }
  });

  it('keeps the single top token when P is tiny, and all positive tokens when P = 1', () => {
    expect(Array.from(topP([0.1, 0.6, 0.3], 1e-9))).toEqual([1]);
    expect(Array.from(topP([0.1, 0, 0.6, 0.3], 1))).toEqual([2, 3, 0]);
    expect(Array.from(topP([0.5, 0.5], 0.5))).toEqual([0]);
    expect(Array.from(topP([0.25, 0.5, 0.25], 0.6))).toEqual([1, 0]);
  });

  it('rejects P outside (0, 1]', () => {
    for (const P of [0, -0.5, 1.01, NaN]) expect(() => topP([1, 2], P)).toThrow(RangeError);
  });

  it('is correct on a full-size vocabulary (V = 262,144)', () => {
    const rng = createRng(103);
    const V = 262_144;
    const p = new Float64Array(V);
    for (let i = 0; i < V; i++) p[i] = Math.exp(4 * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
    for (const P of [0.5, 0.9]) expectValidNucleus(p, P, topP(p, P));
  });
});
