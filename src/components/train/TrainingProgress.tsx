/**
 * The trainer's run controls and progress: the main button (Train / Pause / Resume / Train N more
 * steps / Train a new model) and Reset, the spoken progress, notices (settings changed, an error,
 * a shortened text), the facts of the model, the loss chart with a caption that reads it, and
 * the learned token vectors in 2-D.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ModelKind } from '../../lib/train/model';
import type { SlotState } from '../../lib/train/slot-state';
import EmbeddingScatter from './EmbeddingScatter';
import { formatBits } from '../../lib/format/numbers';
import { formatCount, formatPerplexity, TRAIN_BITS } from './format';
import LossChart from './LossChart';

/** What a screen reader hears about training (short; the chart caption has the details). */
export function announcement(slot: SlotState, modelName: string): string {
  const loss = slot.lossBits === null ? '' : `, loss ${formatBits(slot.lossBits, ...TRAIN_BITS)} bits per token`;
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

/** Progress for a screen reader: at once on a phase change, then at most every 5 seconds. */
function useSpokenProgress(slot: SlotState, modelName: string): string {
  const [spoken, setSpoken] = useState('');
  const lastSpoken = useRef({ at: 0, phase: '' });
  const latest = useRef(slot);
  latest.current = slot;
  useEffect(() => {
    const now = Date.now();
    const phaseChanged = slot.phase !== lastSpoken.current.phase;
    if (!phaseChanged && (slot.phase !== 'running' || now - lastSpoken.current.at < 5000)) return;
    lastSpoken.current = { at: now, phase: slot.phase };
    setSpoken(announcement(latest.current, modelName));
  }, [slot.phase, slot.step, modelName]);
  return spoken;
}

/** The caption of the loss chart: what the curve shows, against a uniform guess and the best bigram. */
function chartCaption(slot: SlotState, model: ModelKind): string {
  const summary = slot.summary;
  if (!summary || slot.history.length === 0) {
    return 'No training yet. When you press Train, the loss starts near log₂|V| bits per token, the surprise of a uniform guess over the vocabulary, and falls as gradient descent adjusts the parameters.';
  }
  const loss = slot.lossBits ?? (slot.history.at(-1)?.bits as number);
  const best =
    model === 'bigram'
      ? ` The dashed line at ${formatBits(summary.bestBigramBits, ...TRAIN_BITS)} bits is the best any bigram model can do on this text (the loss of the counted pair frequencies); the curve can approach it but never go below it.`
      : ` For comparison, the best any bigram model can do on this text is ${formatBits(summary.bestBigramBits, ...TRAIN_BITS)} bits per token (dashed line). The averaging model sees the whole context but not its order, so it can end up on either side of that line: ${
          loss < summary.bestBigramBits
            ? 'here it is below, so knowing more of the context helps more than knowing which token came last.'
            : 'here it is above, so the last token alone (all a bigram model sees) tells more than an orderless average of the whole context.'
        }`;
  return `Loss after ${formatCount(slot.step)} steps: ${formatBits(loss, ...TRAIN_BITS)} bits per token (perplexity ${formatPerplexity(2 ** loss)}). Training started near log₂|V| = log₂ ${summary.vocab.length} = ${formatBits(summary.uniformBits, ...TRAIN_BITS)} bits, a uniform guess.${best}`;
}

/** Props of the progress part. */
export interface TrainingProgressProps {
  /** The slot of the selected model. */
  slot: SlotState;
  /** The selected model. */
  model: ModelKind;
  /** The main button's label and action. */
  primaryLabel: string;
  dataAction: 'pause' | 'train';
  onPrimary: () => void;
  onReset: () => void;
  /** Whether the island has hydrated, and whether the Alice text is being fetched. */
  hydrated: boolean;
  loadingBook: boolean;
  /** Whether the form differs from the model (Train starts a new one). */
  dirty: boolean;
  /** The last action's error. */
  error: string | null;
}

/** The run controls and progress. */
export function TrainingProgress({ slot, model, primaryLabel, dataAction, onPrimary, onReset, hydrated, loadingBook, dirty, error }: TrainingProgressProps) {
  const uid = `train-progress-${useId()}`;
  const ids = { chartCaption: `${uid}-chart-caption`, scatterCaption: `${uid}-scatter-caption` };
  const summary = slot.summary;
  const spoken = useSpokenProgress(slot, model === 'bigram' ? 'bigram model' : 'context-averaging model');
  return (
    <>
      <div class="lm-controls">
        <button type="button" class="train__primary" data-action={dataAction} onClick={onPrimary} disabled={!hydrated || loadingBook}>
          {loadingBook ? 'Loading the text…' : primaryLabel}
        </button>
        <button type="button" onClick={onReset} disabled={!hydrated || slot.phase === 'empty'}>
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
          {chartCaption(slot, model)}
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
    </>
  );
}
