/**
 * The chain-rule island: a short sentence as the product of its next-token factors
 * P(xᵢ | x<ᵢ), one table row per token with the probability and its log₂, then the product of
 * the factors and the sum of the logs. The sum is minus the total bits the surprisal figure
 * reports for the same text. Past `maxTokens` tokens the table would stop being readable, so the
 * widget says so and shows only the totals.
 *
 * The first state comes from the build (the `.astro` wrapper scores the preset with the same
 * model); the model loads in the browser only when the reader edits the sentence.
 */
import { useEffect, useState } from 'preact/hooks';
import { chainRuleTable, MAX_TABLE_TOKENS } from '../../../lib/surprisal/chain-rule-table';
import { formatBits, formatProbability } from '../../../lib/surprisal/number-format';
import type { ScoredText } from '../../../lib/surprisal/scored-text';
import { scoredTextFromResult } from '../../../lib/surprisal/scored-text';
import { visibleToken } from '../../model/format';
import { ModelProgressLine } from '../shared/ModelProgressLine';
import { ShareLink } from '../shared/ShareLink';
import { useModelRequest } from '../shared/use-model-request';
import { usePrepareModel } from '../shared/use-prepare-model';
import { initialUrlState, useUrlState } from '../shared/use-url-state';
import '../shared/widgets.css';
import './chain-rule.css';
import { TableScroll } from '../shared/TableScroll';
import { useHydrationEffect } from '../shared/use-hooks';
import { builtWithName, startTokenOf } from '../../../lib/static/figures-model';

/** Props of the chain-rule island (the `.astro` wrapper fills `initial` at build time). */
export interface ChainRuleWidgetProps {
  /** Widget id (URL parameter prefix). */
  id?: string;
  /** The preset sentence, scored at build time. */
  initial: ScoredText;
  /** Longest sentence, in tokens, listed factor by factor. */
  maxTokens?: number;
  /** Registry id of the model that scored it (the figures model). */
  builtWith?: string;
}

/** Longest context written in full inside a factor; longer ones keep their end after "…". */
const CONTEXT_CHARS = 28;

/** `“text”` with whitespace visible, shortened from the left past CONTEXT_CHARS. */
function quoted(text: string, shorten = false): string {
  const t = shorten && text.length > CONTEXT_CHARS ? `…${text.slice(-CONTEXT_CHARS)}` : text;
  return `“${visibleToken(t)}”`;
}

/** The chain-rule table (use with `client:visible`). */
export default function ChainRuleWidget({ id = 'chain-rule', initial, maxTokens = MAX_TABLE_TOKENS, builtWith = 'lm-notes-tiny' }: ChainRuleWidgetProps) {
  const [hydrated, setHydrated] = useState(false);
  const prepareModel = usePrepareModel();
  const [text, setText] = useState(initial.text);
  const [everLive, setEverLive] = useState(false);
  useHydrationEffect(() => {
    const url = initialUrlState(id);
    if (url.text !== undefined) setText(url.text);
    setHydrated(true);
  });
  const empty = text.trim() === '';
  const needsModel = hydrated && !empty && text !== initial.text;
  useEffect(() => {
    if (needsModel) setEverLive(true);
  }, [needsModel]);
  const req = useModelRequest(
    (client, key) => client.score({ text }, 1, { supersede: key }).then((r) => scoredTextFromResult(text, r)),
    [text],
    { key: `chain-rule-${id}`, debounceMs: 300, enabled: hydrated && !empty && (everLive || needsModel) },
  );
  const urlState = { text: text !== initial.text ? text : undefined };
  useUrlState(id, urlState, hydrated);

  const live = req.value !== null && req.value.text === text ? req.value : null;
  const scored = live ?? (text === initial.text ? initial : (req.value ?? initial));
  const stale = scored.text !== text;
  const table = chainRuleTable(scored, maxTokens);
  const inputId = `${id}-text`;

  return (
    <section
      class="lmw crw not-content"
      onPointerEnter={prepareModel}
      aria-label="The chain rule for a sentence"
      data-widget="chain-rule"
      data-hydrated={hydrated ? 'true' : 'false'}
      data-source={live ? 'live' : 'build'}
      data-busy={req.busy || stale ? 'true' : 'false'}
    >
      <p class="lmw-title">The chain rule, factor by factor</p>
      <div class="lmw-controls">
        <label for={inputId}>Sentence</label>
        <input
          id={inputId}
          type="text"
          class="crw-input"
          value={text}
          readOnly={!hydrated}
          spellcheck={false}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <p class="lmw-hint">
        The model reads the sentence one token at a time. Each row is one factor: the probability of the next token given
        everything before it. The first token is predicted after the start-of-text token (<code>{startTokenOf(builtWith)}</code>)
        alone.
      </p>
      {empty ? (
        <p class="lmw-notice" role="status">
          The sentence is empty: type a few words to see their factors.
        </p>
      ) : (
        <>
          {req.error && (
            <p class="lmw-error" role="alert">
              {req.error}{' '}
              <button type="button" class="lmw-button lmw-button--quiet" onClick={req.retry}>
                Try again
              </button>
            </p>
          )}
          {scored.droppedTokens > 0 && !stale && (
            <p class="lmw-notice">
              The sentence is longer than the model’s {scored.contextLength}-token window: its first {scored.droppedTokens} tokens
              were cut off and have no factor here.
            </p>
          )}
          {table.tooLong ? (
            <p class="lmw-notice crw-too-long" role="status" data-tokens={table.rows.length}>
              This text has {table.rows.length} tokens: too many factors for a readable table (at most {maxTokens}). Shorten it to
              see each factor; the totals below still cover every token.
            </p>
          ) : (
            <TableScroll label="Chain-rule factors">
              <table class="crw-table" data-total-bits={table.totalBits}>
                <caption>
                  P({quoted(scored.text, true)}) as a product of {table.rows.length} factor{table.rows.length === 1 ? '' : 's'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" class="lmw-num">
                      i
                    </th>
                    <th scope="col">Factor P(xᵢ | x&lt;ᵢ)</th>
                    <th scope="col" class="lmw-num">
                      Probability
                    </th>
                    <th scope="col" class="lmw-num">
                      log₂ p
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((r) => (
                    <tr key={r.step} data-p={r.p} data-log2p={r.log2p}>
                      <td class="lmw-num">{r.step}</td>
                      <td>
                        <span class="lmw-token">
                          P({quoted(r.token)} | {r.step === 1 ? 'start of text' : quoted(r.context, true)})
                        </span>
                      </td>
                      <td class="lmw-num" data-cell="p">
                        {formatProbability(r.p)}
                      </td>
                      <td class="lmw-num" data-cell="log2p">
                        {formatBits(r.log2p)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={2}>
                      Whole sentence: product and sum
                    </th>
                    <td class="lmw-num" data-cell="product">
                      {formatProbability(table.product)}
                    </td>
                    <td class="lmw-num" data-cell="log2sum">
                      {formatBits(table.log2Sum)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          )}
          <p class="crw-total" role="status" aria-live="polite" data-total-bits={table.totalBits} data-product={table.product}>
            P(sentence) = <strong class="lmw-num">{formatProbability(table.product)}</strong>, so log₂ P ={' '}
            <strong class="lmw-num">{formatBits(table.log2Sum)}</strong>: the sentence costs{' '}
            <strong class="lmw-num" data-stat="total-bits">{formatBits(table.totalBits)}</strong> bits over {table.rows.length}{' '}
            tokens{stale ? ' (updating…)' : ''}.
            {table.product === 0 ? ' The product underflowed to 0 in floating point; the sum of logs did not.' : ''}
          </p>
        </>
      )}
      {hydrated ? (
        <>
          <ModelProgressLine />
          <div class="lmw-controls">
            <ShareLink id={id} state={urlState} />
          </div>
        </>
      ) : (
        <p class="lmw-static-note">
          These numbers were computed when the site was built, by {builtWithName(builtWith)}. With JavaScript on you can type your own
          sentence; the model then runs in your browser.
        </p>
      )}
    </section>
  );
}
