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
 *
 * This file holds the selected model and the training actions and wires the parts: the form
 * (TrainingFormView, state in use-training-form.ts, rules and validation in
 * src/lib/train/training-form.ts), the run controls and progress (TrainingProgress), sampling
 * (SamplePanel) and the held-out score (ScorePanel).
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { getTrainingClient } from '../../lib/train/client';
import { CORPUS_LABELS, TOY_CORPUS, type CorpusChoice } from '../../lib/train/corpora';
import type { ModelKind } from '../../lib/train/model';
import type { TokenizerKind } from '../../lib/train/tokenizers';
import { corpusFromProp, HELD_OUT_DEFAULTS, primaryLabel, trainingSettings } from '../../lib/train/training-form';
import { loadBundledText } from './bundled-text';
import { formatCount } from './format';
import { SamplePanel, useSampling } from './SamplePanel';
import { ScorePanel, useHeldOutScore } from './ScorePanel';
import { TrainingFormView } from './TrainingFormView';
import { TrainingProgress } from './TrainingProgress';
import { useSlot } from './use-slot';
import { useTrainingForm, type TrainingFormProps } from './use-training-form';
import '../model/model.css';
import './train.css';

/** Props of the trainer island: the form's starting values, and the sampling and scoring boxes'. */
export interface BigramTrainerProps extends TrainingFormProps {
  /** Held-out text in the scoring box at first (default depends on the corpus). */
  heldOut?: string;
  /** Sampling temperature at first (default 1). */
  temperature?: number;
}

/** A message for a failed request. */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The trainer island (use with `client:visible`). */
export default function BigramTrainer(props: BigramTrainerProps) {
  const [hydrated, setHydrated] = useState(false);
  const [model, setModel] = useState<ModelKind>(props.model ?? 'bigram');
  const [error, setError] = useState<string | null>(null);
  const [loadingBook, setLoadingBook] = useState(false);
  const slot = useSlot(model);
  const form = useTrainingForm(props, model, slot.config, slot.phase);
  const sampling = useSampling(model, slot.config, props.temperature ?? 1);
  const scoring = useHeldOutScore(model, slot.config, props.heldOut ?? HELD_OUT_DEFAULTS[corpusFromProp(props.corpus).choice]);
  const titleId = `train-${useId()}-title`;

  useEffect(() => setHydrated(true), []);

  const { values, parsed, problem, dirty } = form;

  const start = async (): Promise<void> => {
    setError(null);
    if (problem) {
      setError(problem);
      return;
    }
    let corpusText: string;
    if (values.choice === 'toy') corpusText = TOY_CORPUS;
    else if (values.choice === 'custom') corpusText = values.customText;
    else {
      setLoadingBook(true);
      try {
        corpusText = await loadBundledText();
      } catch (e) {
        setError(messageOf(e));
        return;
      } finally {
        setLoadingBook(false);
      }
    }
    getTrainingClient()
      .start(model, { corpusText, corpusLabel: CORPUS_LABELS[values.choice], tokenizer: values.tokenizer, settings: trainingSettings(model, values, parsed), steps: parsed.steps })
      .catch((e: unknown) => setError(messageOf(e)));
  };

  const onPrimary = (): void => {
    const client = getTrainingClient();
    const fail = (e: unknown): void => setError(messageOf(e));
    if (slot.phase === 'empty' || dirty) void start();
    else if (slot.phase === 'running') client.pause(model).catch(fail);
    else if (problem) setError(problem);
    else client.resume(model, parsed.steps).catch(fail);
  };

  const onReset = (): void => {
    setError(null);
    getTrainingClient()
      .reset(model)
      .catch((e: unknown) => setError(messageOf(e)));
  };

  const onChoice = (c: CorpusChoice): void => {
    form.choose(c);
    scoring.setHeldOut(HELD_OUT_DEFAULTS[c]);
  };

  const onModel = (m: ModelKind): void => {
    setModel(m);
    setError(null);
    form.modelChanged(m, getTrainingClient().slots[m].get().config);
  };

  const onTokenizer = (t: TokenizerKind): void => {
    form.set('tokenizer', t);
    sampling.setSampleLength(t === 'chars' ? '160' : '40');
  };

  const hasModel = slot.phase !== 'empty';
  const shownTokenizer = slot.summary?.tokenizer ?? values.tokenizer;

  return (
    <section
      class="lm-panel train not-content"
      aria-labelledby={titleId}
      data-testid="bigram-trainer"
      data-hydrated={hydrated ? 'true' : 'false'}
      data-phase={slot.phase}
      data-step={slot.step}
      data-model={model}
      data-loss-bits={slot.lossBits ?? ''}
    >
      <p class="lm-panel__title" id={titleId}>
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
      <TrainingFormView form={form} model={model} hydrated={hydrated} onChoice={onChoice} onTokenizer={onTokenizer} onModel={onModel} />
      <TrainingProgress
        slot={slot}
        model={model}
        primaryLabel={primaryLabel(slot.phase, dirty, parsed.steps, formatCount)}
        dataAction={slot.phase === 'running' && !dirty ? 'pause' : 'train'}
        onPrimary={onPrimary}
        onReset={onReset}
        hydrated={hydrated}
        loadingBook={loadingBook}
        dirty={dirty}
        error={error}
      />
      <SamplePanel s={sampling} model={model} tokenizer={shownTokenizer} hasModel={hasModel} hydrated={hydrated} />
      <ScorePanel s={scoring} tokenizer={shownTokenizer} hasModel={hasModel} hydrated={hydrated} />
    </section>
  );
}
