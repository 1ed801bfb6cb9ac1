/**
 * Drawing many tokens from one reshaped distribution with a seeded generator, and counting
 * them. Each draw uses one number r from the generator and inverse-CDF sampling, exactly like
 * `sampleToken` in `lib/sampling/reshape` does for one token: n draws here equal n calls of
 * `sampleToken` with the same generator (the distribution is just built once instead of n times).
 */
import { cumulative, drawFromCumulative } from '../sampling/draw';
import { createRng } from '../sampling/prng';
import type { ReshapedDistribution } from '../sampling/reshape';

/** The outcome of a batch of draws. */
export interface DrawCounts {
  /** The drawn token ids in order. */
  order: Int32Array;
  /** How many times each drawn id came up. */
  counts: Map<number, number>;
}

/** Largest number of draws in one batch (keeps the figure responsive). */
export const MAX_DRAWS = 10000;

/** Draws `n` tokens (0 ≤ n ≤ MAX_DRAWS) from `dist` with a generator seeded by `seed`. */
export function drawCounts(dist: Pick<ReshapedDistribution, 'ids' | 'probs'>, seed: number, n: number): DrawCounts {
  if (!(Number.isInteger(n) && n >= 0 && n <= MAX_DRAWS)) {
    throw new RangeError(`number of draws must be a whole number from 0 to ${MAX_DRAWS} (got ${n})`);
  }
  const rng = createRng(seed);
  const c = cumulative(dist.probs);
  const order = new Int32Array(n);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const id = dist.ids[drawFromCumulative(c, rng())] as number;
    order[i] = id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return { order, counts };
}
