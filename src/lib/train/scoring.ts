/**
 * Scoring a held-out text with a trained model: the surprise of every token given the tokens
 * before it, in bits, and the summary numbers of the evaluation page: bits per token and
 * perplexity = 2^(bits per token).
 *
 * Tokens the vocabulary does not know are scored as `<unk>`. The first token has no context, so
 * it is not scored: a text of n tokens gets n − 1 scores.
 */
import { bitsFromLogProb, spanStats } from '../metrics/surprise';
import type { NextTokenModel } from './model';
import { tokenize, type TokenizerKind } from './tokenizers';
import { encode, UNKNOWN_ID, type Vocabulary } from './vocabulary';

/** One token of a scored text. */
export interface ScoredToken {
  /** The token as the tokenizer produced it. */
  token: string;
  /** Its id (0 = `<unk>`). */
  id: number;
  /** Whether the vocabulary did not know it (it was read as `<unk>`). */
  unknown: boolean;
  /** ln p(token | tokens before it), nats; null for the first token (no context). */
  logprob: number | null;
  /** Surprise −log₂ p in bits; null for the first token. */
  bits: number | null;
}

/** A scored text. */
export interface TextScore {
  /** Every token, the first one unscored. */
  tokens: ScoredToken[];
  /** Number of scored tokens (n − 1). */
  scored: number;
  /** Total surprise of the scored tokens, bits. */
  totalBits: number;
  /** totalBits / scored. */
  bitsPerToken: number;
  /** 2^bitsPerToken. */
  perplexity: number;
  /** How many tokens (scored or not) were unknown. */
  unknownCount: number;
}

/** Scores `text` with `model`. Throws RangeError when the text has fewer than two tokens. */
export function scoreText(model: NextTokenModel, vocab: Vocabulary, tokenizer: TokenizerKind, text: string): TextScore {
  const pieces = tokenize(text, tokenizer);
  if (pieces.length < 2) throw new RangeError('The text to score needs at least two tokens: the first one only serves as context.');
  const ids = encode(vocab, pieces);
  const logprobs = model.sequenceLogProbs(ids);
  const stats = spanStats(logprobs);
  const tokens: ScoredToken[] = pieces.map((token, i) => {
    const lp = i === 0 ? null : (logprobs[i - 1] as number);
    return { token, id: ids[i] as number, unknown: ids[i] === UNKNOWN_ID, logprob: lp, bits: lp === null ? null : bitsFromLogProb(lp) };
  });
  return {
    tokens,
    scored: stats.tokens,
    totalBits: stats.totalBits,
    bitsPerToken: stats.bitsPerToken,
    perplexity: stats.perplexity,
    unknownCount: tokens.filter((t) => t.unknown).length,
  };
}
