/**
 * The surprisal island: a text shown as its tokens, each coloured by how surprised the model was
 * (bits = −log₂ p, colour-blind-safe scale with a legend). Hovering or moving the keyboard cursor
 * onto a token shows its probability, its bits and what the model expected instead; dragging
 * across tokens (or Shift + arrow keys) selects a span and reports its tokens, total bits, bits
 * per token and perplexity, and sends an `lm-notes:pick` event. With two texts it compares them
 * side by side.
 *
 * The first state comes from the build (the `.astro` wrapper scores the preset texts with the
 * same model), so the static page already shows the real figure; the model loads in the browser
 * only when the reader edits a text (or opens a link with a different text).
 *
 * Exact values are exposed as data attributes (`data-logprob`, `data-bits`, `data-total-bits`,
 * `data-source`) so tests can compare them with reference numbers.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ScoredText } from '../../../lib/surprisal/scored-text';
import { scoredTextFromResult } from '../../../lib/surprisal/scored-text';
import {
  clampSelection,
  formatSpanParam,
  moveForKey,
  moveSelection,
  parseSpanParam,
  selectAll,
  selectionRange,
} from '../../../lib/selection/token-selection';
import type { TokenSelection } from '../../../lib/selection/token-selection';
import { PICK_EVENT, spanPickDetail, summarizeSpan } from '../../../lib/surprisal/span-summary';
import type { SpanSummary } from '../../../lib/surprisal/span-summary';
import { formatBits, formatPerplexity, formatProbability } from '../../../lib/surprisal/number-format';
import { bitsColour, bitsTextColour, DEFAULT_MAX_BITS, legendStops } from '../../../lib/metrics/bits-colour';
import { initialUrlState, useUrlState } from '../shared/use-url-state';
import { useModelRequest } from '../shared/use-model-request';
import { usePrepareModel } from '../shared/use-prepare-model';
import { ModelProgressLine } from '../shared/ModelProgressLine';
import { ShareLink } from '../shared/ShareLink';
import { quotedToken, stripText } from './token-text';
import { builtWithName, startTokenOf } from '../../../lib/static/figures-model';
import '../shared/widgets.css';
import './surprisal.css';
import { TableScroll } from '../shared/TableScroll';
import { useHydrationEffect, useLatest } from '../shared/use-hooks';

/** Props of the surprisal island (the `.astro` wrapper fills `initialA`/`initialB` at build time). */
export interface SurprisalWidgetProps {
  /** Widget id: URL parameter prefix and `widget` field of the pick event. */
  id?: string;
  /** Text A scored at build time. */
  initialA: ScoredText;
  /** Text B scored at build time; when present the widget compares A and B. */
  initialB?: ScoredText | undefined;
  /** How many alternatives to show per token. */
  topK?: number;
  /** Top of the colour scale, in bits. */
  maxBits?: number;
  /** Registry id of the model that scored the build-time texts (the figures model). */
  builtWith?: string;
}

type Side = 'A' | 'B';

/** The surprisal figure (use with `client:visible`). */
export default function SurprisalWidget({ id = 'surprisal', initialA, initialB, topK = 5, maxBits = DEFAULT_MAX_BITS, builtWith = 'lm-notes-tiny' }: SurprisalWidgetProps) {
  const compare = initialB !== undefined;
  const [hydrated, setHydrated] = useState(false);
  const prepareModel = usePrepareModel();
  const [textA, setTextA] = useState(initialA.text);
  const [textB, setTextB] = useState(initialB?.text ?? '');
  const [selA, setSelA] = useState<TokenSelection | null>(null);
  const [selB, setSelB] = useState<TokenSelection | null>(null);
  // Totals of each text, starting from the build-time figures so the static page compares them too.
  const [totals, setTotals] = useState<Record<Side, { bits: number; tokens: number } | null>>(() => {
    const total = (s: ScoredText | undefined) => {
      if (!s || s.text === '') return null;
      const w = summarizeSpan(s, { start: 0, end: s.tokens.length });
      return { bits: w.totalBits, tokens: w.tokens };
    };
    return { A: total(initialA), B: total(initialB) };
  });

  // State from the URL is applied after hydration, so the first render matches the static HTML.
  useHydrationEffect(() => {
    const url = initialUrlState(id);
    if (url.a !== undefined) setTextA(url.a);
    if (compare && url.b !== undefined) setTextB(url.b);
    setSelA(parseSpanParam(url.spanA));
    if (compare) setSelB(parseSpanParam(url.spanB));
    setHydrated(true);
  });

  const rangeParam = (sel: TokenSelection | null): string | undefined => (sel ? formatSpanParam(selectionRange(sel)) : undefined);
  const urlState = {
    a: textA !== initialA.text ? textA : undefined,
    b: compare && textB !== initialB.text ? textB : undefined,
    spanA: rangeParam(selA),
    spanB: compare ? rangeParam(selB) : undefined,
  };
  useUrlState(id, urlState, hydrated);

  const onTotals = (side: Side) => (t: { bits: number; tokens: number } | null) =>
    setTotals((old) => (old[side]?.bits === t?.bits && old[side]?.tokens === t?.tokens ? old : { ...old, [side]: t }));

  const diff = compare && totals.A && totals.B ? totals.B.bits - totals.A.bits : null;

  return (
    <section
      class="lmw srp not-content"
      onPointerEnter={prepareModel}
      aria-label={compare ? 'Surprisal of two texts, compared' : 'Surprisal of a text'}
      data-widget="surprisal"
      data-hydrated={hydrated ? 'true' : 'false'}
    >
      <p class="lmw-title">{compare ? 'How surprising is each token? Two texts compared' : 'How surprising is each token?'}</p>
      <p class="lmw-hint">
        Each token is coloured by its surprise in bits, −log₂ p. Hover over a token, or focus the tokens and move with the arrow
        keys, to see its probability and what the model expected instead. Drag across tokens, or hold Shift with the arrow keys,
        to select a span. The model sees a start-of-text token (<code>{startTokenOf(builtWith)}</code>) before the text, so even the
        first token gets a probability.
      </p>
      <Legend maxBits={maxBits} />
      <div class={compare ? 'srp-sides srp-sides--two' : 'srp-sides'}>
        <SurprisalSide
          widgetId={id}
          side={compare ? 'A' : undefined}
          initial={initialA}
          text={textA}
          onText={setTextA}
          sel={selA}
          onSel={setSelA}
          topK={topK}
          maxBits={maxBits}
          hydrated={hydrated}
          onTotals={onTotals('A')}
        />
        {compare && (
          <SurprisalSide
            widgetId={id}
            side="B"
            initial={initialB}
            text={textB}
            onText={setTextB}
            sel={selB}
            onSel={setSelB}
            topK={topK}
            maxBits={maxBits}
            hydrated={hydrated}
            onTotals={onTotals('B')}
          />
        )}
      </div>
      {compare && diff !== null && (
        <p class="srp-compare" role="status" aria-live="polite" data-bits-difference={diff}>
          Text B costs <strong class="lmw-num">{formatBits(Math.abs(diff))}</strong> bits {diff >= 0 ? 'more' : 'less'} than text A
          in total ({formatBits(totals.B!.bits)} against {formatBits(totals.A!.bits)} bits).
        </p>
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
          These numbers were computed when the site was built, by {builtWithName(builtWith)}. With JavaScript on you can edit the text and
          select spans; the model then runs in your browser.
        </p>
      )}
    </section>
  );
}

/** The colour legend: swatches at 0, ¼, ½, ¾ of the scale and its top. */
function Legend({ maxBits }: { maxBits: number }) {
  const stops = legendStops(maxBits);
  return (
    <div class="srp-legend" role="group" aria-label="Colour scale: surprise in bits">
      <span class="srp-legend__label" aria-hidden="true">
        Surprise:
      </span>
      {stops.map((b, i) => (
        <span key={i} class="srp-legend__swatch" style={{ background: bitsColour(b, maxBits), color: bitsTextColour(b, maxBits) }}>
          {i === stops.length - 1 ? `≥ ${b}` : b} bits
        </span>
      ))}
      <span class="srp-legend__label">light = expected, dark = surprising</span>
    </div>
  );
}

/** Props of one text's panel. */
interface SideProps {
  widgetId: string;
  side: Side | undefined;
  initial: ScoredText;
  text: string;
  onText: (t: string) => void;
  sel: TokenSelection | null;
  onSel: (s: TokenSelection | null) => void;
  topK: number;
  maxBits: number;
  hydrated: boolean;
  onTotals: (t: { bits: number; tokens: number } | null) => void;
}

/** One text: its box, its token strip, the token details and the span statistics. */
function SurprisalSide({ widgetId, side, initial, text, onText, sel, onSel, topK, maxBits, hydrated, onTotals }: SideProps) {
  const base = `${widgetId}-${side ?? 'A'}`;
  const empty = text === '';
  const needsModel = hydrated && !empty && text !== initial.text;
  const [everLive, setEverLive] = useState(false);
  useEffect(() => {
    if (needsModel) setEverLive(true);
  }, [needsModel]);
  const req = useModelRequest(
    (client, key) => client.score({ text }, topK, { supersede: key }).then((r) => scoredTextFromResult(text, r)),
    [text, topK],
    { key: `surprisal-${base}`, debounceMs: 300, enabled: hydrated && !empty && (everLive || needsModel) },
  );
  const live = req.value !== null && req.value.text === text ? req.value : null;
  const scored: ScoredText = live ?? (text === initial.text ? initial : (req.value ?? initial));
  const stale = scored.text !== text;
  const n = empty ? 0 : scored.tokens.length;
  const selection = clampSelection(sel, n);
  const range = selection ? selectionRange(selection) : null;
  const span: SpanSummary | null = range ? summarizeSpan(scored, range) : null;
  const whole = useMemo(() => summarizeSpan(scored, { start: 0, end: scored.tokens.length }), [scored]);

  const [hover, setHover] = useState<number | null>(null);
  // The keyboard cursor before anything is selected (focusing the tokens selects nothing yet).
  const [cursor, setCursor] = useState<number | null>(null);
  const dragging = useRef(false);
  const [dragTick, setDragTick] = useState(0);
  const at = selection ? selection.focus : cursor !== null && cursor < n ? cursor : null;
  const shown = hover ?? at;

  // The parent's callback is a new function every render: call the latest one, when the totals change.
  const onTotalsNow = useLatest(onTotals);
  useEffect(() => {
    onTotalsNow.current(empty ? null : { bits: whole.totalBits, tokens: whole.tokens });
  }, [empty, whole.totalBits, whole.tokens, onTotalsNow]);

  // Tell self-check exercises about the span once the reader has finished selecting it.
  // `pickKey` decides when to tell (the span is a new object every render); the effect sends the latest span.
  const pickKey = span && !dragging.current ? `${span.start}-${span.end}-${scored.text}` : '';
  const pick = useLatest(span ? { widgetId, span, side, text: scored.text } : null);
  useEffect(() => {
    const now = pick.current;
    if (!now || !hydrated || dragging.current) return;
    document.dispatchEvent(new CustomEvent(PICK_EVENT, { detail: spanPickDetail(now.widgetId, now.span, now.side, now.text) }));
  }, [pickKey, dragTick, hydrated, pick]);

  useEffect(() => {
    const up = (): void => {
      if (!dragging.current) return;
      dragging.current = false;
      setDragTick((t) => t + 1);
    };
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    return () => {
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      if (selection) {
        setCursor(selection.focus);
        onSel(null);
        e.preventDefault();
      }
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      onSel(selectAll(n));
      e.preventDefault();
      return;
    }
    const move = moveForKey(e.key);
    if (!move) return;
    e.preventDefault();
    setHover(null);
    onSel(moveSelection(selection ?? (at !== null ? { anchor: at, focus: at } : null), move, e.shiftKey, n));
  };

  const label = side ? `Text ${side}` : 'Text';
  const named = side ? `text ${side}` : 'the text';
  const textId = `${base}-text`;
  return (
    <div class="srp-side" data-side={side ?? 'A'} data-source={live ? 'live' : 'build'} data-busy={req.busy || stale ? 'true' : 'false'}>
      <label for={textId} class="srp-label">
        {label}
      </label>
      <textarea
        id={textId}
        value={text}
        readOnly={!hydrated}
        rows={2}
        spellcheck={false}
        onInput={(e) => onText((e.currentTarget as HTMLTextAreaElement).value)}
      />
      {empty ? (
        <p class="lmw-notice" role="status">
          The text is empty: type something to see how surprising each token is.
        </p>
      ) : (
        <>
          {scored.droppedTokens > 0 && !stale && (
            <p class="lmw-notice" data-dropped={scored.droppedTokens}>
              This text is longer than the model’s {scored.contextLength}-token window, so its first {scored.droppedTokens} tokens
              were cut off: the tokens below are the last {scored.tokens.length}, each predicted from the ones before it that fit in
              the window. Your whole text stays in the box.
            </p>
          )}
          {req.error && req.errorCode !== 'empty-input' && (
            <p class="lmw-error" role="alert">
              {req.error}{' '}
              <button type="button" class="lmw-button lmw-button--quiet" onClick={req.retry}>
                Try again
              </button>
            </p>
          )}
          {req.errorCode === 'empty-input' && <p class="lmw-notice">{req.error}</p>}
          <div
            class="srp-strip"
            role="listbox"
            aria-multiselectable="true"
            aria-label={`Tokens of ${named}, coloured by surprise`}
            aria-activedescendant={at !== null ? `${base}-t${at}` : undefined}
            aria-describedby={`${base}-details`}
            tabIndex={0}
            data-total-bits={whole.totalBits}
            data-tokens={whole.tokens}
            onKeyDown={onKeyDown}
            onFocus={() => {
              if (!selection && cursor === null && n > 0) setCursor(0);
            }}
            onMouseLeave={() => setHover(null)}
          >
            {scored.tokens.map((t, i) => {
              const inSpan = range !== null && i >= range.start && i < range.end;
              return (
                <span
                  key={i}
                  id={`${base}-t${i}`}
                  role="option"
                  aria-selected={inSpan ? 'true' : 'false'}
                  aria-label={`${quotedToken(t.text)}, ${formatBits(t.bits)} bits`}
                  class={`srp-token${inSpan ? ' srp-token--in-span' : ''}${at === i ? ' srp-token--cursor' : ''}`}
                  style={{ background: bitsColour(t.bits, maxBits), color: bitsTextColour(t.bits, maxBits) }}
                  data-index={i}
                  data-bits={t.bits}
                  data-logprob={t.logprob}
                  onPointerDown={(e) => {
                    if (e.button !== 0 || !hydrated) return;
                    e.preventDefault();
                    (e.currentTarget as HTMLElement).releasePointerCapture?.(e.pointerId);
                    (e.currentTarget.parentElement as HTMLElement | null)?.focus({ preventScroll: true });
                    dragging.current = true;
                    onSel(e.shiftKey && selection ? { anchor: selection.anchor, focus: i } : { anchor: i, focus: i });
                  }}
                  onPointerEnter={() => {
                    setHover(i);
                    if (dragging.current && selection) onSel({ anchor: selection.anchor, focus: i });
                  }}
                >
                  {stripText(t)}
                </span>
              );
            })}
          </div>
          <TokenDetails id={`${base}-details`} scored={scored} index={shown} />
          <p class="srp-stats" role="status" aria-live="polite" data-span-bits={span?.totalBits} data-span-tokens={span?.tokens}>
            {span ? (
              <>
                Selected <strong>{span.tokens}</strong> token{span.tokens === 1 ? '' : 's'} (“{span.text}”):{' '}
                <strong class="lmw-num" data-stat="bits">{formatBits(span.totalBits)}</strong> bits in total,{' '}
                <strong class="lmw-num" data-stat="bpt">{formatBits(span.bitsPerToken)}</strong> bits per token, perplexity{' '}
                <strong class="lmw-num" data-stat="ppl">{formatPerplexity(span.perplexity)}</strong>.
              </>
            ) : (
              <>No span selected: drag across tokens, or focus them and press Shift + arrow keys.</>
            )}
          </p>
          <p class="srp-whole" data-whole-bits={whole.totalBits}>
            Whole text: <span class="lmw-num" data-stat="whole-tokens">{whole.tokens}</span> tokens,{' '}
            <span class="lmw-num" data-stat="whole-bits">{formatBits(whole.totalBits)}</span> bits,{' '}
            <span class="lmw-num">{formatBits(whole.bitsPerToken)}</span> bits per token, perplexity{' '}
            <span class="lmw-num">{formatPerplexity(whole.perplexity)}</span>
            {stale ? ' (updating…)' : ''}
          </p>
          <TokenTable scored={scored} named={named} />
        </>
      )}
    </div>
  );
}

/** Probability, bits and the model's top alternatives for one token (or a prompt when none). */
function TokenDetails({ id, scored, index }: { id: string; scored: ScoredText; index: number | null }) {
  const t = index !== null ? scored.tokens[index] : undefined;
  return (
    <div id={id} class="srp-details" aria-live="polite">
      {t ? (
        <>
          <p>
            Token {index! + 1}, <span class="lmw-token">{quotedToken(t.text)}</span>: p ={' '}
            <span class="lmw-num" data-detail="p">{formatProbability(t.p)}</span>, surprise{' '}
            <span class="lmw-num" data-detail="bits">{formatBits(t.bits)}</span> bits.
            {index === 0 && scored.bosPrepended && scored.droppedTokens === 0
              ? ' It is predicted from the start-of-text token alone.'
              : ''}
          </p>
          <p>
            The model expected:{' '}
            {t.top.map((a, j) => (
              <span key={j} class="srp-alt">
                <span class="lmw-token">{quotedToken(a.text)}</span> {formatProbability(a.p)}
                {j < t.top.length - 1 ? ', ' : ''}
              </span>
            ))}
          </p>
        </>
      ) : (
        <p class="lmw-hint">Hover over a token, or focus the tokens, to see its probability and the alternatives.</p>
      )}
    </div>
  );
}

/** Every token as a table (also what screen readers and print get without colours). */
function TokenTable({ scored, named }: { scored: ScoredText; named: string }) {
  return (
    <details class="srp-table">
      <summary>Every token of {named} as a table</summary>
      <TableScroll label="Every token with its surprise">
        <table>
          <thead>
            <tr>
              <th scope="col" class="lmw-num">
                #
              </th>
              <th scope="col">Token</th>
              <th scope="col" class="lmw-num">
                p
              </th>
              <th scope="col" class="lmw-num">
                Bits
              </th>
            </tr>
          </thead>
          <tbody>
            {scored.tokens.map((t, i) => (
              <tr key={i} data-logprob={t.logprob}>
                <td class="lmw-num">{i + 1}</td>
                <td>
                  <span class="lmw-token">{quotedToken(t.text)}</span>
                </td>
                <td class="lmw-num" data-cell="p">
                  {formatProbability(t.p)}
                </td>
                <td class="lmw-num" data-cell="bits">
                  {formatBits(t.bits)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
