/**
 * Formatting benchmark figures for a table: milliseconds with a sensible number of digits,
 * ratios as `12.3×`.
 */

/** Milliseconds with 3 significant digits at most 2 decimals, e.g. `0.412`, `12.3`, `1534`; `–` if not a number. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return ms.toFixed(decimals);
}

/** A ratio such as a speed-up, e.g. `23.4×` (one decimal; `–` if not a number). */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}
