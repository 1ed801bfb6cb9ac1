/**
 * The trainer's form state: the training text, tokenizer, dimension, optimizer, learning rate,
 * steps and seed as the reader set them, with the rules of src/lib/train/training-form.ts: the
 * typed numbers read and checked, whether the form differs from the current model, and a model
 * started elsewhere (the comparison, or before hydration) shown in the form.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CorpusChoice } from '../../lib/train/corpora';
import type { ModelKind } from '../../lib/train/model';
import type { OptimizerKind } from '../../lib/train/optimizer';
import type { TrainConfig, TrainingPhase } from '../../lib/train/protocol';
import type { TokenizerKind } from '../../lib/train/tokenizers';
import { defaultLearningRate } from '../../lib/train/trainer';
import {
  corpusFromProp,
  defaultDimension,
  defaultSteps,
  formFromConfig,
  formProblem,
  parseNumbers,
  settingsDiffer,
  type ParsedNumbers,
  type TrainingFormValues,
} from '../../lib/train/training-form';

/** The values the training form starts from (the trainer island's props). */
export interface TrainingFormProps {
  /**
   * The training text selected at first: `toy` (default), `book` (the bundled Alice excerpt),
   * `custom` (an empty box for the reader's text), or any other string, which is put in the box
   * as the reader's text (the toy sentence itself selects `toy`).
   */
  corpus?: string;
  /** Tokenizer selected at first (default `words`). */
  tokenizer?: TokenizerKind;
  /** Model selected at first (default `bigram`). */
  model?: ModelKind;
  /** Embedding dimension d of the context-averaging model (default 2 for the toy corpus, else 16). */
  dimension?: number;
  /** Training steps per press of Train (default 500 for the toy corpus, else 2,000). */
  steps?: number;
  /** Training seed (initial parameters and batches; default 1). */
  seed?: number;
}

/** The form's state and its changes. */
export interface TrainingForm {
  /** The fields. */
  values: TrainingFormValues;
  /** The typed numbers, read. */
  parsed: ParsedNumbers;
  /** What is wrong with them, or null. */
  problem: string | null;
  /** Whether the form differs from the model in the slot (Train starts a new one). */
  dirty: boolean;
  /** Changes one field as typed. */
  set: <K extends keyof TrainingFormValues>(key: K, value: TrainingFormValues[K]) => void;
  /** Picks a training text (steps and dimension follow it unless the props fixed them). */
  choose: (c: CorpusChoice) => void;
  /** Picks an optimizer (the learning rate goes to its default for the model). */
  chooseOptimizer: (o: OptimizerKind) => void;
  /** After the model changed: shows its settings if it was started, else its default learning rate. */
  modelChanged: (m: ModelKind, config: TrainConfig | null) => void;
}

/** The form of the trainer for `model`, whose slot has `config` and is in `phase`. */
export function useTrainingForm(props: TrainingFormProps, model: ModelKind, config: TrainConfig | null, phase: TrainingPhase): TrainingForm {
  const [values, setValues] = useState<TrainingFormValues>(() => {
    const initial = corpusFromProp(props.corpus);
    return {
      choice: initial.choice,
      customText: initial.custom,
      tokenizer: props.tokenizer ?? 'words',
      dimension: props.dimension ?? defaultDimension(initial.choice),
      optimizer: 'adam',
      learningRate: String(defaultLearningRate(props.model ?? 'bigram', 'adam')),
      steps: String(props.steps ?? defaultSteps(initial.choice)),
      seed: String(props.seed ?? 1),
    };
  });
  const patch = (p: Partial<TrainingFormValues>): void => setValues((v) => ({ ...v, ...p }));

  // A model started elsewhere (the comparison widget, or before this island hydrated): show its settings.
  useEffect(() => {
    if (config) setValues((v) => ({ ...v, ...formFromConfig(config) }));
  }, [config]);

  const parsed = parseNumbers(values);
  return {
    values,
    parsed,
    problem: formProblem(parsed),
    dirty: phase !== 'empty' && settingsDiffer(values, model, config),
    set: (key, value) => patch({ [key]: value } as Partial<TrainingFormValues>),
    choose: (c) =>
      patch({
        choice: c,
        ...(props.steps === undefined ? { steps: String(defaultSteps(c)) } : {}),
        ...(props.dimension === undefined ? { dimension: defaultDimension(c) } : {}),
      }),
    chooseOptimizer: (o) => patch({ optimizer: o, learningRate: String(defaultLearningRate(model, o)) }),
    modelChanged: (m, started) => {
      if (started) patch(formFromConfig(started));
      else patch({ learningRate: String(defaultLearningRate(m, values.optimizer)) });
    },
  };
}
