/**
 * A scored text reduced to what the surprisal and chain-rule figures show: each token's text,
 * its probability and surprise in bits, and the model's top alternatives at that position.
 * Plain data (no classes), so the same object is computed at build time, rendered as static
 * HTML and handed to the browser island as its first state.
 */
import type { ScoreResult } from '../lm/protocol';
import { bitsFromLogProb } from '../metrics/surprise';

/** One alternative the model considered at a position. */
export interface AlternativeView {
  /** The token's text on its own. */
  text: string;
  /** Its probability p (0–1). */
  p: number;
}

/** One scored token. */
export interface TokenView {
  /** Token id in the model's vocabulary. */
  id: number;
  /** The text this token contributes ('' for the tail of a split character). */
  text: string;
  /** Whether it is a special (control) token. */
  special: boolean;
  /** ln p(token | everything before it), in nats. */
  logprob: number;
  /** p = e^logprob. */
  p: number;
  /** Surprise −log₂ p, in bits. */
  bits: number;
  /** The most likely tokens at this position, most likely first. */
  top: AlternativeView[];
}

/** A whole scored text. */
export interface ScoredText {
  /** The text exactly as it was scored. */
  text: string;
  /** The scored tokens, in order (after truncation: the last ones of the text). */
  tokens: TokenView[];
  /** Tokens at the start that got no score because the text was longer than the context window. */
  droppedTokens: number;
  /** The model's context window in tokens (0 when unknown). */
  contextLength: number;
  /** Whether the beginning-of-text token was put in front, so the first token has a probability. */
  bosPrepended: boolean;
}

/** Converts the model's `score` answer for `text` into the figures' data. */
export function scoredTextFromResult(text: string, r: ScoreResult): ScoredText {
  return {
    text,
    tokens: r.tokens.map((t) => ({
      id: t.id,
      text: t.text,
      special: t.special,
      logprob: t.logprob,
      p: Math.exp(t.logprob),
      bits: bitsFromLogProb(t.logprob),
      top: t.top.map((a) => ({ text: a.text, p: Math.exp(a.logp) })),
    })),
    droppedTokens: r.truncated?.droppedTokens ?? 0,
    contextLength: r.truncated?.contextLength ?? 0,
    bosPrepended: r.bosPrepended,
  };
}

/** The natural log-probabilities of the tokens, for `spanStats` and `chainRule`. */
export function logProbsOf(s: ScoredText): number[] {
  return s.tokens.map((t) => t.logprob);
}

/** The text covered by tokens start ≤ i < end. */
export function spanText(s: ScoredText, start: number, end: number): string {
  return s.tokens
    .slice(start, end)
    .map((t) => t.text)
    .join('');
}
