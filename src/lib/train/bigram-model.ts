/**
 * The bigram model: p(x_{t+1} | x_1 … x_t) ≈ p(x_{t+1} | x_t).
 *
 * Its only parameters are a matrix E ∈ R^{|V|×|V|} with one column per token: the column of the
 * current token a holds one logit for every possible next token b, and
 *
 *   p(x_{t+1} = b | x_t = a) = softmax(E[:, a])_b.
 *
 * Loss of one pair (a → b): −ln p(b | a) = logSumExp(E[:, a]) − E[b, a]. Its gradient touches only
 * column a: ∂loss/∂E[:, a] = softmax(E[:, a]) − onehot(b), "probabilities minus the truth".
 *
 * Storage: column by column, E[:, a] is `params[a·|V| … a·|V| + |V|)`.
 */
import { logSumExp } from '../math/softmax';
import type { Batch, BatchLoss, NextTokenModel } from './model';

/** Creates a bigram model for a vocabulary of `vocabSize` tokens, logits drawn uniformly from ±`initScale` with `rng`. */
export function createBigramModel(vocabSize: number, rng: () => number, initScale = 0.01): NextTokenModel {
  if (!(Number.isInteger(vocabSize) && vocabSize >= 1)) throw new RangeError(`createBigramModel: |V| must be a whole number ≥ 1 (got ${vocabSize})`);
  const V = vocabSize;
  const params = new Float64Array(V * V);
  const expScratch = new Float64Array(V);
  for (let i = 0; i < params.length; i++) params[i] = (2 * rng() - 1) * initScale;

  /** Column E[:, a]: the logits of the next token after token a (a view, not a copy). */
  const column = (a: number): Float64Array => {
    if (!(a >= 0 && a < V)) throw new RangeError(`bigram model: token id ${a} is outside the vocabulary of ${V}`);
    return params.subarray(a * V, a * V + V);
  };

  return {
    kind: 'bigram',
    vocabSize: V,
    dimension: V,
    params,

    nextLogits(context) {
      if (context.length === 0) throw new RangeError('bigram model: the context needs at least one token');
      return column(context[context.length - 1] as number).slice();
    },

    lossAndGradient(ids, batch: Batch, grad): BatchLoss {
      const predictions = batch.starts.length * (batch.length - 1);
      if (predictions <= 0) throw new RangeError('bigram model: a batch needs windows of at least 2 tokens');
      const scale = 1 / predictions; // the loss is a mean, so each prediction's gradient is scaled by 1/N
      if (grad) grad.fill(0);
      let totalNats = 0;
      for (let w = 0; w < batch.starts.length; w++) {
        const start = batch.starts[w] as number;
        for (let t = start + 1; t < start + batch.length; t++) {
          const a = ids[t - 1] as number; // current token
          const b = ids[t] as number; // the token that really came next
          const z = column(a);
          if (!grad) {
            totalNats += logSumExp(z) - (z[b] as number);
            continue;
          }
          // Softmax by hand so that each exp is computed once: p_i = exp(z_i − m) / Σ_j exp(z_j − m).
          let m = -Infinity;
          for (let i = 0; i < V; i++) if ((z[i] as number) > m) m = z[i] as number;
          let sum = 0;
          for (let i = 0; i < V; i++) {
            const e = Math.exp((z[i] as number) - m);
            expScratch[i] = e;
            sum += e;
          }
          totalNats += m + Math.log(sum) - (z[b] as number);
          const offset = a * V;
          const factor = scale / sum;
          for (let i = 0; i < V; i++) grad[offset + i] = (grad[offset + i] as number) + factor * (expScratch[i] as number);
          grad[offset + b] = (grad[offset + b] as number) - scale;
        }
      }
      return { meanNats: totalNats * scale, predictions };
    },

    sequenceLogProbs(ids) {
      const out = new Float64Array(Math.max(0, ids.length - 1));
      for (let t = 1; t < ids.length; t++) {
        const z = column(ids[t - 1] as number);
        out[t - 1] = (z[ids[t] as number] as number) - logSumExp(z);
      }
      return out;
    },

    tokenVector(id) {
      return column(id).slice();
    },
  };
}
