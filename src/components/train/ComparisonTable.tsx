/**
 * The comparison's score table: one row per model (what it was trained on, tokens scored, total
 * bits, bits per token, perplexity, bits per character), the verdict (the best bits per
 * character among the models that know every token of the sentence; models with unknown tokens
 * are shown but not ranked, see src/lib/train/comparison.ts), and each token's surprise.
 */
import type { ComponentChildren } from 'preact';
import { comparisonVerdict, isRankable, uniformBitsPerToken, type RowScore } from '../../lib/train/comparison';
import { visibleToken } from '../model/format';
import { TableScroll } from '../widgets/shared/TableScroll';
import { modelName, type Cell, type ComparedModel } from './comparison-jobs';
import { formatBits } from '../../lib/format/numbers';
import { formatPerplexity, tokenLabel, TRAIN_BITS } from './format';

/** Props of the score table. */
export interface ComparisonTableProps {
  /** The models, in row order. */
  rows: ComparedModel[];
  /** Each model's score request. */
  scores: Partial<Record<ComparedModel, Cell<RowScore>>>;
  /** The sentence last scored ('' before the first press). */
  scoredText: string;
  /** The first two cells of a model's row (its name and what it was trained on). */
  modelCells: (m: ComparedModel) => ComponentChildren;
  /** Why a model has no numbers yet ("train it first", "press “Score”"). */
  idleReason: (m: ComparedModel) => string;
  /** What a running request says ("scoring…"). */
  busyText: (m: ComparedModel) => string;
  /** Vocabulary size of each of the reader's models (for the uniform-guess reference). */
  vocabSize: (m: ComparedModel) => number | null;
  /** Id of the table's caption. */
  captionId: string;
}

/** The scores of the models that answered, in row order. */
export function doneScores(rows: ComparedModel[], scores: ComparisonTableProps['scores']): (readonly [ComparedModel, RowScore])[] {
  return rows.flatMap((m) => {
    const c = scores[m];
    return c?.state === 'done' ? [[m, c.value] as const] : [];
  });
}

/** The score table with its verdict. */
export function ComparisonTable({ rows, scores, scoredText, modelCells, idleReason, busyText, vocabSize, captionId }: ComparisonTableProps) {
  const done = doneScores(rows, scores);
  const verdict = comparisonVerdict(done);

  const numbers = (cell: Cell<RowScore> | undefined, m: ComparedModel) => {
    if (!cell || cell.state === 'idle' || cell.state === 'busy') {
      return (
        <td colSpan={5} class="lm-muted">
          {cell?.state === 'busy' ? busyText(m) : idleReason(m)}
        </td>
      );
    }
    if (cell.state === 'error') {
      return (
        <td colSpan={5} class="lm-error">
          {cell.message}
        </td>
      );
    }
    const v = cell.value;
    const size = vocabSize(m);
    const uniform = size !== null ? uniformBitsPerToken(size) : null;
    return (
      <>
        <td class="lm-num">
          {v.scored}
          {v.unknown > 0 ? <span class="lm-muted"> ({v.unknown} unknown)</span> : null}
        </td>
        <td class="lm-num">{formatBits(v.totalBits, ...TRAIN_BITS)}</td>
        <td class="lm-num">
          <strong>{formatBits(v.bitsPerToken, ...TRAIN_BITS)}</strong>
          {uniform !== null && v.bitsPerToken > uniform && <span class="lm-muted train__block">worse than a uniform guess ({formatBits(uniform, ...TRAIN_BITS)})</span>}
        </td>
        <td class="lm-num">{formatPerplexity(v.perplexity)}</td>
        <td class="lm-num">
          {v.bitsPerCharacter === null ? '–' : formatBits(v.bitsPerCharacter, ...TRAIN_BITS)}
          {v.unknown > 0 && <span class="lm-muted train__block">not ranked: scored on &lt;unk&gt;</span>}
          {verdict.best === m && <span class="train__block">lowest</span>}
        </td>
      </>
    );
  };

  return (
    <>
      <TableScroll label="Scores of each model">
        <table class="train__table" data-testid="comparison-table" data-text={scoredText} data-best={verdict.best ?? ''}>
          <caption id={captionId} class="lm-muted">
            Bits per token depends on what a token is: a character model makes many easy predictions, a word or BPE model fewer and harder ones. Bits per
            character (total bits ÷ characters predicted) puts them on one scale, for models that know every token of the sentence. Your models use the
            sentence’s first token only as context; the transformer predicts it too, after an end-of-text token.
          </caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Trained on</th>
              <th scope="col" class="lm-num">
                Tokens scored
              </th>
              <th scope="col" class="lm-num">
                Total bits
              </th>
              <th scope="col" class="lm-num">
                Bits per token
              </th>
              <th scope="col" class="lm-num">
                Perplexity
              </th>
              <th scope="col" class="lm-num">
                Bits per character
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => {
              const cell = scores[m];
              const v = cell?.state === 'done' ? cell.value : null;
              return (
                <tr
                  key={m}
                  data-model={m}
                  data-state={cell?.state ?? 'idle'}
                  data-bits-per-token={v?.bitsPerToken ?? ''}
                  data-perplexity={v?.perplexity ?? ''}
                  data-total-bits={v?.totalBits ?? ''}
                  data-tokens={v?.scored ?? ''}
                  data-bits-per-char={v?.bitsPerCharacter ?? ''}
                  data-ranked={v ? String(isRankable(v)) : ''}
                >
                  {modelCells(m)}
                  {numbers(cell, m)}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {done.length > 0 && (
        <p class="train__verdict" data-testid="comparison-verdict">
          {verdict.best !== null ? (
            <>
              Fewest bits per character on this sentence: <strong>{modelName(verdict.best).replace(/^Your/, 'your')}</strong> (
              {formatBits(verdict.bestBitsPerCharacter as number, ...TRAIN_BITS)}).
            </>
          ) : (
            <>No model that knows every token of this sentence has been scored, so none is ranked.</>
          )}
        </p>
      )}
      {verdict.notRanked.length > 0 && (
        <p class="lm-notice" data-testid="comparison-not-ranked">
          Not ranked:{' '}
          {verdict.notRanked.map((n, i) => (
            <span key={n.model}>
              {i > 0 && '; '}
              {modelName(n.model).replace(/^Your/, 'your')} ({n.unknown} of {n.tokens} tokens unknown to it)
            </span>
          ))}
          . A model that never saw a word reads it as &lt;unk&gt;, one token for every unseen word, and scores “some unseen word” instead of the word itself:
          a far likelier event, so its bits are not the sentence’s bits and can look better than they are. Train on the Alice excerpt, or with the character
          tokenizer, to rank it.
        </p>
      )}
      {done.length > 0 && (
        <details class="train-details">
          <summary>Surprise of each token, model by model</summary>
          {done.map(([m, v]) => (
            <p key={m} class="train__tokens" data-model={m}>
              <strong>{m === 'transformer' ? 'Transformer' : m === 'bigram' ? 'Bigram' : 'Context averaging'}:</strong>{' '}
              {v.tokens.map((t, i) => (
                <span key={i} class="train__token-chip">
                  <span class="lm-token">{v.tokenizer === 'bpe' ? visibleToken(t.text) : tokenLabel(t.text, v.tokenizer)}</span>{' '}
                  <span class="lm-muted">{t.bits === null ? 'context' : `${formatBits(t.bits, ...TRAIN_BITS)} bits`}</span>
                  {t.unknown ? <span class="lm-muted"> &lt;unk&gt;</span> : null}
                </span>
              ))}
            </p>
          ))}
        </details>
      )}
    </>
  );
}
