/**
 * The chain rule of probability for a sequence of tokens x_1 … x_n:
 *
 *   P(x_1 … x_n) = P(x_1) · P(x_2 | x_1) · … · P(x_n | x_1 … x_{n−1})
 *
 * Multiplying many numbers below 1 underflows to 0 after a few hundred
 * tokens, so we add logarithms instead: log P = Σ log P(x_i | …), and only
 * exponentiate at the end.
 */

/** The probability of a whole sequence, as a product and as a log-sum. */
export interface ChainRuleResult {
  /** Π p_i, computed as exp(logSumNats) (may underflow to 0 for long sequences). */
  product: number;
  /** Σ ln p_i (natural log; ≤ 0). */
  logSumNats: number;
  /** Σ log₂ p_i (≤ 0); minus this is the total surprise in bits. */
  logSumBits: number;
}

/**
 * Combines the conditional probabilities p_i = P(x_i | x_1 … x_{i−1}) into
 * the probability of the sequence. Each p_i must be in [0, 1] (RangeError
 * otherwise); an empty list gives product 1 and log-sums 0.
 */
export function chainRule(conditionalProbs: ArrayLike<number>): ChainRuleResult {
  let logSumNats = 0;
  for (let i = 0; i < conditionalProbs.length; i++) {
    const p = conditionalProbs[i] as number;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`chainRule: probability #${i} must be in [0, 1] (got ${p})`);
    }
    logSumNats += Math.log(p);
  }
  return { product: Math.exp(logSumNats), logSumNats, logSumBits: logSumNats / Math.LN2 };
}
