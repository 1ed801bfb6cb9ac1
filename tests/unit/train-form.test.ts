/**
 * The trainer's form rules (src/lib/train/training-form.ts): props to the first form, checking
 * the typed numbers at their bounds, whether the form differs from a started model, the form a
 * started model gives back, and the main button.
 */
import { describe, expect, it } from 'vitest';
import { CORPUS_LABELS } from '../../src/lib/train/corpora';
import type { TrainConfig } from '../../src/lib/train/protocol';
import {
  choiceFromLabel,
  corpusFromProp,
  defaultSteps,
  formFromConfig,
  formProblem,
  parseNumbers,
  primaryAction,
  primaryLabel,
  settingsDiffer,
  trainingSettings,
  type TrainingFormValues,
} from '../../src/lib/train/training-form';

const ok = { learningRate: 0.1, steps: 500, seed: 1 };
const LR = 'The learning rate η must be a number above 0 (and at most 100).';
const STEPS = 'Steps per run must be a whole number from 1 to 100,000.';
const SEED = 'The training seed must be a whole number from 0 to 4,294,967,295.';

describe('the first form from the props', () => {
  it('names a preset or carries the reader’s text', () => {
    expect(corpusFromProp(undefined)).toEqual({ choice: 'toy', custom: '' });
    expect(corpusFromProp('toy')).toEqual({ choice: 'toy', custom: '' });
    expect(corpusFromProp('  the good, the bad and the ugly ')).toEqual({ choice: 'toy', custom: '' });
    expect(corpusFromProp('alice')).toEqual({ choice: 'book', custom: '' });
    expect(corpusFromProp('book')).toEqual({ choice: 'book', custom: '' });
    expect(corpusFromProp('custom')).toEqual({ choice: 'custom', custom: '' });
    expect(corpusFromProp('a cat sat')).toEqual({ choice: 'custom', custom: 'a cat sat' });
    expect([defaultSteps('toy'), defaultSteps('book'), defaultSteps('custom')]).toEqual([500, 2000, 2000]);
  });
});

describe('checking the typed numbers', () => {
  it('accepts numbers inside the bounds, at the bounds', () => {
    expect(formProblem(ok)).toBeNull();
    expect(formProblem({ learningRate: 100, steps: 100_000, seed: 2 ** 32 - 1 })).toBeNull();
    expect(formProblem({ learningRate: 1e-9, steps: 1, seed: 0 })).toBeNull();
  });
  it('refuses the learning rate at 0, above 100, or not a number', () => {
    for (const lr of [0, -1, 100.5, NaN, Infinity]) expect(formProblem({ ...ok, learningRate: lr }), String(lr)).toBe(LR);
  });
  it('refuses steps that are not whole numbers from 1 to 100,000', () => {
    for (const steps of [0, 1.5, 100_001, NaN]) expect(formProblem({ ...ok, steps }), String(steps)).toBe(STEPS);
  });
  it('refuses seeds outside 0 … 2³² − 1', () => {
    for (const seed of [-1, 2 ** 32, 0.5, NaN]) expect(formProblem({ ...ok, seed }), String(seed)).toBe(SEED);
  });
  it('reports the first problem, and reads typed text as Number does', () => {
    expect(formProblem({ learningRate: 0, steps: 0, seed: -1 })).toBe(LR);
    expect(parseNumbers({ learningRate: '0.5', steps: '1e3', seed: 'x' })).toEqual({ learningRate: 0.5, steps: 1000, seed: NaN });
    expect(formProblem(parseNumbers({ learningRate: '', steps: '10', seed: '1' }))).toBe(LR); // '' reads as 0
  });
});

describe('the form and a started model', () => {
  const form: TrainingFormValues = { choice: 'toy', customText: '', tokenizer: 'words', dimension: 2, optimizer: 'adam', learningRate: '0.1', steps: '500', seed: '1' };
  const config: TrainConfig = {
    corpusText: 'the good, the bad and the ugly',
    corpusLabel: CORPUS_LABELS.toy,
    tokenizer: 'words',
    settings: { model: 'average', dimension: 2, optimizer: 'adam', learningRate: 0.1, batchSize: 8, windowLength: 16, seed: 1 },
    steps: 500,
  };
  it('nothing started, nothing differs; the same settings do not differ', () => {
    expect(settingsDiffer(form, 'average', null)).toBe(false);
    expect(settingsDiffer(form, 'average', config)).toBe(false);
    // The steps are how far the next run goes, not a setting of the model.
    expect(settingsDiffer({ ...form, steps: '900' }, 'average', config)).toBe(false);
  });
  it('each model setting differs on its own', () => {
    expect(settingsDiffer({ ...form, choice: 'book' }, 'average', config)).toBe(true);
    expect(settingsDiffer({ ...form, tokenizer: 'chars' }, 'average', config)).toBe(true);
    expect(settingsDiffer({ ...form, dimension: 4 }, 'average', config)).toBe(true);
    expect(settingsDiffer({ ...form, optimizer: 'sgd' }, 'average', config)).toBe(true);
    expect(settingsDiffer({ ...form, learningRate: '0.2' }, 'average', config)).toBe(true);
    expect(settingsDiffer({ ...form, seed: '2' }, 'average', config)).toBe(true);
    // A bigram model has no dimension.
    expect(settingsDiffer({ ...form, dimension: 4 }, 'bigram', { ...config, settings: { ...config.settings, model: 'bigram' } })).toBe(false);
    // The reader's own text differs when its words differ.
    const custom = { ...config, corpusLabel: CORPUS_LABELS.custom, corpusText: 'a b' };
    expect(settingsDiffer({ ...form, choice: 'custom', customText: 'a b' }, 'average', custom)).toBe(false);
    expect(settingsDiffer({ ...form, choice: 'custom', customText: 'a c' }, 'average', custom)).toBe(true);
  });
  it('a started model gives its settings back to the form', () => {
    expect(formFromConfig(config)).toEqual({ choice: 'toy', tokenizer: 'words', dimension: 2, optimizer: 'adam', learningRate: '0.1', seed: '1', steps: '500' });
    const bigram = formFromConfig({ ...config, corpusLabel: 'something else', corpusText: 'x y', settings: { ...config.settings, model: 'bigram', dimension: 9 } });
    expect(bigram.choice).toBe('custom');
    expect(bigram.customText).toBe('x y');
    expect(bigram.dimension).toBeUndefined();
    expect(choiceFromLabel(CORPUS_LABELS.book)).toBe('book');
  });
  it('a new model takes the form’s optimizer, η and seed, and d only when it averages', () => {
    const s = trainingSettings('average', { optimizer: 'sgd', dimension: 8 }, { learningRate: 0.5, steps: 10, seed: 7 });
    expect(s).toMatchObject({ model: 'average', optimizer: 'sgd', learningRate: 0.5, seed: 7, dimension: 8 });
    expect(trainingSettings('bigram', { optimizer: 'adam', dimension: 8 }, ok).dimension).not.toBe(8);
  });
});

describe('the main button', () => {
  it('trains, retrains on changed settings, pauses, resumes, or trains more', () => {
    expect(primaryAction('empty', false)).toBe('train');
    expect(primaryAction('empty', true)).toBe('train');
    expect(primaryAction('running', true)).toBe('retrain');
    expect(primaryAction('running', false)).toBe('pause');
    expect(primaryAction('paused', false)).toBe('resume');
    expect(primaryAction('finished', false)).toBe('more');
    const fmt = (n: number) => String(n);
    expect(primaryLabel('finished', false, 500, fmt)).toBe('Train 500 more steps');
    expect(primaryLabel('finished', false, NaN, fmt)).toBe('Train 0 more steps');
    expect(primaryLabel('paused', true, 5, fmt)).toBe('Train a new model');
  });
});
