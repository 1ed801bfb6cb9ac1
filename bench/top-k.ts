/**
 * Top-k over a 262,144-entry logit vector (Gemma 3's vocabulary size) with the project's heap
 * selection (`src/lib/sampling/top-k.ts`) against sorting the whole vector: a radix argsort
 * (`src/lib/math/argsort.ts`) and `Array.prototype.sort` with a comparator.
 */
import { argsortDescending } from '../src/lib/math/argsort';
import { createRng } from '../src/lib/sampling/prng';
import { topK } from '../src/lib/sampling/top-k';
import { timeRuns } from './timing';
import type { RunPlan, Timings } from './timing';

/** Entries in the logit vector. */
export const VOCAB = 262_144;

/** Timings of top-k (per k) and of the full sorts, plus whether every method agreed. */
export interface TopKResult {
  /** `topK(values, k)` for each k. */
  heap: { k: number; t: Timings }[];
  /** `argsortDescending(values)` then the first k. */
  radix: Timings;
  /** Indices sorted with a comparator then the first k. */
  comparator: Timings;
  /** The top-50 of all three methods are the same ids in the same order. */
  agree: boolean;
}

/** Runs the top-k benchmark on seeded random logits (normal-ish, as real logits are). */
export async function benchTopK(ks: number[], plan: RunPlan, sortPlan: RunPlan): Promise<TopKResult> {
  const rng = createRng(262144);
  const values = new Float32Array(VOCAB);
  for (let i = 0; i < VOCAB; i++) values[i] = (rng() + rng() + rng() + rng() - 2) * 6;
  const heap: TopKResult['heap'] = [];
  for (const k of ks) heap.push({ k, t: await timeRuns(() => topK(values, k), plan) });
  const kMax = Math.max(...ks);
  const fromHeap = Array.from(topK(values, kMax).indices);
  let fromRadix: number[] = [];
  const radix = await timeRuns(() => (fromRadix = Array.from(argsortDescending(values).subarray(0, kMax))), sortPlan);
  let fromComparator: number[] = [];
  const comparator = await timeRuns(() => {
    const order = Array.from({ length: VOCAB }, (_, i) => i);
    order.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
    fromComparator = order.slice(0, kMax);
  }, sortPlan);
  const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  return { heap, radix, comparator, agree: same(fromHeap, fromRadix) && same(fromHeap, fromComparator) };
}
