/**
 * How the surprisal and chain-rule figures write their numbers, so the static page, the live
 * figure and the tests agree digit for digit.
 */

/** Bits with three decimals ("7.966"): the shared rule (lib/format/numbers) at this figure's precision. */
export { formatBits } from '../format/numbers';

/** A probability to three significant figures: plain from 0.001 up ("0.0690"), scientific below ("3.44×10⁻⁵"); "0" and "1" exactly. */
export function formatProbability(p: number): string {
  if (p === 0) return '0';
  if (p === 1) return '1';
  return p >= 0.001 ? p.toPrecision(3) : p.toExponential(2).replace('e-', '×10⁻').replace(/⁻(\d+)$/, (_, d: string) => `⁻${superscript(d)}`);
}

/** Perplexity with two decimals, or scientific notation when huge. */
export function formatPerplexity(ppl: number): string {
  if (!Number.isFinite(ppl)) return '∞';
  return ppl < 1e6 ? ppl.toFixed(2) : ppl.toExponential(2);
}

/** Digits written as superscripts ("16" → "¹⁶"). */
export function superscript(digits: string): string {
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return digits.replace(/\d/g, (d) => sup[Number(d)]!);
}
