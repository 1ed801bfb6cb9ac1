/**
 * How spread out a next-token distribution is, as one number.
 *
 * The entropy H = −Σ p log₂ p (bits) is the average surprise of the next token: 0 bits when one
 * token is certain, log₂ V bits when all V tokens are equally likely. A tightly constrained
 * position ("The United States of …") has low entropy; an open one ("there was a …") has high
 * entropy. 2^H is the number of equally likely tokens that would be just as uncertain.
 */

/** Entropy −Σ p log₂ p in bits of the given probabilities (zeros contribute nothing). */
export function entropyBits(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] as number;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h === 0 ? 0 : h; // never −0
}

/** The largest of the given probabilities (the top-1 mass); 0 for an empty list. */
export function topMass(probs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < probs.length; i++) if ((probs[i] as number) > m) m = probs[i] as number;
  return m;
}
