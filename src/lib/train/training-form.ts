/**
 * The trainer's form as pure logic (src/components/train/BigramTrainer.tsx is its view): what
 * the island's props select at first, reading and checking the typed settings with a clear
 * message for bad input, whether the form differs from the model being trained (so Train starts
 * a new one), the form a started model's settings give back, and the label of the main button.
 */
import { CORPUS_LABELS, TOY_CORPUS, type CorpusChoice } from './corpora';
import type { ModelKind } from './model';
import type { OptimizerKind } from './optimizer';
import type { TrainConfig } from './protocol';
import type { TokenizerKind } from './tokenizers';
import { defaultSettings } from './trainer';
import type { TrainingPhase } from './protocol';

/** The held-out sentence offered for each training text. */
export const HELD_OUT_DEFAULTS: Readonly<Record<CorpusChoice, string>> = {
  toy: 'the ugly, the bad and the good',
  book: 'Alice took the little golden key and opened the door.',
  custom: 'Type a sentence that is not in your text.',
};

/** The embedding dimensions d the form offers. */
export const DIMENSIONS: readonly number[] = [1, 2, 3, 4, 8, 16, 32];

/** Bounds of the typed settings. */
export const LIMITS = { maxLearningRate: 100, maxSteps: 100_000, seedsBelow: 2 ** 32 } as const;

/** Which preset a `corpus` prop names (`toy`, `book`/`alice`, `custom`, or a text), and the reader's text it carries. */
export function corpusFromProp(corpus: string | undefined): { choice: CorpusChoice; custom: string } {
  if (corpus === undefined || corpus === 'toy' || corpus.trim() === TOY_CORPUS) return { choice: 'toy', custom: '' };
  if (corpus === 'book' || corpus === 'alice') return { choice: 'book', custom: '' };
  if (corpus === 'custom') return { choice: 'custom', custom: '' };
  return { choice: 'custom', custom: corpus };
}

/** The preset a started model's corpus label belongs to (`custom` for any other label). */
export function choiceFromLabel(label: string): CorpusChoice {
  return (Object.keys(CORPUS_LABELS) as CorpusChoice[]).find((c) => CORPUS_LABELS[c] === label) ?? 'custom';
}

/** Default number of steps per run for a training text: 500 for the toy corpus, else 2,000. */
export function defaultSteps(choice: CorpusChoice): number {
  return choice === 'toy' ? 500 : 2000;
}

/** Default embedding dimension for a training text: 2 for the toy corpus (drawn as it is), else 16. */
export function defaultDimension(choice: CorpusChoice): number {
  return choice === 'toy' ? 2 : 16;
}

/** The form's fields as the reader set them (numbers still as typed). */
export interface TrainingFormValues {
  choice: CorpusChoice;
  customText: string;
  tokenizer: TokenizerKind;
  dimension: number;
  optimizer: OptimizerKind;
  learningRate: string;
  steps: string;
  seed: string;
}

/** The typed numbers, read. */
export interface ParsedNumbers {
  learningRate: number;
  steps: number;
  seed: number;
}

/** The typed numbers as numbers (NaN where not a number; '' reads as 0, as `Number` does). */
export function parseNumbers(form: Pick<TrainingFormValues, 'learningRate' | 'steps' | 'seed'>): ParsedNumbers {
  return { learningRate: Number(form.learningRate), steps: Number(form.steps), seed: Number(form.seed) };
}

/** What is wrong with the typed numbers (the first problem), or null when they can be used. */
export function formProblem(n: ParsedNumbers): string | null {
  if (!(Number.isFinite(n.learningRate) && n.learningRate > 0 && n.learningRate <= LIMITS.maxLearningRate)) {
    return 'The learning rate η must be a number above 0 (and at most 100).';
  }
  if (!(Number.isInteger(n.steps) && n.steps >= 1 && n.steps <= LIMITS.maxSteps)) return 'Steps per run must be a whole number from 1 to 100,000.';
  if (!(Number.isInteger(n.seed) && n.seed >= 0 && n.seed < LIMITS.seedsBelow)) return 'The training seed must be a whole number from 0 to 4,294,967,295.';
  return null;
}

/**
 * Whether the form differs from the settings a model was started with (Train would start a new
 * model). The number of steps is not a setting of the model (it is how far the next run goes);
 * the dimension matters only for the context-averaging model.
 */
export function settingsDiffer(form: TrainingFormValues, model: ModelKind, config: TrainConfig | null): boolean {
  if (!config) return false;
  const s = config.settings;
  const n = parseNumbers(form);
  return (
    config.corpusLabel !== CORPUS_LABELS[form.choice] ||
    (form.choice === 'custom' && config.corpusText !== form.customText) ||
    config.tokenizer !== form.tokenizer ||
    (model === 'average' && s.dimension !== form.dimension) ||
    s.optimizer !== form.optimizer ||
    s.learningRate !== n.learningRate ||
    s.seed !== n.seed
  );
}

/**
 * The form fields a started model's settings give (to show them). A bigram model has no d, so
 * the dimension is only given for the context-averaging model; the reader's text only for a
 * custom text.
 */
export function formFromConfig(config: TrainConfig): Partial<TrainingFormValues> {
  const choice = choiceFromLabel(config.corpusLabel);
  return {
    choice,
    ...(choice === 'custom' ? { customText: config.corpusText } : {}),
    tokenizer: config.tokenizer,
    ...(config.settings.model === 'average' ? { dimension: config.settings.dimension } : {}),
    optimizer: config.settings.optimizer,
    learningRate: String(config.settings.learningRate),
    seed: String(config.settings.seed),
    steps: String(config.steps),
  };
}

/** The training settings of a new model from the form (the model's defaults for the rest). */
export function trainingSettings(model: ModelKind, form: Pick<TrainingFormValues, 'optimizer' | 'dimension'>, n: ParsedNumbers) {
  return { ...defaultSettings(model), optimizer: form.optimizer, learningRate: n.learningRate, seed: n.seed, ...(model === 'average' ? { dimension: form.dimension } : {}) };
}

/** What the main button does now. */
export function primaryAction(phase: TrainingPhase, dirty: boolean): 'train' | 'retrain' | 'pause' | 'resume' | 'more' {
  if (phase === 'empty') return 'train';
  if (dirty) return 'retrain';
  if (phase === 'running') return 'pause';
  if (phase === 'paused') return 'resume';
  return 'more';
}

/** The main button's label ("Train 500 more steps" with the typed steps, 0 when unreadable). */
export function primaryLabel(phase: TrainingPhase, dirty: boolean, steps: number, formatCount: (n: number) => string): string {
  switch (primaryAction(phase, dirty)) {
    case 'train':
      return 'Train';
    case 'retrain':
      return 'Train a new model';
    case 'pause':
      return 'Pause';
    case 'resume':
      return 'Resume';
    case 'more':
      return `Train ${formatCount(Number.isFinite(steps) ? steps : 0)} more steps`;
  }
}
