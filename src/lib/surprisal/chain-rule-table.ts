/**
 * The chain rule as a table: one row per factor P(xᵢ | x<ᵢ) of a scored text, with its
 * probability and log₂, then the product of the factors and the sum of their logs. The sum is
 * minus the total surprise the surprisal figure shows for the same text.
 */
import { chainRule } from '../metrics/chain-rule';
import type { ScoredText } from './scored-text';

/** Longest text (in tokens) the table lists factor by factor; past this it stops being readable. */
export const MAX_TABLE_TOKENS = 24;

/** One factor of the product. */
export interface ChainRuleRow {
  /** Position i, 1-based. */
  step: number;
  /** The token xᵢ. */
  token: string;
  /** The text before it, x<ᵢ ('' for the first token, which follows only the start-of-text token). */
  context: string;
  /** P(xᵢ | x<ᵢ). */
  p: number;
  /** log₂ P(xᵢ | x<ᵢ) (≤ 0). */
  log2p: number;
}

/** The whole table. */
export interface ChainRuleTable {
  /** The factors, in order. */
  rows: ChainRuleRow[];
  /** Π P(xᵢ | x<ᵢ) (can underflow to 0 for long texts). */
  product: number;
  /** Σ log₂ P(xᵢ | x<ᵢ) = log₂ of the product. */
  log2Sum: number;
  /** −Σ log₂ P, the total surprise in bits. */
  totalBits: number;
  /** Whether the text has more tokens than `maxTokens` (too long to list readably). */
  tooLong: boolean;
}

/** The chain-rule table of a scored text; `tooLong` past `maxTokens` tokens. */
export function chainRuleTable(s: ScoredText, maxTokens = MAX_TABLE_TOKENS): ChainRuleTable {
  let context = '';
  const rows = s.tokens.map((t, i) => {
    const row: ChainRuleRow = { step: i + 1, token: t.text, context, p: t.p, log2p: t.logprob / Math.LN2 };
    context += t.text;
    return row;
  });
  const r = chainRule(s.tokens.map((t) => t.p));
  return {
    rows,
    product: r.product,
    log2Sum: r.logSumBits,
    totalBits: -r.logSumBits + 0,
    tooLong: s.tokens.length > maxTokens,
  };
}
