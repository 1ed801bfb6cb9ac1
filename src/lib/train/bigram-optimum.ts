/**
 * The best loss any bigram model can reach on a text: with counts c(a → b) of neighbouring
 * pairs, the maximum-likelihood bigram model is p(b | a) = c(a → b) / c(a → ·), and its
 * cross-entropy on the same text is
 *
 *   −(1/N) Σ_{pairs a→b} log₂ [c(a → b) / c(a → ·)]   bits per token,   N = number of pairs.
 *
 * Gradient training of the bigram model converges towards this number (it is the floor of its
 * loss curve). On "the good, the bad and the ugly" it is 3·log₂3 / 7 ≈ 0.679 bits per token.
 */

/** Minimum cross-entropy (bits per token) of a bigram model on the token ids `ids` (≥ 2 of them). */
export function bestBigramBits(ids: ArrayLike<number>): number {
  const n = ids.length;
  if (n < 2) throw new RangeError('bestBigramBits: a text needs at least two tokens');
  const pairCounts = new Map<string, number>();
  const rowCounts = new Map<number, number>();
  for (let t = 1; t < n; t++) {
    const a = ids[t - 1] as number;
    const key = `${a},${ids[t]}`;
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
    rowCounts.set(a, (rowCounts.get(a) ?? 0) + 1);
  }
  let bits = 0;
  for (const [key, c] of pairCounts) {
    const a = Number(key.slice(0, key.indexOf(',')));
    bits -= c * Math.log2(c / (rowCounts.get(a) as number));
  }
  return bits / (n - 1) + 0; // + 0 turns −0 into 0
}
