/**
 * The trainer island: the reader picks a training text (the toy corpus, the bundled Alice
 * excerpt, or their own paragraph), a tokenizer and a model (bigram or context averaging),
 * presses Train, and watches the loss in bits per token fall while a Web Worker runs gradient
 * descent. Then they sample from the model at a chosen temperature (with a visible seed) and see
 * its loops, score a held-out sentence, and, for small vocabularies, see the learned token
 * vectors in 2-D.
 *
 * Before hydration it renders a full description, the toy corpus, every control's label and an
 * explanation of what training will do, with the controls disabled.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { getTrainingClient } from '../../lib/train/client';
import { BUNDLED_TEXT, CORPUS_LABELS, TOY_CORPUS, type CorpusChoice } from '../../lib/train/corpora';
import { MAX_CORPUS_CHARS } from '../../lib/train/corpus';
import type { ModelKind } from '../../lib/train/model';
import type { OptimizerKind } from '../../lib/train/optimizer';
import type { SampleResult, TrainConfig } from '../../lib/train/protocol';
import type { TextScore } from '../../lib/train/scoring';
import type { SlotState } from '../../lib/train/slot-state';
import type { TokenizerKind } from '../../lib/train/tokenizers';
import { defaultLearningRate, defaultSettings } from '../../lib/train/trainer';
import EmbeddingScatter from './EmbeddingScatter';
import LossChart from './LossChart';
import { loadBundledText } from './bundled-text';
import { formatBits, formatCount, formatPerplexity, tokenLabel } from './format';
import { useSlot } from './use-slot';
import '../model/model.css';
import './train.css';
import { TableScroll } from '../widgets/shared/TableScroll';

/** Props of the trainer island. */
export interface BigramTrainerProps {
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
  /** Held-out text in the scoring box at first (default depends on the corpus). */
  heldOut?: string;
  /** Sampling temperature at first (default 1). */
  temperature?: number;
}

const HELD_OUT_DEFAULTS: Record<CorpusChoice, string> = {
  toy: 'the ugly, the bad and the good',
  book: 'Alice took the little golden key and opened the door.',
  custom: 'Type a sentence that is not in your text.',
};

const DIMENSIONS = [1, 2, 3, 4, 8, 16, 32];

/** Which preset a `corpus` prop names, and the reader's text it carries. */
function corpusFromProp(corpus: string | undefined): { choice: CorpusChoice; custom: string } {
  if (corpus === undefined || corpus === 'toy' || corpus.trim() === TOY_CORPUS) return { choice: 'toy', custom: '' };
  if (corpus === 'book' || corpus === 'alice') return { choice: 'book', custom: '' };
  if (corpus === 'custom') return { choice: 'custom', custom: '' };
  return { choice: 'custom', custom: corpus };
}

/** The preset a started model's label belongs to. */
function choiceFromLabel(label: string): CorpusChoice {
  return (Object.keys(CORPUS_LABELS) as CorpusChoice[]).find((c) => CORPUS_LABELS[c] === label) ?? 'custom';
}

/** Default number of steps per run for a training text. */
function defaultSteps(choice: CorpusChoice): number {
  return choice === 'toy' ? 500 : 2000;
}

/** What a screen reader hears about training (short; the chart caption has the details). */
function announcement(slot: SlotState, modelName: string): string {
  const loss = slot.lossBits === null ? '' : `, loss ${formatBits(slot.lossBits)} bits per token`;
  switch (slot.phase) {
    case 'running':
      return `Training the ${modelName}: step ${formatCount(slot.step)} of ${formatCount(slot.targetStep)}${loss}.`;
    case 'paused':
      return `Paused at step ${formatCount(slot.step)}${loss}. Press Resume to continue.`;
    case 'finished':
      return `Finished ${formatCount(slot.step)} steps${loss}${slot.lossBits === null ? '' : ` (perplexity ${formatPerplexity(2 ** slot.lossBits)})`}.`;
    default:
      return '';
  }
}

/** The trainer island (use with `client:visible`). */
export default function BigramTrainer(props: BigramTrainerProps) {
  const initialCorpus = corpusFromProp(props.corpus);
  const [hydrated, setHydrated] = useState(false);
  const [choice, setChoice] = useState<CorpusChoice>(initialCorpus.choice);
  const [customText, setCustomText] = useState(initialCorpus.custom);
  const [tokenizer, setTokenizer] = useState<TokenizerKind>(props.tokenizer ?? 'words');
  const [model, setModel] = useState<ModelKind>(props.model ?? 'bigram');
  const [dimension, setDimension] = useState(props.dimension ?? (initialCorpus.choice === 'toy' ? 2 : 16));
  const [optimizer, setOptimizer] = useState<OptimizerKind>('adam');
  const [learningRate, setLearningRate] = useState(String(defaultLearningRate(props.model ?? 'bigram', 'adam')));
  const [steps, setSteps] = useState(String(props.steps ?? defaultSteps(initialCorpus.choice)));
  const [seed, setSeed] = useState(String(props.seed ?? 1));
  const [error, setError] = useState<string | null>(null);
  const [loadingBook, setLoadingBook] = useState(false);

  const [prompt, setPrompt] = useState('the');
  const [temperature, setTemperature] = useState(props.temperature ?? 1);
  const [sampleSeed, setSampleSeed] = useState('42');
  const [sampleLength, setSampleLength] = useState('40');
  const [sample, setSample] = useState<SampleResult | null>(null);
  const [sampleError, setSampleError] = useState<string | null>(null);

  const [heldOut, setHeldOut] = useState(props.heldOut ?? HELD_OUT_DEFAULTS[initialCorpus.choice]);
  const [score, setScore] = useState<TextScore | null>(null);
  const [scoreError, setScoreError] = useState<string | null>(null);

  const [spoken, setSpoken] = useState('');
  const lastSpoken = useRef({ at: 0, phase: '' });

  const slot = useSlot(model);
  const uid = `train-${useId()}`;
  const ids = {
    title: `${uid}-title`,
    corpus: `${uid}-corpus`,
    custom: `${uid}-custom`,
    tokenizer: `${uid}-tokenizer`,
    model: `${uid}-model`,
    dimension: `${uid}-dimension`,
    optimizer: `${uid}-optimizer`,
    lr: `${uid}-lr`,
    steps: `${uid}-steps`,
    seed: `${uid}-seed`,
    chartCaption: `${uid}-chart-caption`,
    scatterCaption: `${uid}-scatter-caption`,
    sampleTitle: `${uid}-sample-title`,
    prompt: `${uid}-prompt`,
    temperature: `${uid}-temperature`,
    sampleSeed: `${uid}-sample-seed`,
    sampleLength: `${uid}-sample-length`,
    scoreTitle: `${uid}-score-title`,
    heldOut: `${uid}-held-out`,
  };

  useEffect(() => setHydrated(true), []);

  // Results belong to one model: clear them when the model or its run changes.
  useEffect(() => {
    setSample(null);
    setScore(null);
    setSampleError(null);
    setScoreError(null);
  }, [model, slot.config]);

  const modelName = model === 'bigram' ? 'bigram model' : 'context-averaging model';

  // Screen-reader progress: at once on a phase change, then at most every 5 seconds.
  useEffect(() => {
    const now = Date.now();
    const phaseChanged = slot.phase !== lastSpoken.current.phase;
    if (!phaseChanged && (slot.phase !== 'running' || now - lastSpoken.current.at < 5000)) return;
    lastSpoken.current = { at: now, phase: slot.phase };
    setSpoken(announcement(slot, modelName));
  }, [slot.phase, slot.step, modelName]);

  // ---- the settings in the form, and whether they differ from the model's ----
  const parsedLr = Number(learningRate);
  const parsedSteps = Number(steps);
  const parsedSeed = Number(seed);
  const formProblem = !(Number.isFinite(parsedLr) && parsedLr > 0 && parsedLr <= 100)
    ? 'The learning rate η must be a number above 0 (and at most 100).'
    : !(Number.isInteger(parsedSteps) && parsedSteps >= 1 && parsedSteps <= 100_000)
      ? 'Steps per run must be a whole number from 1 to 100,000.'
      : !(Number.isInteger(parsedSeed) && parsedSeed >= 0 && parsedSeed < 2 ** 32)
        ? 'The training seed must be a whole number from 0 to 4,294,967,295.'
        : null;

  const settingsDiffer = (config: TrainConfig | null): boolean => {
    if (!config) return false;
    const s = config.settings;
    return (
      config.corpusLabel !== CORPUS_LABELS[choice] ||
      (choice === 'custom' && config.corpusText !== customText) ||
      config.tokenizer !== tokenizer ||
      (model === 'average' && s.dimension !== dimension) ||
      s.optimizer !== optimizer ||
      s.learningRate !== parsedLr ||
      s.seed !== parsedSeed
    );
  };
  const dirty = slot.phase !== 'empty' && settingsDiffer(slot.config);

  /** Fills the form with the settings a model was started with. */
  const showConfig = (config: TrainConfig): void => {
    const c = choiceFromLabel(config.corpusLabel);
    setChoice(c);
    if (c === 'custom') setCustomText(config.corpusText);
    setTokenizer(config.tokenizer);
    if (config.settings.model === 'average') setDimension(config.settings.dimension); // a bigram model has no d
    setOptimizer(config.settings.optimizer);
    setLearningRate(String(config.settings.learningRate));
    setSeed(String(config.settings.seed));
    setSteps(String(config.steps));
  };

  // A model started elsewhere (the comparison widget, or before this island hydrated): show its settings.
  useEffect(() => {
    if (slot.config) showConfig(slot.config);
  }, [slot.config]);

  // ---- actions ----
  const start = async (): Promise<void> => {
    setError(null);
    if (formProblem) {
      setError(formProblem);
      return;
    }
    let corpusText: string;
    if (choice === 'toy') corpusText = TOY_CORPUS;
    else if (choice === 'custom') corpusText = customText;
    else {
      setLoadingBook(true);
      try {
        corpusText = await loadBundledText();
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        return;
      } finally {
        setLoadingBook(false);
      }
    }
    const settings = { ...defaultSettings(model), optimizer, learningRate: parsedLr, seed: parsedSeed, ...(model === 'average' ? { dimension } : {}) };
    getTrainingClient()
      .start(model, { corpusText, corpusLabel: CORPUS_LABELS[choice], tokenizer, settings, steps: parsedSteps })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const onPrimary = (): void => {
    const client = getTrainingClient();
    const fail = (e: unknown): void => setError(e instanceof Error ? e.message : String(e));
    if (slot.phase === 'empty' || dirty) void start();
    else if (slot.phase === 'running') client.pause(model).catch(fail);
    else if (formProblem) setError(formProblem);
    else client.resume(model, parsedSteps).catch(fail);
  };

  const onReset = (): void => {
    setError(null);
    getTrainingClient()
      .reset(model)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const onSample = (): void => {
    setSampleError(null);
    const length = Number(sampleLength);
    const s = Number(sampleSeed);
    getTrainingClient()
      .sample(model, prompt, length, temperature, s)
      .then(setSample, (e: unknown) => {
        setSample(null);
        setSampleError(e instanceof Error ? e.message : String(e));
      });
  };

  const onScore = (): void => {
    setScoreError(null);
    getTrainingClient()
      .score(model, heldOut)
      .then(setScore, (e: unknown) => {
        setScore(null);
        setScoreError(e instanceof Error ? e.message : String(e));
      });
  };

  const onChoice = (c: CorpusChoice): void => {
    setChoice(c);
    if (props.steps === undefined) setSteps(String(defaultSteps(c)));
    if (props.dimension === undefined) setDimension(c === 'toy' ? 2 : 16);
    setHeldOut(HELD_OUT_DEFAULTS[c]);
  };

  const onModel = (m: ModelKind): void => {
    setModel(m);
    setError(null);
    const config = getTrainingClient().slots[m].get().config;
    if (config) showConfig(config);
    else setLearningRate(String(defaultLearningRate(m, optimizer)));
  };

  const onOptimizer = (o: OptimizerKind): void => {
    setOptimizer(o);
    setLearningRate(String(defaultLearningRate(model, o)));
  };

  const onTokenizer = (t: TokenizerKind): void => {
    setTokenizer(t);
    setSampleLength(t === 'chars' ? '160' : '40');
  };

  // ---- what to show ----
  const summary = slot.summary;
  const primaryLabel =
    slot.phase === 'empty' ? 'Train' : dirty ? 'Train a new model' : slot.phase === 'running' ? 'Pause' : slot.phase === 'paused' ? 'Resume' : `Train ${formatCount(Number.isFinite(parsedSteps) ? parsedSteps : 0)} more steps`;
  const hasModel = slot.phase !== 'empty';
  const shownTokenizer = summary?.tokenizer ?? tokenizer;
  const V = summary?.vocab.length ?? null;
  const customTooLong = choice === 'custom' && customText.length > MAX_CORPUS_CHARS;

  const chartCaption = ((): string => {
    if (!summary || slot.history.length === 0) {
      return 'No training yet. When you press Train, the loss starts near log₂|V| bits per token, the surprise of a uniform guess over the vocabulary, and falls as gradient descent adjusts the parameters.';
    }
    const loss = slot.lossBits ?? (slot.history.at(-1)?.bits as number);
    const best =
      model === 'bigram'
        ? ` The dashed line at ${formatBits(summary.bestBigramBits)} bits is the best any bigram model can do on this text (the loss of the counted pair frequencies); the curve can approach it but never go below it.`
        : ` For comparison, the best any bigram model can do on this text is ${formatBits(summary.bestBigramBits)} bits per token (dashed line). The averaging model sees the whole context but not its order, so it can end up on either side of that line: ${
            loss < summary.bestBigramBits
              ? 'here it is below, so knowing more of the context helps more than knowing which token came last.'
              : 'here it is above, so the last token alone (all a bigram model sees) tells more than an orderless average of the whole context.'
          }`;
    return `Loss after ${formatCount(slot.step)} steps: ${formatBits(loss)} bits per token (perplexity ${formatPerplexity(2 ** loss)}). Training started near log₂|V| = log₂ ${V} = ${formatBits(summary.uniformBits)} bits, a uniform guess.${best}`;
  })();

  const loop = sample?.loop ?? null;
  const loopTokens = sample && loop ? [...sample.promptTokens, ...sample.tokens].slice(loop.start, loop.start + loop.period) : [];

  return (
    <section
      class="lm-panel train not-content"
      aria-labelledby={ids.title}
      data-testid="bigram-trainer"
      data-hydrated={hydrated ? 'true' : 'false'}
      data-phase={slot.phase}
      data-step={slot.step}
      data-model={model}
      data-loss-bits={slot.lossBits ?? ''}
    >
      <p class="lm-panel__title" id={ids.title}>
        Train a language model in this page
      </p>
      <p>
        Pick a training text, a tokenizer and a model, then press <strong>Train</strong>. Your browser fits the model to the text by gradient descent on the
        cross-entropy loss, in the background, and the chart shows the loss in bits per token falling as it learns. Then sample from the model and score a
        sentence it has never seen.
      </p>
      {!hydrated && (
        <p class="lm-muted train__prehydration">
          The controls come alive once the page’s scripts have loaded. Training runs entirely in your browser; nothing is sent anywhere.
        </p>
      )}

      <fieldset class="train__fieldset">
        <legend>Training text</legend>
        <div class="train__choices">
          {(['toy', 'book', 'custom'] as const).map((c) => (
            <label key={c} class="train__choice">
              <input type="radio" name={ids.corpus} value={c} checked={choice === c} disabled={!hydrated} onChange={() => onChoice(c)} />
              {c === 'toy' ? 'The toy corpus' : c === 'book' ? 'Alice in Wonderland (chapter I)' : 'Your own text'}
            </label>
          ))}
        </div>
        {choice === 'toy' && (
          <p class="train__corpus" data-testid="toy-corpus">
            “{TOY_CORPUS}”. With the word tokenizer: 8 tokens, so 7 neighbouring pairs to learn from, and a vocabulary of 6 words and
            punctuation marks plus <code>&lt;unk&gt;</code>.
          </p>
        )}
        {choice === 'book' && <p class="lm-muted">About 12,600 characters. Source: {BUNDLED_TEXT.source}</p>}
        {choice === 'custom' && (
          <>
            <label for={ids.custom}>Your text (at most {formatCount(MAX_CORPUS_CHARS)} characters are used)</label>
            <textarea
              id={ids.custom}
              class="train__textarea"
              value={customText}
              disabled={!hydrated}
              onInput={(e) => setCustomText((e.currentTarget as HTMLTextAreaElement).value)}
              spellcheck={false}
            />
            {customTooLong && (
              <p class="lm-notice" data-testid="truncation-notice">
                Your text has {formatCount(customText.length)} characters; only the first {formatCount(MAX_CORPUS_CHARS)} are used for training.
              </p>
            )}
          </>
        )}
      </fieldset>

      <div class="train__settings">
        <div class="train__field">
          <label for={ids.tokenizer}>Tokenizer</label>
          <select id={ids.tokenizer} value={tokenizer} disabled={!hydrated} onChange={(e) => onTokenizer((e.currentTarget as HTMLSelectElement).value as TokenizerKind)}>
            <option value="words">words (lowercased, punctuation separate)</option>
            <option value="chars">characters</option>
          </select>
        </div>
        <div class="train__field">
          <label for={ids.model}>Model</label>
          <select id={ids.model} value={model} disabled={!hydrated} onChange={(e) => onModel((e.currentTarget as HTMLSelectElement).value as ModelKind)}>
            <option value="bigram">bigram: softmax of the current token’s column</option>
            <option value="average">context averaging: mean of all embeddings so far</option>
          </select>
        </div>
        {model === 'average' && (
          <div class="train__field">
            <label for={ids.dimension}>Embedding dimension d</label>
            <select id={ids.dimension} value={String(dimension)} disabled={!hydrated} onChange={(e) => setDimension(Number((e.currentTarget as HTMLSelectElement).value))}>
              {DIMENSIONS.map((d) => (
                <option key={d} value={String(d)}>
                  {d}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="train__field">
          <label for={ids.steps}>Steps per run</label>
          <input id={ids.steps} type="number" min={1} max={100000} step={100} value={steps} disabled={!hydrated} onInput={(e) => setSteps((e.currentTarget as HTMLInputElement).value)} />
        </div>
      </div>
      <details class="train-details">
        <summary>Optimizer, learning rate and seed</summary>
        <div class="train__settings">
          <div class="train__field">
            <label for={ids.optimizer}>Optimizer</label>
            <select id={ids.optimizer} value={optimizer} disabled={!hydrated} onChange={(e) => onOptimizer((e.currentTarget as HTMLSelectElement).value as OptimizerKind)}>
              <option value="adam">Adam</option>
              <option value="sgd">SGD: θ ← θ − η ∇θ L</option>
            </select>
          </div>
          <div class="train__field">
            <label for={ids.lr}>Learning rate η</label>
            <input id={ids.lr} type="number" min={0} step="any" value={learningRate} disabled={!hydrated} onInput={(e) => setLearningRate((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <div class="train__field">
            <label for={ids.seed}>Training seed</label>
            <input id={ids.seed} type="number" min={0} step={1} value={seed} disabled={!hydrated} onInput={(e) => setSeed((e.currentTarget as HTMLInputElement).value)} />
          </div>
        </div>
        <p class="lm-muted">
          The seed fixes the starting parameters and every batch, so the same settings give the same curve, and pausing changes nothing. A batch is{' '}
          {model === 'bigram' ? '64 random neighbouring pairs' : '8 random windows of 16 tokens'} (the whole text when it is smaller).
        </p>
      </details>

      <div class="lm-controls">
        <button type="button" class="train__primary" data-action={slot.phase === 'running' && !dirty ? 'pause' : 'train'} onClick={onPrimary} disabled={!hydrated || loadingBook}>
          {loadingBook ? 'Loading the text…' : primaryLabel}
        </button>
        <button type="button" onClick={onReset} disabled={!hydrated || !hasModel}>
          Reset
        </button>
        <span class="lm-muted" role="status" aria-live="polite" data-testid="train-status">
          {spoken}
        </span>
      </div>
      {dirty && (
        <p class="lm-notice" data-testid="settings-changed">
          The settings above differ from the current model’s ({slot.config?.corpusLabel}, {slot.config?.tokenizer === 'chars' ? 'characters' : 'words'}): Train starts a new model
          and discards this one.
        </p>
      )}
      {(error ?? slot.error) && (
        <p class="lm-error" role="alert" data-testid="train-error">
          {error ?? slot.error}
        </p>
      )}
      {summary?.truncated && (
        <p class="lm-notice">
          The training text has {formatCount(summary.originalLength)} characters; the model was trained on the first {formatCount(summary.usedLength)}.
        </p>
      )}
      {summary && (
        <p class="train__facts" data-testid="train-facts">
          Trained on {summary.corpusLabel} with the {summary.tokenizer === 'chars' ? 'character' : 'word'} tokenizer: {formatCount(summary.corpusTokens)} tokens, |V| ={' '}
          {formatCount(summary.vocab.length)} (with <code>&lt;unk&gt;</code>
          {summary.droppedTypes > 0 ? `, which also stands for ${formatCount(summary.droppedTypes)} rare tokens` : ''}), {formatCount(summary.parameters)} parameters
          {summary.model === 'average' ? ` (E: d×|V|, W: |V|×d, b: |V|, with d = ${summary.settings.dimension})` : ' (E: one column of |V| logits per token)'}. Step{' '}
          {formatCount(slot.step)} of {formatCount(slot.targetStep)}
          {slot.stepsPerSecond ? `, ${formatCount(slot.stepsPerSecond)} steps per second` : ''}.
        </p>
      )}

      <figure class="train__figure">
        <LossChart
          points={slot.history}
          maxStep={Math.max(slot.targetStep, 1)}
          uniformBits={summary?.uniformBits ?? null}
          bestBigramBits={summary?.bestBigramBits ?? null}
          describedBy={ids.chartCaption}
          label="Training loss in bits per token against the training step"
        />
        <figcaption id={ids.chartCaption} data-testid="chart-caption">
          {chartCaption}
        </figcaption>
      </figure>

      {summary && slot.embedding && slot.embedding.length > 0 && (
        <figure class="train__figure">
          <EmbeddingScatter points={slot.embedding} view={slot.embeddingView} tokenizer={summary.tokenizer} describedBy={ids.scatterCaption} />
          <figcaption id={ids.scatterCaption}>
            {slot.embeddingView === 'raw'
              ? 'Each dot is a token’s learned embedding eₐ, a column of E (d = 2, drawn as it is). Tokens used in similar contexts drift to similar places as training goes on.'
              : summary.model === 'bigram'
                ? 'Each dot is a token’s column E[:, a], its |V| logits for the next token, projected on the two directions in which the columns differ most (principal components). Tokens followed by the same tokens end up close together.'
                : `Each dot is a token’s learned embedding (d = ${summary.settings.dimension}), projected on the two directions in which the embeddings differ most (principal components).`}
          </figcaption>
        </figure>
      )}

      <div class="train__part" role="group" aria-labelledby={ids.sampleTitle}>
        <p class="train__subtitle" id={ids.sampleTitle}>
          Sample from the model
        </p>
        <p class="lm-muted">
          Generation repeats one step: compute the next-token distribution, draw a token, append it. A bigram model looks only at the last token, so its samples
          match neighbouring pairs but wander, and at low temperature they fall into loops. T = 0 always takes the most likely token.
        </p>
        <div class="train__settings">
          <div class="train__field">
            <label for={ids.prompt}>Start text</label>
            <input id={ids.prompt} type="text" value={prompt} disabled={!hydrated} onInput={(e) => setPrompt((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
          </div>
          <div class="train__field">
            <label for={ids.temperature}>
              Temperature T: <span data-testid="temperature-value">{temperature === 0 ? '0 (greedy)' : temperature.toFixed(1)}</span>
            </label>
            <input
              id={ids.temperature}
              type="range"
              min={0}
              max={2}
              step={0.1}
              value={temperature}
              disabled={!hydrated}
              onInput={(e) => setTemperature(Math.round(Number((e.currentTarget as HTMLInputElement).value) * 10) / 10)}
            />
          </div>
          <div class="train__field">
            <label for={ids.sampleSeed}>Sampling seed</label>
            <span class="train__inline">
              <input id={ids.sampleSeed} type="number" min={0} step={1} value={sampleSeed} disabled={!hydrated} onInput={(e) => setSampleSeed((e.currentTarget as HTMLInputElement).value)} />
              <button type="button" class="train__small" disabled={!hydrated} onClick={() => setSampleSeed(String(Math.floor(Math.random() * 100_000)))}>
                New seed
              </button>
            </span>
          </div>
          <div class="train__field">
            <label for={ids.sampleLength}>Tokens to generate</label>
            <input id={ids.sampleLength} type="number" min={1} max={500} step={1} value={sampleLength} disabled={!hydrated} onInput={(e) => setSampleLength((e.currentTarget as HTMLInputElement).value)} />
          </div>
        </div>
        <div class="lm-controls">
          <button type="button" onClick={onSample} disabled={!hydrated || !hasModel}>
            Sample
          </button>
          {!hasModel && <span class="lm-muted">Train a model first.</span>}
        </div>
        {sampleError && (
          <p class="lm-error" role="alert">
            {sampleError}
          </p>
        )}
        {sample && (
          <div class="train__sample" aria-live="polite">
            <p class="train__sample-text" data-testid="sample-text" data-seed={sample.seed} data-temperature={sample.temperature}>
              {sample.text}
            </p>
            <p class="lm-muted">
              Seed {sample.seed}, T = {sample.temperature === 0 ? '0 (greedy: always the most likely token)' : sample.temperature.toFixed(1)}, {sample.tokens.length} tokens after
              the start text.
              {sample.unknownPromptTokens.length > 0 &&
                ` The model does not know ${sample.unknownPromptTokens.map((t) => `“${t}”`).join(', ')}, so it read ${sample.unknownPromptTokens.length === 1 ? 'it' : 'them'} as <unk>.`}
            </p>
            {model === 'bigram' && sample.neverFollowed.length > 0 && (
              <p class="lm-muted" data-testid="never-followed">
                {sample.neverFollowed.map((t) => `“${tokenLabel(t, shownTokenizer)}”`).join(', ')}{' '}
                {sample.neverFollowed.length === 1 ? 'is' : 'are'} never followed by anything in the training text (the text ends there), so{' '}
                {sample.neverFollowed.length === 1 ? 'its column was' : 'their columns were'} never trained: the token drawn after it is a guess from the random starting
                values.
              </p>
            )}
            {loop && (
              <p class="train__loop" data-testid="sample-loop">
                It ends in a loop: the {loop.period}-token cycle “{loopTokens.map((t) => tokenLabel(t, shownTokenizer)).join(shownTokenizer === 'chars' ? '' : ' ')}” repeats{' '}
                {loop.repeats >= 10 ? formatCount(loop.repeats) : loop.repeats.toFixed(1)} times.
                {model === 'bigram' && sample.temperature === 0
                  ? ' A greedy bigram model sees only the last token, so once a token comes back, the same choices follow forever: it has no memory of having been there.'
                  : ''}
              </p>
            )}
          </div>
        )}
      </div>

      <div class="train__part" role="group" aria-labelledby={ids.scoreTitle}>
        <p class="train__subtitle" id={ids.scoreTitle}>
          Score a held-out sentence
        </p>
        <label for={ids.heldOut}>Held-out text</label>
        <input id={ids.heldOut} class="train__wide" type="text" value={heldOut} disabled={!hydrated} onInput={(e) => setHeldOut((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
        <div class="lm-controls">
          <button type="button" onClick={onScore} disabled={!hydrated || !hasModel}>
            Score
          </button>
        </div>
        {scoreError && (
          <p class="lm-error" role="alert">
            {scoreError}
          </p>
        )}
        {score && (
          <div
            class="train__score"
            data-testid="trainer-score"
            data-bits-per-token={score.bitsPerToken}
            data-perplexity={score.perplexity}
            data-total-bits={score.totalBits}
            data-scored={score.scored}
          >
            <p>
              {formatBits(score.totalBits)} bits over {score.scored} tokens (the first token is only context): <strong>{formatBits(score.bitsPerToken)} bits per token</strong>,
              perplexity <strong>{formatPerplexity(score.perplexity)}</strong>.
              {score.unknownCount > 0 && ` ${score.unknownCount} token${score.unknownCount === 1 ? ' is' : 's are'} not in the vocabulary and scored as <unk>.`}
            </p>
            <details class="train-details">
              <summary>Surprise of each token</summary>
              <TableScroll label="Surprise of each token">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Token</th>
                      <th scope="col" class="lm-num">
                        Surprise (bits)
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {score.tokens.map((t, i) => (
                      <tr key={i} data-bits={t.bits ?? ''}>
                        <td>
                          <span class="lm-token">{tokenLabel(t.token, shownTokenizer)}</span>
                          {t.unknown ? <span class="lm-muted"> (&lt;unk&gt;)</span> : null}
                        </td>
                        <td class="lm-num">{t.bits === null ? 'context' : formatBits(t.bits)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </details>
          </div>
        )}
      </div>
    </section>
  );
}
