/**
 * What a next-token table shows, computed from the model's distribution: the k most likely
 * tokens with probability and surprise, one "everything else" row, and how spread out the whole
 * distribution is. The same function runs at build time (static figure) and in the browser
 * (live figure), so both show identical numbers.
 */
import type { NextResult } from '../lm/protocol';
import { bitsFromLogProb } from '../metrics/surprise';
import { entropyBits } from './entropy';

/**
 * Ask the model for this many candidates: the whole vocabulary of the site's model (8,192), so its
 * entropy and "everything else" row are exact. A bigger model's list is cut here (`complete` is false).
 */
export const FULL_DISTRIBUTION_K = 8192;

/** One row of the table. */
export interface NextTokenRow {
  /** Token id. */
  id: number;
  /** The token's text (may start with a space). */
  text: string;
  /** Its probability p(token | prompt). */
  p: number;
  /** Its surprise −log₂ p in bits. */
  bits: number;
  /** Whether it is a special token such as `<|endoftext|>`. */
  special: boolean;
}

/** The table and the summary numbers of one distribution. */
export interface NextTokenView {
  /** The k most likely tokens, most likely first. */
  rows: NextTokenRow[];
  /** Probability of every token not in `rows` together (the "everything else" row). */
  otherMass: number;
  /** How many tokens the "everything else" row stands for (as far as the distribution lists them). */
  otherCount: number;
  /** Entropy of the listed distribution in bits (exact when it lists the whole vocabulary). */
  entropyBits: number;
  /** Whether the distribution listed every token, so the entropy is exact. */
  complete: boolean;
  /** Probability of the most likely token. */
  topP: number;
  /** Context tokens the model saw (start token included). */
  contextTokens: number;
  /** Tokens dropped from the start of an over-long prompt (0 when none). */
  droppedTokens: number;
  /** The model's context window in tokens (0 when unknown). */
  contextLength: number;
}

/** Builds the table of the top `k` tokens (k ≥ 1) from a `next` result, most likely first. */
export function nextTokenView(result: NextResult, k: number): NextTokenView {
  const kk = Math.max(1, Math.floor(k));
  const rows = result.top.slice(0, kk).map((c) => ({ id: c.id, text: c.text, p: c.p, bits: bitsFromLogProb(c.logp), special: c.special }));
  let shown = 0;
  for (const r of rows) shown += r.p;
  return {
    rows,
    otherMass: Math.max(0, 1 - shown),
    otherCount: Math.max(0, result.top.length - rows.length),
    entropyBits: entropyBits(result.top.map((c) => c.p)),
    complete: result.otherMass < 1e-9,
    topP: result.top[0]?.p ?? 0,
    contextTokens: result.contextTokens,
    droppedTokens: result.truncated?.droppedTokens ?? 0,
    contextLength: result.truncated?.contextLength ?? 0,
  };
}
