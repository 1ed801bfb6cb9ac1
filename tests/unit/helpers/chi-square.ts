/**
 * Pearson's χ² goodness-of-fit test, for checking that a sampler draws from
 * the distribution it claims to.
 *
 *   χ² = Σ_bins (observed − expected)² / expected,   expected = N · p_bin
 *
 * Under the null hypothesis (the sampler is right) χ² is approximately
 * χ²-distributed with (bins − 1) degrees of freedom, as long as every bin
 * expects at least ~5 draws; rarer outcomes are pooled into one bin.
 * The critical value for a quantile q uses the Wilson–Hilferty approximation
 *   χ²_q(k) ≈ k · (1 − 2/(9k) + z_q · √(2/(9k)))³,
 * where z_q is the standard-normal quantile.
 */

export interface ChiSquareResult {
  statistic: number;
  degreesOfFreedom: number;
  bins: number;
}

/**
 * χ² statistic of `observed` counts against probabilities `expectedProbs`
 * (same length; normalised here). Bins expecting fewer than `minExpected`
 * draws are pooled together (and, if the pool is still too small, merged
 * with the smallest regular bin).
 */
export function chiSquare(
  observed: ArrayLike<number>,
  expectedProbs: ArrayLike<number>,
  minExpected = 5,
): ChiSquareResult {
  if (observed.length !== expectedProbs.length) throw new Error('observed and expected lengths differ');
  let n = 0;
  let probTotal = 0;
  for (let i = 0; i < observed.length; i++) {
    n += observed[i] as number;
    probTotal += expectedProbs[i] as number;
  }
  const bins: { o: number; e: number }[] = [];
  const pool = { o: 0, e: 0 };
  for (let i = 0; i < observed.length; i++) {
    const e = (n * (expectedProbs[i] as number)) / probTotal;
    const o = observed[i] as number;
    if (e >= minExpected) bins.push({ o, e });
    else {
      pool.o += o;
      pool.e += e;
    }
  }
  if (pool.e > 0 || pool.o > 0) {
    if (pool.e >= minExpected || bins.length === 0) bins.push(pool);
    else {
      bins.sort((a, b) => a.e - b.e);
      const smallest = bins[0]!;
      smallest.o += pool.o;
      smallest.e += pool.e;
    }
  }
  let statistic = 0;
  for (const { o, e } of bins) statistic += e > 0 ? ((o - e) * (o - e)) / e : o > 0 ? Infinity : 0;
  return { statistic, degreesOfFreedom: bins.length - 1, bins: bins.length };
}

/** Standard normal CDF Φ(x), via the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Standard normal quantile z_q, by bisection on normalCdf. */
export function normalQuantile(q: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Wilson–Hilferty approximation of the q-quantile of the χ² distribution with k degrees of freedom. */
export function chiSquareCritical(k: number, q = 0.999): number {
  if (!(k >= 1)) throw new RangeError(`need at least 1 degree of freedom (got ${k})`);
  const a = 2 / (9 * k);
  return k * (1 - a + normalQuantile(q) * Math.sqrt(a)) ** 3;
}
