/**
 * The trainer's form: the training text (toy corpus, the Alice excerpt, or the reader's own,
 * with a notice when it is too long), tokenizer, model, embedding dimension (context averaging),
 * steps per run, and, folded, the optimizer, learning rate and training seed. The state and its
 * rules are in use-training-form.ts and src/lib/train/training-form.ts.
 */
import { useId } from 'preact/hooks';
import { BUNDLED_TEXT, TOY_CORPUS, type CorpusChoice } from '../../lib/train/corpora';
import { MAX_CORPUS_CHARS } from '../../lib/train/corpus';
import type { ModelKind } from '../../lib/train/model';
import type { OptimizerKind } from '../../lib/train/optimizer';
import type { TokenizerKind } from '../../lib/train/tokenizers';
import { DIMENSIONS } from '../../lib/train/training-form';
import { formatCount } from './format';
import type { TrainingForm } from './use-training-form';

/** Props of the form view. */
export interface TrainingFormViewProps {
  /** The form state. */
  form: TrainingForm;
  /** The model selected. */
  model: ModelKind;
  /** Whether the island has hydrated (the controls are off before). */
  hydrated: boolean;
  /** Picks a training text. */
  onChoice: (c: CorpusChoice) => void;
  /** Picks a tokenizer. */
  onTokenizer: (t: TokenizerKind) => void;
  /** Picks a model. */
  onModel: (m: ModelKind) => void;
}

/** The form view. */
export function TrainingFormView({ form, model, hydrated, onChoice, onTokenizer, onModel }: TrainingFormViewProps) {
  const uid = `train-form-${useId()}`;
  const ids = {
    corpus: `${uid}-corpus`,
    custom: `${uid}-custom`,
    tokenizer: `${uid}-tokenizer`,
    model: `${uid}-model`,
    dimension: `${uid}-dimension`,
    optimizer: `${uid}-optimizer`,
    lr: `${uid}-lr`,
    steps: `${uid}-steps`,
    seed: `${uid}-seed`,
  };
  const v = form.values;
  const customTooLong = v.choice === 'custom' && v.customText.length > MAX_CORPUS_CHARS;
  const text = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value;
  return (
    <>
      <fieldset class="train__fieldset">
        <legend>Training text</legend>
        <div class="train__choices">
          {(['toy', 'book', 'custom'] as const).map((c) => (
            <label key={c} class="train__choice">
              <input type="radio" name={ids.corpus} value={c} checked={v.choice === c} disabled={!hydrated} onChange={() => onChoice(c)} />
              {c === 'toy' ? 'The toy corpus' : c === 'book' ? 'Alice in Wonderland (chapter I)' : 'Your own text'}
            </label>
          ))}
        </div>
        {v.choice === 'toy' && (
          <p class="train__corpus" data-testid="toy-corpus">
            “{TOY_CORPUS}”. With the word tokenizer: 8 tokens, so 7 neighbouring pairs to learn from, and a vocabulary of 6 words and
            punctuation marks plus <code>&lt;unk&gt;</code>.
          </p>
        )}
        {v.choice === 'book' && <p class="lm-muted">About 12,600 characters. Source: {BUNDLED_TEXT.source}</p>}
        {v.choice === 'custom' && (
          <>
            <label for={ids.custom}>Your text (at most {formatCount(MAX_CORPUS_CHARS)} characters are used)</label>
            <textarea id={ids.custom} class="train__textarea" value={v.customText} disabled={!hydrated} onInput={(e) => form.set('customText', text(e))} spellcheck={false} />
            {customTooLong && (
              <p class="lm-notice" data-testid="truncation-notice">
                Your text has {formatCount(v.customText.length)} characters; only the first {formatCount(MAX_CORPUS_CHARS)} are used for training.
              </p>
            )}
          </>
        )}
      </fieldset>

      <div class="train__settings">
        <div class="train__field">
          <label for={ids.tokenizer}>Tokenizer</label>
          <select id={ids.tokenizer} value={v.tokenizer} disabled={!hydrated} onChange={(e) => onTokenizer(text(e) as TokenizerKind)}>
            <option value="words">words (lowercased, punctuation separate)</option>
            <option value="chars">characters</option>
          </select>
        </div>
        <div class="train__field">
          <label for={ids.model}>Model</label>
          <select id={ids.model} value={model} disabled={!hydrated} onChange={(e) => onModel(text(e) as ModelKind)}>
            <option value="bigram">bigram: softmax of the current token’s column</option>
            <option value="average">context averaging: mean of all embeddings so far</option>
          </select>
        </div>
        {model === 'average' && (
          <div class="train__field">
            <label for={ids.dimension}>Embedding dimension d</label>
            <select id={ids.dimension} value={String(v.dimension)} disabled={!hydrated} onChange={(e) => form.set('dimension', Number(text(e)))}>
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
          <input id={ids.steps} type="number" min={1} max={100000} step={100} value={v.steps} disabled={!hydrated} onInput={(e) => form.set('steps', text(e))} />
        </div>
      </div>
      <details class="train-details">
        <summary>Optimizer, learning rate and seed</summary>
        <div class="train__settings">
          <div class="train__field">
            <label for={ids.optimizer}>Optimizer</label>
            <select id={ids.optimizer} value={v.optimizer} disabled={!hydrated} onChange={(e) => form.chooseOptimizer(text(e) as OptimizerKind)}>
              <option value="adam">Adam</option>
              <option value="sgd">SGD: θ ← θ − η ∇θ L</option>
            </select>
          </div>
          <div class="train__field">
            <label for={ids.lr}>Learning rate η</label>
            <input id={ids.lr} type="number" min={0} step="any" value={v.learningRate} disabled={!hydrated} onInput={(e) => form.set('learningRate', text(e))} />
          </div>
          <div class="train__field">
            <label for={ids.seed}>Training seed</label>
            <input id={ids.seed} type="number" min={0} step={1} value={v.seed} disabled={!hydrated} onInput={(e) => form.set('seed', text(e))} />
          </div>
        </div>
        <p class="lm-muted">
          The seed fixes the starting parameters and every batch, so the same settings give the same curve, and pausing changes nothing. A batch is{' '}
          {model === 'bigram' ? '64 random neighbouring pairs' : '8 random windows of 16 tokens'} (the whole text when it is smaller).
        </p>
      </details>
    </>
  );
}
