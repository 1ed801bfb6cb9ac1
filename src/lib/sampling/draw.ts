/**
 * Drawing one index from a discrete distribution by inverse-CDF sampling.
 *
 * Lay the probabilities end to end on [0, total): token i owns the interval
 * [c_{i−1}, c_i), where c is the running (cumulative) sum. A uniform number
 * r ∈ [0, 1) scaled to r·total lands in exactly one interval, and the chance
 * of landing in token i's interval is p_i / total. Tokens with p_i = 0 own an
 * empty interval and can never be chosen.
 */

/**
 * Running totals c_i = p_0 + … + p_i. Entries that are not > 0 (zeros,
 * negatives, NaN) count as 0, so the result never decreases.
 */
export function cumulative(p: ArrayLike<number>): Float64Array {
  const c = new Float64Array(p.length);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    if (pi > 0) total += pi;
    c[i] = total;
  }
  return c;
}

/**
 * Inverse-CDF lookup on a cumulative array from `cumulative`: the first index
 * i with c_i > r · c_{V−1}, found by binary search in O(log V). Useful when
 * drawing many times from the same distribution. Same rules as drawIndex.
 */
export function drawFromCumulative(c: ArrayLike<number>, r: number): number {
  if (!(r >= 0 && r <= 1)) {
    throw new RangeError(`draw: r must be a number in [0, 1] (got ${r})`);
  }
  const total = c.length > 0 ? (c[c.length - 1] as number) : 0;
  if (!(total > 0 && Number.isFinite(total))) {
    throw new RangeError(`draw: probabilities must have a positive, finite total (got ${total})`);
  }
  const target = r * total;
  // Smallest i with c[i] > target. It exists unless rounding made target
  // reach the total (r ≈ 1); then take the last token with p > 0, i.e. the
  // smallest i with c[i] >= total.
  const exceedsTarget = target < total;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const cm = c[mid] as number;
    if (exceedsTarget ? cm > target : cm >= total) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Inverse-CDF sampling: the first index whose cumulative sum exceeds
 * r · total, where r ∈ [0, 1] is a uniform random number and total = Σ p_i.
 * p need not sum exactly to 1 (it is rescaled by its total); zero entries are
 * never returned. Throws RangeError if r is outside [0, 1] or no p_i is > 0.
 */
export function drawIndex(p: ArrayLike<number>, r: number): number {
  return drawFromCumulative(cumulative(p), r);
}
