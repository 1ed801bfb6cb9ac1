/**
 * Surprise (information content) of tokens, in bits and nats.
 *
 * A token the model gave probability p carries a surprise of −log₂ p bits
 * (−ln p nats): p = 1/2 is 1 bit, p = 1/8 is 3 bits. Averaged over a span of
 * tokens this is the cross-entropy in bits per token, and 2^(bits per token)
 * is the perplexity: the size of a uniform choice that would be equally
 * surprising (a fair coin: 2, a fair die: 6).
 */

/** ln 2: the number of nats in one bit. */
export const LN2 = Math.LN2;

/** Surprise −log₂ p in bits, given the natural log ln p of a probability. */
export function bitsFromLogProb(logProbNats: number): number {
  return logProbNats === 0 ? 0 : -logProbNats / LN2; // avoid returning −0 for p = 1
}

/** Converts an amount of information from nats to bits (divide by ln 2). */
export function natsToBits(n: number): number {
  return n / LN2;
}

/** Converts an amount of information from bits to nats (multiply by ln 2). */
export function bitsToNats(b: number): number {
  return b * LN2;
}

/** Perplexity 2^(bits per token): the "effective number of equally likely choices". */
export function perplexityFromBitsPerToken(bpt: number): number {
  return 2 ** bpt;
}

/** Summary of how surprising a span of tokens was. */
export interface SpanStats {
  /** Number of tokens in the span. */
  tokens: number;
  /** Total surprise Σ −log₂ p, in bits. */
  totalBits: number;
  /** Average surprise per token, in bits (0 for an empty span). */
  bitsPerToken: number;
  /** 2^bitsPerToken (1 for an empty span). */
  perplexity: number;
  /** Total surprise Σ −ln p, in nats. */
  totalNats: number;
}

/**
 * Surprise statistics for tokens start ≤ i < end, given each token's natural
 * log-probability ln p_i. start and end must be whole numbers with
 * 0 ≤ start ≤ end ≤ length (RangeError otherwise). An empty span gives
 * 0 tokens, 0 bits, 0 bits per token and perplexity 1.
 */
export function spanStats(
  logProbsNats: ArrayLike<number>,
  start = 0,
  end: number = logProbsNats.length,
): SpanStats {
  const n = logProbsNats.length;
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= n)) {
    throw new RangeError(`spanStats: need whole numbers 0 ≤ start ≤ end ≤ ${n} (got start=${start}, end=${end})`);
  }
  let totalNats = 0;
  for (let i = start; i < end; i++) totalNats -= logProbsNats[i] as number;
  totalNats += 0; // turn −0 into 0
  const tokens = end - start;
  const totalBits = natsToBits(totalNats);
  const bitsPerToken = tokens === 0 ? 0 : totalBits / tokens;
  return {
    tokens,
    totalBits,
    bitsPerToken,
    perplexity: perplexityFromBitsPerToken(bitsPerToken),
    totalNats,
  };
}
