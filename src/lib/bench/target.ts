/**
 * Benchmark targets: a figure, the limit it should stay within, and whether it did. A target
 * is "at most" (a time or a slowdown ratio) or "at least" (a speed-up).
 */

/** A limit a measured figure is checked against. */
export interface Target {
  /** `max`: the figure must be ≤ limit; `min`: it must be ≥ limit. */
  kind: 'max' | 'min';
  /** The limit. */
  limit: number;
}

/** PASS when the figure meets the target, MISS when it does not (or is not a number). */
export function verdict(value: number, target: Target): 'PASS' | 'MISS' {
  if (!Number.isFinite(value)) return 'MISS';
  return (target.kind === 'max' ? value <= target.limit : value >= target.limit) ? 'PASS' : 'MISS';
}

/** The target as text, e.g. `≤ 2 ms` or `≥ 20×` (`unit` follows the number). */
export function describeTarget(target: Target, unit: string): string {
  return `${target.kind === 'max' ? '≤' : '≥'} ${target.limit}${unit}`;
}
