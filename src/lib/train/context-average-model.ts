/**
 * The context-averaging model: predict the next token from the average of the embeddings of
 * all tokens so far.
 *
 *   ē_t = (1/t) Σ_{i=1..t} e_{x_i}          (e_a = column a of the embedding matrix E ∈ R^{d×|V|})
 *   z_t = W ē_t + b                          (W ∈ R^{|V|×d}, b ∈ R^{|V|}: logits of the next token)
 *   p(x_{t+1} | x_1 … x_t) = softmax(z_t)
 *
 * It uses the whole context, but an average does not depend on order: any two contexts made of
 * the same tokens the same number of times (the same multiset) give exactly the same ē, hence the
 * same next-token distribution ("alice drank water" and "water drank alice" end in the same ē).
 *
 * Gradients (loss −ln p_t[y] for target y, g = softmax(z_t) − onehot(y)):
 *   ∂W += g ē_tᵀ,  ∂b += g,  ∂ē_t = Wᵀ g,  and every token x_i with i ≤ t gets ∂e_{x_i} += ∂ē_t / t.
 * The last sum is done as a running suffix sum, so a window of L tokens costs O(L·|V|·d).
 *
 * Storage in `params`: E column by column (e_a at a·d), then W row by row (row v at |V|·d + v·d),
 * then b.
 */
import { logSumExp } from '../math/softmax';
import type { Batch, BatchLoss, NextTokenModel } from './model';

/** Where E, W and b sit inside the parameter vector of a context-averaging model. */
export interface AverageModelLayout {
  /** Offset of E (d × |V|, column e_a at offset + a·d). */
  embeddings: number;
  /** Offset of W (|V| × d, row v at offset + v·d). */
  outputWeights: number;
  /** Offset of b (|V|). */
  outputBias: number;
  /** Total number of parameters: 2·|V|·d + |V|. */
  size: number;
}

/** The parameter layout for |V| = `vocabSize` and embedding dimension d. */
export function averageModelLayout(vocabSize: number, dimension: number): AverageModelLayout {
  const V = vocabSize;
  const d = dimension;
  return { embeddings: 0, outputWeights: V * d, outputBias: 2 * V * d, size: 2 * V * d + V };
}

/**
 * Creates a context-averaging model with |V| = `vocabSize` and embedding dimension d. Embeddings
 * start uniform in ±0.5, output weights uniform in ±1/√d · 0.1, biases at 0 (all drawn with `rng`).
 */
export function createContextAverageModel(vocabSize: number, dimension: number, rng: () => number): NextTokenModel {
  if (!(Number.isInteger(vocabSize) && vocabSize >= 1)) throw new RangeError(`createContextAverageModel: |V| must be a whole number ≥ 1 (got ${vocabSize})`);
  if (!(Number.isInteger(dimension) && dimension >= 1)) throw new RangeError(`createContextAverageModel: d must be a whole number ≥ 1 (got ${dimension})`);
  const V = vocabSize;
  const d = dimension;
  const layout = averageModelLayout(V, d);
  const params = new Float64Array(layout.size);
  const wScale = 0.1 / Math.sqrt(d);
  for (let i = 0; i < layout.outputWeights; i++) params[i] = rng() - 0.5;
  for (let i = layout.outputWeights; i < layout.outputBias; i++) params[i] = (2 * rng() - 1) * wScale;

  const E = layout.embeddings;
  const W = layout.outputWeights;
  const B = layout.outputBias;
  const checkId = (a: number): number => {
    if (!(a >= 0 && a < V)) throw new RangeError(`context-averaging model: token id ${a} is outside the vocabulary of ${V}`);
    return a;
  };

  /** z = W ē + b, written into `z`. */
  const logitsInto = (mean: Float64Array, z: Float64Array): void => {
    for (let v = 0; v < V; v++) {
      let s = params[B + v] as number;
      const row = W + v * d;
      for (let k = 0; k < d; k++) s += (params[row + k] as number) * (mean[k] as number);
      z[v] = s;
    }
  };

  /** Adds e_a to `sum`. */
  const addEmbedding = (sum: Float64Array, a: number): void => {
    const col = E + checkId(a) * d;
    for (let k = 0; k < d; k++) sum[k] = (sum[k] as number) + (params[col + k] as number);
  };

  return {
    kind: 'average',
    vocabSize: V,
    dimension: d,
    params,

    nextLogits(context) {
      if (context.length === 0) throw new RangeError('context-averaging model: the context needs at least one token');
      const sum = new Float64Array(d);
      for (let i = 0; i < context.length; i++) addEmbedding(sum, context[i] as number);
      for (let k = 0; k < d; k++) sum[k] = (sum[k] as number) / context.length;
      const z = new Float64Array(V);
      logitsInto(sum, z);
      return z;
    },

    lossAndGradient(ids, batch: Batch, grad): BatchLoss {
      const L = batch.length;
      const predictions = batch.starts.length * (L - 1);
      if (predictions <= 0) throw new RangeError('context-averaging model: a batch needs windows of at least 2 tokens');
      const scale = 1 / predictions;
      if (grad) grad.fill(0);
      const sum = new Float64Array(d);
      const mean = new Float64Array(d);
      const z = new Float64Array(V);
      const gradMean = new Float64Array(d);
      // perToken[t·d + k]: ∂loss/∂ē_t divided by t's context size, for the suffix sum
      const perToken = grad ? new Float64Array((L - 1) * d) : null;
      let totalNats = 0;
      for (let w = 0; w < batch.starts.length; w++) {
        const start = batch.starts[w] as number;
        sum.fill(0);
        for (let t = 0; t < L - 1; t++) {
          addEmbedding(sum, ids[start + t] as number);
          const count = t + 1; // tokens in the context so far
          for (let k = 0; k < d; k++) mean[k] = (sum[k] as number) / count;
          logitsInto(mean, z);
          const target = checkId(ids[start + t + 1] as number);
          if (!grad || !perToken) {
            totalNats += logSumExp(z) - (z[target] as number);
            continue;
          }
          // Softmax by hand (each exp once): z is overwritten with exp(z_v − m).
          let m = -Infinity;
          for (let v = 0; v < V; v++) if ((z[v] as number) > m) m = z[v] as number;
          let total = 0;
          const zTarget = z[target] as number;
          for (let v = 0; v < V; v++) {
            const e = Math.exp((z[v] as number) - m);
            z[v] = e;
            total += e;
          }
          totalNats += m + Math.log(total) - zTarget;
          gradMean.fill(0);
          const factor = scale / total;
          for (let v = 0; v < V; v++) {
            const g = factor * (z[v] as number) - (v === target ? scale : 0);
            grad[B + v] = (grad[B + v] as number) + g;
            const row = W + v * d;
            for (let k = 0; k < d; k++) {
              grad[row + k] = (grad[row + k] as number) + g * (mean[k] as number);
              gradMean[k] = (gradMean[k] as number) + g * (params[row + k] as number);
            }
          }
          for (let k = 0; k < d; k++) perToken[t * d + k] = (gradMean[k] as number) / count;
        }
        if (!grad || !perToken) continue;
        // Token at window position i is in every context t ≥ i: ∂e_{x_i} += Σ_{t ≥ i} ∂ē_t / (t + 1).
        sum.fill(0);
        for (let i = L - 2; i >= 0; i--) {
          const col = E + (ids[start + i] as number) * d;
          for (let k = 0; k < d; k++) {
            sum[k] = (sum[k] as number) + (perToken[i * d + k] as number);
            grad[col + k] = (grad[col + k] as number) + (sum[k] as number);
          }
        }
      }
      return { meanNats: totalNats * scale, predictions };
    },

    sequenceLogProbs(ids) {
      const out = new Float64Array(Math.max(0, ids.length - 1));
      const sum = new Float64Array(d);
      const mean = new Float64Array(d);
      const z = new Float64Array(V);
      for (let t = 1; t < ids.length; t++) {
        addEmbedding(sum, ids[t - 1] as number);
        for (let k = 0; k < d; k++) mean[k] = (sum[k] as number) / t;
        logitsInto(mean, z);
        out[t - 1] = (z[checkId(ids[t] as number)] as number) - logSumExp(z);
      }
      return out;
    },

    tokenVector(id) {
      const col = E + checkId(id) * d;
      return params.slice(col, col + d);
    },
  };
}
