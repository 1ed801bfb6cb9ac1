/**
 * Repeated inverse-CDF draws from a fixed distribution with a seeded generator, and the
 * histogram of what came out, for the sampler figure: the same seed always replays the same
 * uniform numbers r₁, r₂, … and so the same tokens.
 */
import { cumulative, drawFromCumulative } from './draw';
import { createRng } from './prng';

/** The first `n` uniform numbers in [0, 1) of the generator seeded with `seed`. */
export function seededUniforms(seed: number, n: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: Math.max(0, Math.floor(n)) }, () => rng());
}

/** The index each r lands on (inverse CDF over probabilities p). */
export function landings(p: ArrayLike<number>, rs: readonly number[]): number[] {
  const c = cumulative(p);
  return rs.map((r) => drawFromCumulative(c, r));
}

/** How often each index 0…V−1 occurs in `draws`. */
export function countDraws(draws: readonly number[], V: number): number[] {
  const counts = new Array<number>(V).fill(0);
  for (const d of draws) if (d >= 0 && d < V) counts[d]! += 1;
  return counts;
}

/** Expected number of times each index comes up in `n` draws: n · p_i / Σp. */
export function expectedCounts(p: ArrayLike<number>, n: number): number[] {
  let total = 0;
  for (let i = 0; i < p.length; i++) total += Math.max(0, p[i] as number);
  return Array.from({ length: p.length }, (_, i) => (total > 0 ? (n * Math.max(0, p[i] as number)) / total : 0));
}

/** Where each token's stretch of the bar [0, 1] starts and ends: [c_{i−1}, c_i] / total. */
export function stretches(p: ArrayLike<number>): { from: number; to: number }[] {
  const c = cumulative(p);
  const total = c.length > 0 ? (c[c.length - 1] as number) : 0;
  return Array.from(c, (ci, i) => ({ from: i === 0 ? 0 : (c[i - 1] as number) / total, to: ci / total }));
}
