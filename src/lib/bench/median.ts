/**
 * The median of a list of timings: the middle value once sorted (the mean of the two middle
 * values for an even count). Benchmarks report it rather than the mean because a few runs
 * slowed down by other processes on the machine move the mean a lot and the median hardly.
 */

/** The middle value of `values` (NaN for an empty list). The input is not modified. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
