/**
 * Softmax and friends, written to be numerically stable.
 *
 * Notation from the notes: logits z (one per vocabulary entry, V of them),
 * probabilities p, temperature T.
 *
 *   softmax(z / T)_i = exp(z_i / T) / Σ_j exp(z_j / T)
 *
 * Computing exp(z_i) directly overflows for z_i ≳ 710 and underflows to 0 for
 * z_i ≲ −745. Subtracting the largest logit m first changes nothing
 * mathematically (the factor exp(−m / T) cancels) but keeps every exponent
 * ≤ 0, so the largest term is exactly exp(0) = 1 and the sum is ≥ 1.
 *
 * Logits of −∞ are allowed and mean "impossible token" (p = 0). The result
 * needs at least one finite logit; with none (or with NaN / +∞ logits) the
 * entries come out as NaN.
 */

/** The largest entry of z (−∞ for an empty input, NaN if any entry is NaN). */
export function maxLogit(z: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < z.length; i++) m = Math.max(m, z[i] as number);
  return m;
}

/**
 * log Σ_i exp(z_i), computed as m + log Σ_i exp(z_i − m) with m = max z so
 * that nothing overflows. Returns −∞ for an empty input or all-(−∞) logits,
 * +∞ if any logit is +∞, NaN if any logit is NaN.
 */
export function logSumExp(z: ArrayLike<number>): number {
  const m = maxLogit(z);
  if (!Number.isFinite(m)) return m;
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += Math.exp((z[i] as number) - m);
  return m + Math.log(sum);
}

/**
 * Probabilities p = softmax(z / T). Temperature T must be a finite number > 0
 * (RangeError otherwise): T < 1 sharpens the distribution, T > 1 flattens it.
 * Always returns a new Float64Array of length V that sums to 1 (up to rounding).
 */
export function softmax(z: ArrayLike<number>, temperature = 1): Float64Array {
  if (!(Number.isFinite(temperature) && temperature > 0)) {
    throw new RangeError(`softmax: temperature T must be a finite number > 0 (got ${temperature})`);
  }
  const V = z.length;
  const p = new Float64Array(V);
  const m = maxLogit(z);
  if (!Number.isFinite(m)) return p.fill(V === 0 ? 0 : NaN);
  let sum = 0;
  for (let i = 0; i < V; i++) {
    const e = Math.exp(((z[i] as number) - m) / temperature);
    p[i] = e;
    sum += e;
  }
  for (let i = 0; i < V; i++) p[i] = (p[i] as number) / sum;
  return p;
}

/**
 * Log-probabilities log p_i = z_i − logSumExp(z) (natural log, T = 1).
 * More accurate than Math.log(softmax(z)) for very unlikely tokens, whose
 * probability would underflow to 0.
 */
export function logSoftmax(z: ArrayLike<number>): Float64Array {
  const V = z.length;
  const logP = new Float64Array(V);
  const lse = logSumExp(z);
  if (!Number.isFinite(lse)) return logP.fill(NaN);
  for (let i = 0; i < V; i++) logP[i] = (z[i] as number) - lse;
  return logP;
}
