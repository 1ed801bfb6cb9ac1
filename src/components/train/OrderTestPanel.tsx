/**
 * The word-order test of the model comparison: two sentences made of the same tokens in another
 * order, and for each model whether its next-token prediction after them is the same (the
 * context-averaging model's must be), with the largest change and the bits of each sentence.
 * The arithmetic is in src/lib/train/comparison.ts.
 */
import { samePrediction, SAME, type OrderRow } from '../../lib/train/comparison';
import { visibleToken } from '../model/format';
import { TableScroll } from '../widgets/shared/TableScroll';
import { modelName, TRANSFORMER_TOP_K, type Cell, type ComparedModel } from './comparison-jobs';
import { formatBits } from '../../lib/format/numbers';
import { TRAIN_BITS } from './format';

/** Props of the word-order test. */
export interface OrderTestPanelProps {
  /** The models, in row order. */
  rows: ComparedModel[];
  /** Each model's test request. */
  order: Partial<Record<ComparedModel, Cell<OrderRow>>>;
  /** The sentences last tested (null before the first press). */
  orderTexts: [string, string] | null;
  /** The two sentences in the boxes. */
  sentA: string;
  sentB: string;
  /** Called when the reader edits a sentence. */
  onSentA: (s: string) => void;
  onSentB: (s: string) => void;
  /** Runs the test. */
  onRun: () => void;
  /** Whether a test is running. */
  testing: boolean;
  /** Whether the island has hydrated. */
  hydrated: boolean;
  /** Whether a model can be asked (the transformer always; the reader's models once trained). */
  available: (m: ComparedModel) => boolean;
  /** Ids of the heading and the two inputs. */
  ids: { title: string; a: string; b: string };
}

/** The word-order test section. */
export function OrderTestPanel({ rows, order, orderTexts, sentA, sentB, onSentA, onSentB, onRun, testing, hydrated, available, ids }: OrderTestPanelProps) {
  return (
    <div class="train__part" role="group" aria-labelledby={ids.title}>
      <p class="train__subtitle" id={ids.title}>
        The word-order test
      </p>
      <p>
        The context-averaging model predicts from ē = the average of the embeddings of the context. Two contexts made of the same tokens, each the same
        number of times, in any order, have exactly the same ē, so the model’s distribution for the <em>next</em> token after them is exactly the same. What
        is not equal is the probability of the two sentences themselves: their earlier prefixes differ (“alice” then “alice drank” versus “water” then “water
        drank”). A bigram model predicts from the last token only; a transformer reads the order.
      </p>
      <div class="train__settings">
        <div class="train__field">
          <label for={ids.a}>Sentence A</label>
          <input id={ids.a} type="text" value={sentA} disabled={!hydrated} onInput={(e) => onSentA((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
        </div>
        <div class="train__field">
          <label for={ids.b}>Sentence B</label>
          <input id={ids.b} type="text" value={sentB} disabled={!hydrated} onInput={(e) => onSentB((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
        </div>
      </div>
      <div class="lm-controls">
        <button type="button" onClick={onRun} disabled={!hydrated || testing}>
          {testing ? 'Testing…' : 'Run the word-order test'}
        </button>
      </div>
      <TableScroll label="Word-order test">
        <table class="train__table" data-testid="order-table" data-a={orderTexts?.[0] ?? ''} data-b={orderTexts?.[1] ?? ''}>
          <caption class="lm-muted">
            Next-token prediction after the whole of A versus after the whole of B (largest change in any token’s probability; for the transformer, over its{' '}
            {TRANSFORMER_TOP_K} most likely tokens), and the total surprise of each sentence.
          </caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Same next-token prediction?</th>
              <th scope="col" class="lm-num">
                Largest change
              </th>
              <th scope="col" class="lm-num">
                Bits of A
              </th>
              <th scope="col" class="lm-num">
                Bits of B
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => {
              const cell = order[m];
              const v = cell?.state === 'done' ? cell.value : null;
              const same = v ? samePrediction(v) : null;
              return (
                <tr key={m} data-model={m} data-state={cell?.state ?? 'idle'} data-max-diff={v?.maxDiff ?? ''} data-same={same === null ? '' : String(same)} data-bits-a={v?.bitsA ?? ''} data-bits-b={v?.bitsB ?? ''}>
                  <th scope="row">{modelName(m)}</th>
                  {!cell || cell.state === 'idle' ? (
                    <td colSpan={4} class="lm-muted">
                      {m !== 'transformer' && !available(m) ? 'train it first' : 'press “Run the word-order test”'}
                    </td>
                  ) : cell.state === 'busy' ? (
                    <td colSpan={4} class="lm-muted">
                      working…
                    </td>
                  ) : cell.state === 'error' ? (
                    <td colSpan={4} class="lm-error">
                      {cell.message}
                    </td>
                  ) : (
                    <>
                      <td>
                        {same ? 'Yes, identical: it cannot tell A from B.' : 'No: it tells A from B.'}
                        {cell.value.unknown.length > 0 && (
                          <span class="lm-muted">
                            {' '}
                            (unknown to it: {cell.value.unknown.map((t) => `“${t}”`).join(', ')}, read as &lt;unk&gt;)
                          </span>
                        )}
                        {cell.value.topA && cell.value.topB && (
                          <span class="lm-muted train__block">
                            Most likely next: “{visibleToken(cell.value.topA.token)}” ({(100 * cell.value.topA.p).toFixed(1)}%) after A, “{visibleToken(cell.value.topB.token)}” (
                            {(100 * cell.value.topB.p).toFixed(1)}%) after B.
                          </span>
                        )}
                      </td>
                      <td class="lm-num">{cell.value.maxDiff < SAME && cell.value.onlyInOneList === 0 ? '0 (up to rounding)' : cell.value.maxDiff.toFixed(4)}</td>
                      <td class="lm-num">{formatBits(cell.value.bitsA, ...TRAIN_BITS)}</td>
                      <td class="lm-num">{formatBits(cell.value.bitsB, ...TRAIN_BITS)}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
