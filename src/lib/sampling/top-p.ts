/**
 * Top-p ("nucleus") selection: the smallest set of most probable tokens whose
 * probabilities add up to at least a fraction P of the total.
 *
 * The obvious method sorts all V probabilities (O(V log V)) and walks down the
 * sorted list. We only need the n tokens of the nucleus in order, so instead:
 *
 * 1. Weighted quickselect, expected O(V): pick a random pivot token, split the
 *    candidates into those ranked above and below it, and add up the mass
 *    above. If that mass already reaches the target, the nucleus ends above
 *    the pivot, so keep searching there; otherwise everything above the pivot
 *    (and the pivot) is in, and we search below it for the rest.
 * 2. Sort just the selected n tokens (argsortDescending).
 *
 * Total expected cost O(V + n log n). Ranking: larger p first, ties by lower
 * index.
 */

import { argsortDescending } from '../math/argsort';

/**
 * Indices of the smallest set of largest entries of p whose sum is at least
 * P · Σp, sorted by p descending (ties: lower index first). p need not be
 * normalised; entries that are not > 0 are never selected. P must be in
 * (0, 1] (RangeError otherwise). Expected O(V + n log n) for a nucleus of n.
 */
export function topP(p: ArrayLike<number>, P: number): Int32Array {
  if (!(P > 0 && P <= 1)) {
    throw new RangeError(`topP: P must be in (0, 1] (got ${P})`);
  }
  // Candidates: every index with positive probability.
  let m = 0;
  let total = 0;
  for (let i = 0; i < p.length; i++) if ((p[i] as number) > 0) m++;
  const ids = new Int32Array(m);
  for (let i = 0, j = 0; i < p.length; i++) {
    const pi = p[i] as number;
    if (pi > 0) {
      ids[j++] = i;
      total += pi;
    }
  }
  const target = P * total;

  // Weighted quickselect. Invariant: ids[0, lo) are in the nucleus, with mass
  // `above` < target; the nucleus lies within ids[0, hi).
  let lo = 0;
  let hi = m;
  let above = 0;
  let random = 0x2545f491; // xorshift32 state, for pivot choice only
  while (lo < hi) {
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    const pivotPos = lo + ((random >>> 0) % (hi - lo));
    const pivot = ids[pivotPos] as number;
    const pivotP = p[pivot] as number;
    ids[pivotPos] = ids[hi - 1] as number;
    // Move the candidates ranked above the pivot to the front of [lo, hi − 1).
    let store = lo;
    let massAbovePivot = 0;
    for (let j = lo; j < hi - 1; j++) {
      const id = ids[j] as number;
      const v = p[id] as number;
      if (v > pivotP || (v === pivotP && id < pivot)) {
        ids[j] = ids[store] as number;
        ids[store++] = id;
        massAbovePivot += v;
      }
    }
    ids[hi - 1] = ids[store] as number;
    ids[store] = pivot;
    if (above + massAbovePivot >= target) {
      hi = store; // the nucleus ends before the pivot
    } else {
      above += massAbovePivot + pivotP;
      lo = store + 1; // the pivot and everything above it are in
      if (above >= target) break;
    }
  }

  // Sort the selection and cut it where the running sum (now added in sorted
  // order) reaches the target. Rounding in the two different summation
  // orders can disagree in the last bit; if the selection then falls short,
  // redo the walk over all candidates.
  const selected = argsortDescending(p, ids.subarray(0, lo));
  const n = prefixReaching(p, selected, target);
  if (n > 0) return selected.slice(0, n);
  const all = argsortDescending(p, ids);
  return all.slice(0, prefixReaching(p, all, target) || m);
}

/** Length of the shortest prefix of `ids` whose p-values sum to ≥ target, or 0 if none does. */
function prefixReaching(p: ArrayLike<number>, ids: Int32Array, target: number): number {
  let mass = 0;
  for (let j = 0; j < ids.length; j++) {
    mass += p[ids[j] as number] as number;
    if (mass >= target) return j + 1;
  }
  return 0;
}
