/**
 * What every trainable next-token model in the page can do. A model owns one flat vector of
 * parameters (so optimizers, tests and the worker can treat all models alike) and knows how to
 * turn a context into logits z for the next token, and how to compute the cross-entropy loss of
 * a batch together with its gradient, analytically (no autodiff library).
 */

/** The two models the reader can train: the bigram model and the context-averaging model. */
export type ModelKind = 'bigram' | 'average';

/** Every model kind, in the order a picker lists them. */
export const MODEL_KINDS: readonly ModelKind[] = ['bigram', 'average'];

/** Human name of a model kind. */
export function modelName(kind: ModelKind): string {
  return kind === 'bigram' ? 'bigram model' : 'context-averaging model';
}

/**
 * A batch: windows of consecutive tokens of the corpus, `ids[start … start + length)` for each
 * start. Inside a window, every token after the first is predicted from the tokens before it
 * (in that window), so a window of length L holds L − 1 predictions.
 */
export interface Batch {
  /** First position of each window. */
  starts: ArrayLike<number>;
  /** Tokens per window (≥ 2). */
  length: number;
}

/** Loss of a batch. */
export interface BatchLoss {
  /** Mean cross-entropy over the batch's predictions, in nats: mean of −ln p(next token). */
  meanNats: number;
  /** Number of predictions averaged. */
  predictions: number;
}

/** A next-token model with analytic gradients. */
export interface NextTokenModel {
  /** Which model this is. */
  readonly kind: ModelKind;
  /** Vocabulary size |V| (number of logits). */
  readonly vocabSize: number;
  /** Embedding dimension d of each token's vector (|V| for the bigram model, whose vectors are logit columns). */
  readonly dimension: number;
  /** All parameters in one vector; optimizers update it in place. */
  readonly params: Float64Array;
  /** Logits z of the token after `context` (token ids, at least one). */
  nextLogits(context: ArrayLike<number>): Float64Array;
  /**
   * Mean cross-entropy of every prediction in the batch (windows of `ids`). When `grad` is given
   * (same length as `params`), it is overwritten with the gradient of that mean loss.
   */
  lossAndGradient(ids: ArrayLike<number>, batch: Batch, grad: Float64Array | null): BatchLoss;
  /**
   * ln p(ids[t] | ids[0…t−1]) for t = 1…n−1, in nats: one entry per token after the first, each
   * given every token before it (the first token has no context, so it gets no entry).
   */
  sequenceLogProbs(ids: ArrayLike<number>): Float64Array;
  /** The learned vector of token `id`: its embedding (or, for the bigram model, its logit column). */
  tokenVector(id: number): Float64Array;
}
