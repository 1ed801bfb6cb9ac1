/**
 * The rows of a next-token table: the model's most likely tokens with probability and surprise,
 * the token that actually came next marked, and one row for everything else, so the table
 * always adds up to 1.
 */
import type { Alternative } from '../lm/protocol';
import { bitsFromLogProb } from '../metrics/surprise';

/** One row of the table. */
export interface DistributionRow {
  /** Token id, or null for the "everything else" row. */
  id: number | null;
  /** Vocabulary string of the token ('' for the rest row). */
  token: string;
  /** Text of the token ('' for the rest row). */
  text: string;
  /** Probability. */
  p: number;
  /** Surprise −log₂ p in bits (Infinity for p = 0). */
  bits: number;
  /** Whether this is the token that actually came next in the document. */
  actual: boolean;
  /** Whether this is the "everything else" row. */
  rest: boolean;
}

/**
 * Rows for alternatives `top` (most likely first) when the token that came next was
 * `actualId` (null at the end of the document) with log-probability `actualLogp`. If the actual
 * token is not among the top ones it gets its own row (before the rest row), so it is always shown.
 */
export function distributionRows(
  top: readonly Alternative[],
  actual: { id: number; token: string; text: string; logp: number } | null,
): DistributionRow[] {
  const rows: DistributionRow[] = top.map((a) => ({
    id: a.id,
    token: a.token,
    text: a.text,
    p: Math.exp(a.logp),
    bits: bitsFromLogProb(a.logp),
    actual: actual !== null && a.id === actual.id,
    rest: false,
  }));
  let shown = rows.reduce((s, r) => s + r.p, 0);
  if (actual && !rows.some((r) => r.actual)) {
    const p = Math.exp(actual.logp);
    rows.push({ id: actual.id, token: actual.token, text: actual.text, p, bits: bitsFromLogProb(actual.logp), actual: true, rest: false });
    shown += p;
  }
  const restP = Math.max(0, 1 - shown);
  rows.push({ id: null, token: '', text: '', p: restP, bits: restP > 0 ? -Math.log2(restP) : Infinity, actual: false, rest: true });
  return rows;
}
