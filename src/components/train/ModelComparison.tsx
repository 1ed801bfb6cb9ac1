/**
 * The comparison island: one held-out sentence scored by the reader's bigram model, their
 * context-averaging model (both trained in the page, shared with the trainer island through the
 * training worker) and the site's embedded transformer, side by side in bits per token,
 * perplexity and bits per character, with the best bits per character among the models that
 * know every token of the sentence (ComparisonTable). Then the word-order test: do the models'
 * predictions after "Alice drank water" and after "water drank Alice" differ (OrderTestPanel)?
 * Requests are in comparison-jobs.ts, the arithmetic in src/lib/train/comparison.ts.
 *
 * Exact values are exposed as data attributes (`data-bits-per-token`, `data-perplexity`,
 * `data-total-bits`, `data-ranked`, `data-max-diff`, …) so tests can compare them with each
 * model's own scoring.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { siteConfig } from '../../site.config';
import { getModelClient } from '../../lib/lm/client';
import { LmError } from '../../lib/lm/errors';
import type { ModelPhase } from '../../lib/lm/model-status';
import { findModel } from '../../lib/lm/registry';
import { getTrainingClient } from '../../lib/train/client';
import type { OrderRow, RowScore } from '../../lib/train/comparison';
import { CORPUS_LABELS } from '../../lib/train/corpora';
import type { ModelKind } from '../../lib/train/model';
import type { SlotState } from '../../lib/train/slot-state';
import { defaultSettings } from '../../lib/train/trainer';
import { formatBytes } from '../model/format';
import { loadBundledText } from './bundled-text';
import {
  messageOf,
  modelList,
  modelName,
  orderTestTrained,
  orderTestTransformer,
  scoreWithTrained,
  scoreWithTransformer,
  trainedOn,
  type Cell,
  type ComparedModel,
} from './comparison-jobs';
import { ComparisonTable, doneScores } from './ComparisonTable';
import { formatCount } from './format';
import { OrderTestPanel } from './OrderTestPanel';
import { useSlot } from './use-slot';
import '../model/model.css';
import './train.css';
import { downloadBytes } from '../../lib/lm/download-size';

export type { ComparedModel } from './comparison-jobs';

/** Props of the comparison island. */
export interface ModelComparisonProps {
  /** The held-out sentence in the box at first (default "She poured the tea into her favourite cup"). */
  text?: string;
  /**
   * Which models get a row, in order: an array, or a comma-separated string such as
   * `"bigram,transformer"` (default: `bigram`, `average`, `transformer`).
   */
  models?: ComparedModel[] | string;
  /** Whether to show the word-order test (default true). */
  orderTest?: boolean;
  /** The two sentences of the word-order test (default "Alice drank water", "water drank Alice"). */
  orderSentences?: [string, string];
  /** Steps used when the reader trains a missing model from this widget (default 2,000). */
  steps?: number;
}

type Cells<T> = Partial<Record<ComparedModel, Cell<T>>>;

/** The comparison island (use with `client:visible`). */
export default function ModelComparison({
  text: initialText = 'She poured the tea into her favourite cup',
  models,
  orderTest = true,
  orderSentences = ['Alice drank water', 'water drank Alice'],
  steps = 2000,
}: ModelComparisonProps) {
  const rows = modelList(models);
  const [hydrated, setHydrated] = useState(false);
  const [sentence, setSentence] = useState(initialText);
  const [scores, setScores] = useState<Cells<RowScore>>({});
  const [scoredText, setScoredText] = useState<string | null>(null);
  const [sentA, setSentA] = useState(orderSentences[0]);
  const [sentB, setSentB] = useState(orderSentences[1]);
  const [order, setOrder] = useState<Cells<OrderRow>>({});
  const [orderTexts, setOrderTexts] = useState<[string, string] | null>(null);
  const [lmPhase, setLmPhase] = useState<ModelPhase>('idle');
  const [lmModelId, setLmModelId] = useState(siteConfig.defaultModel);
  const [trainError, setTrainError] = useState<string | null>(null);
  const bigram = useSlot('bigram');
  const average = useSlot('average');
  const slots: Record<ModelKind, SlotState> = { bigram, average };

  const uid = `compare-${useId()}`;
  const ids = { title: `${uid}-title`, sentence: `${uid}-sentence`, caption: `${uid}-caption`, orderTitle: `${uid}-order-title`, a: `${uid}-a`, b: `${uid}-b` };

  useEffect(() => {
    setHydrated(true);
    return getModelClient().status.subscribe((s) => {
      setLmPhase(s.phase);
      setLmModelId(s.modelId);
    });
  }, []);

  const lmSpec = findModel(lmModelId);
  const lmLabel = lmSpec?.label ?? lmModelId;
  const scoring = Object.values(scores).some((c) => c?.state === 'busy');
  const testing = Object.values(order).some((c) => c?.state === 'busy');

  const available = (m: ComparedModel): boolean => m === 'transformer' || slots[m].summary !== null;
  /** Cells for a new run: busy for the models that can answer, idle for the others. */
  const startCells = <T,>(): Cells<T> => Object.fromEntries(rows.map((m) => [m, available(m) ? { state: 'busy' } : { state: 'idle' }]));

  const onScore = (): void => {
    const text = sentence;
    setScoredText(text);
    setScores(startCells<RowScore>());
    for (const m of rows) {
      if (!available(m)) continue;
      const job = m === 'transformer' ? scoreWithTransformer(text, `${uid}-score`) : scoreWithTrained(m, text, slots[m].summary?.tokenizer ?? 'words');
      job.then(
        (value) => setScores((s) => ({ ...s, [m]: { state: 'done', value } })),
        (e: unknown) => {
          if (e instanceof LmError && e.code === 'cancelled') return; // a newer press replaced it
          setScores((s) => ({ ...s, [m]: { state: 'error', message: messageOf(e) } }));
        },
      );
    }
  };

  const onOrderTest = (): void => {
    const a = sentA;
    const b = sentB;
    setOrderTexts([a, b]);
    setOrder(startCells<OrderRow>());
    for (const m of rows) {
      if (!available(m)) continue;
      const job = m === 'transformer' ? orderTestTransformer(a, b) : orderTestTrained(m, a, b, slots[m].summary?.vocab ?? []);
      job.then(
        (value) => setOrder((o) => ({ ...o, [m]: { state: 'done', value } })),
        (e: unknown) => setOrder((o) => ({ ...o, [m]: { state: 'error', message: messageOf(e) } })),
      );
    }
  };

  const trainHere = async (m: ModelKind): Promise<void> => {
    setTrainError(null);
    try {
      const corpusText = await loadBundledText();
      await getTrainingClient().start(m, { corpusText, corpusLabel: CORPUS_LABELS.book, tokenizer: 'chars', settings: defaultSettings(m), steps });
    } catch (e) {
      setTrainError(messageOf(e));
    }
  };

  const transformerState =
    lmPhase === 'ready'
      ? '(loaded)'
      : lmPhase === 'loading'
        ? '(loading…)'
        : lmPhase === 'error'
          ? '(failed to load; see the model status on “The model” page)'
          : `(loads the model on first use${lmSpec ? `, about ${formatBytes(downloadBytes(lmSpec))}` : ''})`;

  const modelCells = (m: ComparedModel) => {
    if (m === 'transformer') {
      return (
        <>
          <th scope="row">Transformer</th>
          <td>
            {lmLabel}, its own BPE tokenizer{' '}
            <span class="lm-muted" data-testid="transformer-state">
              {transformerState}
            </span>
          </td>
        </>
      );
    }
    const slot = slots[m];
    return (
      <>
        <th scope="row">{modelName(m)}</th>
        <td>
          {trainedOn(slot)}
          {slot.phase === 'empty' && (
            <>
              {' '}
              <button type="button" class="train__small" disabled={!hydrated} onClick={() => void trainHere(m)}>
                Train one here
              </button>
              <span class="lm-muted"> (or in the trainer; here: the Alice excerpt, characters, {formatCount(steps)} steps)</span>
            </>
          )}
        </td>
      </>
    );
  };

  const scored = doneScores(rows, scores).length;

  return (
    <section class="lm-panel train not-content" aria-labelledby={ids.title} data-testid="model-comparison" data-hydrated={hydrated ? 'true' : 'false'} data-busy={scoring || testing ? 'true' : 'false'}>
      <p class="lm-panel__title" id={ids.title}>
        Compare the models on a sentence none of them trained on
      </p>
      <p>
        The same held-out sentence is scored by the bigram and context-averaging models you trained in this page and by the site’s embedded transformer. Lower
        bits mean less surprise: a better model of this kind of text. Only models that know every token of the sentence are ranked.
      </p>
      <label for={ids.sentence}>Held-out sentence</label>
      <input id={ids.sentence} class="train__wide" type="text" value={sentence} disabled={!hydrated} onInput={(e) => setSentence((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
      <div class="lm-controls">
        <button type="button" onClick={onScore} disabled={!hydrated || scoring}>
          {scoring ? 'Scoring…' : 'Score with every model'}
        </button>
        <span class="lm-muted" role="status" aria-live="polite">
          {scoring ? 'Scoring the sentence…' : scored > 0 ? `Scored by ${scored} model${scored === 1 ? '' : 's'}.` : ''}
        </span>
      </div>
      {trainError && (
        <p class="lm-error" role="alert">
          {trainError}
        </p>
      )}
      <ComparisonTable
        rows={rows}
        scores={scores}
        scoredText={scoredText ?? ''}
        modelCells={modelCells}
        idleReason={(m) => (m !== 'transformer' && !available(m) ? 'train it first' : 'press “Score”')}
        busyText={(m) => (m === 'transformer' && lmPhase !== 'ready' ? 'loading the model and scoring…' : 'scoring…')}
        vocabSize={(m) => (m === 'transformer' ? null : (slots[m].summary?.vocab.length ?? null))}
        captionId={ids.caption}
      />
      {orderTest && (
        <OrderTestPanel
          rows={rows}
          order={order}
          orderTexts={orderTexts}
          sentA={sentA}
          sentB={sentB}
          onSentA={setSentA}
          onSentB={setSentB}
          onRun={onOrderTest}
          testing={testing}
          hydrated={hydrated}
          available={available}
          ids={{ title: ids.orderTitle, a: ids.a, b: ids.b }}
        />
      )}
    </section>
  );
}
