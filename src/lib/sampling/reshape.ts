/**
 * Reshaping a next-token distribution before sampling: temperature, then
 * top-k, then top-p (nucleus) — the same order as common LM toolkits.
 *
 * 1. Temperature: p = softmax(z / T). T < 1 sharpens, T > 1 flattens.
 *    T = 0 (in practice T < GREEDY_TEMPERATURE) means greedy decoding: always
 *    the argmax.
 * 2. Top-k: keep only the k most probable tokens (k = 0: off).
 * 3. Top-p: of what is left, renormalised, keep the smallest set of most
 *    probable tokens whose probability adds up to at least p (p = 1: off).
 *    The most probable token is always kept.
 * The kept probabilities are then renormalised to sum to 1.
 *
 * Ranking is done on the logits z, which orders tokens exactly like p
 * (dividing by T > 0 and exp() both preserve order); ties go to the lower id.
 * A token with probability 0 (logit −∞, or exp() underflow at a tiny T) can
 * still be among the k kept by top-k, or among all V when nothing is cut;
 * it is never drawn. Top-p never needs such tokens and leaves them out.
 *
 * Cost for a vocabulary of V tokens, with n tokens kept:
 * - always: one O(V) pass for the softmax denominators;
 * - top-k on: topK(), O(V log k) with a heap, or a full sort of all V
 *   logits when k > V/8 (then the faster of the two);
 * - top-p only: topP(), a weighted quickselect, expected O(V + n log n) —
 *   it sorts only the n kept tokens (here the ranking is by p, which equals
 *   the ranking by z except where distinct logits round to the same p);
 * - neither (temperature only): all V tokens are returned sorted, by an
 *   O(V) radix sort (tens of milliseconds for V = 262,144).
 */
import { drawIndex } from './draw';
import type { Rng } from './prng';
import { topK } from './top-k';
import { topP } from './top-p';

/** The knobs a user turns when sampling. */
export interface SamplingSettings {
  /** Temperature T ≥ 0; 0 means greedy (always the most likely token). */
  temperature: number;
  /** Keep only the k most likely tokens; 0 = off. */
  topK: number;
  /** Keep the smallest set of top tokens with total probability ≥ p; 1 = off. */
  topP: number;
}

/** The distribution actually sampled from, restricted to the kept tokens. */
export interface ReshapedDistribution {
  /** Kept token ids, most probable first (ties: lower id first). */
  ids: Int32Array;
  /** Final probabilities of the kept tokens (after T, top-k, top-p; sum to 1). */
  probs: Float64Array;
  /** The same tokens' probabilities under plain softmax(z), i.e. T = 1, nothing cut. */
  originalProbs: Float64Array;
  /**
   * Total probability of the kept tokens under softmax(z / T), before
   * renormalising. Greedy (T = 0): the T → 0 limit, 1 / (number of tokens
   * tied for the largest logit).
   */
  keptMass: number;
}

/** Temperatures below this are treated as T = 0, i.e. greedy decoding. */
export const GREEDY_TEMPERATURE = 1e-6;

/** Throws a RangeError explaining the first invalid setting, if any. */
export function validateSettings(s: SamplingSettings): void {
  const { temperature: T, topK: k, topP: p } = s;
  if (!(Number.isFinite(T) && T >= 0)) {
    throw new RangeError(`temperature must be a finite number ≥ 0 (got ${T}); use 0 for greedy decoding`);
  }
  if (!(Number.isInteger(k) && k >= 0)) {
    throw new RangeError(`topK must be a whole number ≥ 0 (got ${k}); use 0 to turn top-k off`);
  }
  if (!(p > 0 && p <= 1)) {
    throw new RangeError(`topP must be in (0, 1] (got ${p}); use 1 to turn top-p off`);
  }
}

/**
 * Checks that every logit is finite or −∞ and at least one is finite, and
 * returns the largest logit m.
 */
function checkedMaxLogit(z: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i] as number;
    if (zi > m) m = zi;
    else if (zi !== zi) throw new RangeError(`logit z[${i}] is NaN; logits must be numbers`);
  }
  if (m === Infinity) throw new RangeError('logits must be finite (or −Infinity to forbid a token), not +Infinity');
  if (m === -Infinity) throw new RangeError('need at least one finite logit');
  return m;
}

/**
 * Applies temperature, then top-k, then top-p to logits z and returns only the
 * kept tokens, most probable first, with renormalised probabilities.
 * Throws RangeError on invalid settings (see validateSettings), on NaN or +∞
 * logits, or if no logit is finite.
 */
export function reshape(z: ArrayLike<number>, s: SamplingSettings): ReshapedDistribution {
  validateSettings(s);
  const V = z.length;
  const T = s.temperature;
  const m = checkedMaxLogit(z);
  const greedy = T < GREEDY_TEMPERATURE;
  const topPOnly = !greedy && s.topK === 0 && s.topP < 1;

  // Softmax denominators, shifted by the largest logit m so exp() cannot
  // overflow: sum1 = Σ exp(z_i − m) for T = 1 and sumT = Σ exp((z_i − m) / T).
  // The top-p-only path also keeps the weights w_i = exp((z_i − m) / T).
  const weights = topPOnly ? new Float64Array(V) : null;
  let sum1 = 0;
  let sumT = 0;
  for (let i = 0; i < V; i++) {
    const d = (z[i] as number) - m;
    const e = Math.exp(d);
    sum1 += e;
    if (greedy) continue;
    const w = T === 1 ? e : Math.exp(d / T);
    sumT += w;
    if (weights) weights[i] = w;
  }
  let ids: Int32Array;
  let probsAtT: Float64Array; // softmax(z / T) of the kept ids, not renormalised
  if (greedy) {
    // As T → 0, softmax(z / T) splits all mass evenly among the tokens tied
    // for the largest logit; greedy decoding takes the first of them.
    ids = topK(z, 1).indices;
    let ties = 0;
    for (let i = 0; i < V; i++) if (z[i] === m) ties++;
    probsAtT = Float64Array.of(1 / ties);
  } else if (weights) {
    // Top-p only.
    ids = topP(weights, s.topP);
    probsAtT = softmaxAt(z, ids, m, T, sumT);
  } else {
    // Top-k (or, with k = 0, every token) ranked by logit, then top-p on the
    // renormalised top-k distribution, i.e. a target mass of p · (top-k mass).
    const k = s.topK > 0 ? Math.min(s.topK, V) : V;
    ids = topK(z, k).indices;
    probsAtT = softmaxAt(z, ids, m, T, sumT);
    if (s.topP < 1) {
      const kept = prefixReaching(probsAtT, s.topP * total(probsAtT)) || ids.length;
      ids = ids.subarray(0, kept);
      probsAtT = probsAtT.subarray(0, kept);
    }
  }

  const keptMass = total(probsAtT);
  const probs = new Float64Array(ids.length);
  for (let j = 0; j < probs.length; j++) probs[j] = greedy ? 1 : (probsAtT[j] as number) / keptMass;
  return {
    ids: ids.slice(),
    probs,
    originalProbs: softmaxAt(z, ids, m, 1, sum1),
    keptMass,
  };
}

/** exp((z_id − m) / T) / denominator for each id in ids: softmax entries, given the shifted denominator. */
function softmaxAt(z: ArrayLike<number>, ids: Int32Array, m: number, T: number, denominator: number): Float64Array {
  const out = new Float64Array(ids.length);
  for (let j = 0; j < ids.length; j++) out[j] = Math.exp(((z[ids[j] as number] as number) - m) / T) / denominator;
  return out;
}

/** Σ of an array. */
function total(values: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < values.length; j++) sum += values[j] as number;
  return sum;
}

/**
 * Length of the shortest prefix of the descending list `probs` whose sum
 * reaches `target`, or 0 if the whole list falls short (only by rounding).
 */
function prefixReaching(probs: Float64Array, target: number): number {
  let mass = 0;
  for (let j = 0; j < probs.length; j++) {
    mass += probs[j] as number;
    if (mass >= target) return j + 1;
  }
  return 0;
}

/**
 * Reshapes z with settings s, then draws one token by inverse-CDF sampling
 * using one number from rng. Returns the token id, its reshaped probability
 * p, and the full reshaped distribution it was drawn from.
 */
export function sampleToken(
  z: ArrayLike<number>,
  s: SamplingSettings,
  rng: Rng,
): { id: number; p: number; dist: ReshapedDistribution } {
  const dist = reshape(z, s);
  const j = drawIndex(dist.probs, rng());
  return { id: dist.ids[j] as number, p: dist.probs[j] as number, dist };
}
