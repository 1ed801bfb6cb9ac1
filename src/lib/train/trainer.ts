/**
 * Training a model on a prepared corpus, one step at a time: pick a batch of windows, compute
 * the mean cross-entropy and its gradient, let the optimizer update the parameters.
 *
 * Every step is deterministic: the batch of step s is drawn from a random stream seeded by
 * (seed, s) alone, and the optimizer's state lives in the trainer. So training 300 steps in one
 * go, or 100 steps, a pause, and 200 more, gives exactly the same parameters.
 */
import { createRng, type Rng } from '../sampling/prng';
import { natsToBits } from '../metrics/surprise';
import { sampleBatch } from './batches';
import { createBigramModel } from './bigram-model';
import { createContextAverageModel } from './context-average-model';
import type { PreparedCorpus } from './corpus';
import type { ModelKind, NextTokenModel } from './model';
import { createOptimizer, type Optimizer, type OptimizerKind } from './optimizer';

/** Everything that decides how a model is trained (the corpus aside). */
export interface TrainingSettings {
  /** Which model. */
  model: ModelKind;
  /** Embedding dimension d (context-averaging model only; the bigram model's columns have |V| entries). */
  dimension: number;
  /** Update rule. */
  optimizer: OptimizerKind;
  /** Learning rate η. */
  learningRate: number;
  /** Windows per step. */
  batchSize: number;
  /** Tokens per window (2 for the bigram model: one pair per window). */
  windowLength: number;
  /** Seed of the initial parameters and of every step's batch. */
  seed: number;
}

/** A learning rate that trains each model well with each optimizer. */
export function defaultLearningRate(model: ModelKind, optimizer: OptimizerKind): number {
  if (optimizer === 'adam') return model === 'bigram' ? 0.1 : 0.03;
  return model === 'bigram' ? 5 : 1;
}

/** Sensible settings for a model (Adam, its default η, seed 1). */
export function defaultSettings(model: ModelKind): TrainingSettings {
  return model === 'bigram'
    ? { model, dimension: 2, optimizer: 'adam', learningRate: defaultLearningRate(model, 'adam'), batchSize: 64, windowLength: 2, seed: 1 }
    : { model, dimension: 16, optimizer: 'adam', learningRate: defaultLearningRate(model, 'adam'), batchSize: 8, windowLength: 16, seed: 1 };
}

/** The random stream of step `step` of a run seeded with `seed` (independent of every other step). */
export function stepRng(seed: number, step: number): Rng {
  const mixed = (Math.imul((seed >>> 0) ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(step >>> 0, 0x85ebca6b)) >>> 0;
  return createRng(mixed);
}

/** A fresh model for |V| = `vocabSize`, its parameters drawn from `createRng(settings.seed)`. */
export function createModel(settings: TrainingSettings, vocabSize: number): NextTokenModel {
  const rng = createRng(settings.seed);
  return settings.model === 'bigram' ? createBigramModel(vocabSize, rng) : createContextAverageModel(vocabSize, settings.dimension, rng);
}

/** A model, its optimizer and its corpus, trained step by step. */
export class Trainer {
  /** The model being trained. */
  readonly model: NextTokenModel;
  /** Steps taken so far. */
  step = 0;
  private readonly optimizer: Optimizer;
  private readonly grad: Float64Array;

  /** Sets up training of a fresh model on `corpus` with `settings`. */
  constructor(
    /** The training text, tokenized. */
    readonly corpus: PreparedCorpus,
    /** How to train. */
    readonly settings: TrainingSettings,
  ) {
    this.model = createModel(settings, corpus.vocab.tokens.length);
    this.optimizer = createOptimizer(settings.optimizer, settings.learningRate);
    this.grad = new Float64Array(this.model.params.length);
  }

  /** One training step; returns the batch's mean loss in bits per token, measured before the update. */
  trainStep(): number {
    const { batchSize, windowLength, seed } = this.settings;
    const batch = sampleBatch(this.corpus.ids.length, windowLength, batchSize, stepRng(seed, this.step));
    const loss = this.model.lossAndGradient(this.corpus.ids, batch, this.grad);
    this.optimizer.step(this.model.params, this.grad);
    this.step += 1;
    return natsToBits(loss.meanNats);
  }

  /** `n` training steps; returns the mean of their losses in bits per token (NaN for n = 0). */
  trainSteps(n: number): number {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.trainStep();
    return sum / n;
  }
}
