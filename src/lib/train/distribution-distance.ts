/**
 * How different two next-token distributions are. Used by the word-order test: a model "tells
 * two contexts apart" when its predictions after them differ.
 */

/** Differences between two distributions p and q over the same vocabulary. */
export interface DistributionDifference {
  /** Largest |p_i − q_i| over all tokens. */
  maxAbsDifference: number;
  /** Total variation distance ½ Σ |p_i − q_i| (0: identical, 1: no overlap). */
  totalVariation: number;
}

/** Compares two probability vectors of equal length (RangeError otherwise). */
export function compareDistributions(p: ArrayLike<number>, q: ArrayLike<number>): DistributionDifference {
  if (p.length !== q.length) throw new RangeError(`compareDistributions: lengths differ (${p.length} vs ${q.length})`);
  let maxAbsDifference = 0;
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const d = Math.abs((p[i] as number) - (q[i] as number));
    sum += d;
    if (d > maxAbsDifference) maxAbsDifference = d;
  }
  return { maxAbsDifference, totalVariation: sum / 2 };
}
