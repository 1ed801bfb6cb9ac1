/**
 * Softmax explorer (no model): the reader edits logits (and their labels) and a temperature,
 * and sees each token's e^{z/T} and probability with a bar. Bad input (empty, not a number)
 * gets a plain message and the last good figure stays. Before hydration the same table is
 * rendered from the props (real numbers) with the controls disabled.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { softmax } from '../../../lib/math/softmax';
import { parseLabels, parseNumberList } from '../../../lib/sampling/parse-numbers';
import { numberParam } from '../../../lib/widget-state/url-state';
import { ShareLink } from '../shared/ShareLink';
import { initialUrlState, useUrlState } from '../shared/use-url-state';
import '../shared/widgets.css';
import './softmax.css';
import { TableScroll } from '../shared/TableScroll';
import { useHydrationEffect } from '../shared/use-hooks';
import { formatP } from '../../../lib/format/numbers';

/** Props of the softmax explorer island. */
export interface SoftmaxExplorerProps {
  /** Logits at first, comma-separated (default "2,1,0"). */
  logits?: string;
  /** Labels at first, comma-separated (default "cheese,bread,mouse"). */
  labels?: string;
  /** Temperature at first (default 1). */
  temperature?: number;
  /** Whether the temperature slider is shown (default true). */
  showTemperature?: boolean;
  /** URL parameter prefix (default `softmax`). */
  id?: string;
  /** The formula, typeset at build time (slot). */
  children?: ComponentChildren;
}

/** Most logits the figure draws. */
export const MAX_LOGITS = 50;

/** Probability with three decimals (what the notes print). */
const formatP3 = (p: number): string => formatP(p, 3);

/** A table row's numbers. */
interface Row {
  label: string;
  z: number;
  e: number;
  p: number;
}

/** The table rows for logits/labels at temperature T. */
export function softmaxRows(z: number[], labels: string[], T: number): Row[] {
  const p = softmax(z, T);
  const m = Math.max(...z);
  return z.map((zi, i) => ({ label: labels[i] ?? `token ${i + 1}`, z: zi, e: Math.exp((zi - m) / T), p: p[i] as number }));
}

/** The island. */
export default function SoftmaxExplorer(props: SoftmaxExplorerProps) {
  const id = props.id ?? 'softmax';
  // The first render equals the build-time HTML; the URL's state is applied right after.
  const [logitsText, setLogitsText] = useState(props.logits ?? '2,1,0');
  const [labelsText, setLabelsText] = useState(props.labels ?? 'cheese,bread,mouse');
  const [T, setT] = useState(numberParam(String(props.temperature ?? 1), 1, 0.1, 5));
  const showT = props.showTemperature ?? true;
  const [hydrated, setHydrated] = useState(false);
  useHydrationEffect(() => {
    const url = initialUrlState(id);
    if (url.z !== undefined) setLogitsText(url.z);
    if (url.labels !== undefined) setLabelsText(url.labels);
    setT(numberParam(url.t, T, 0.1, 5));
    setHydrated(true);
  });
  useUrlState(id, { z: logitsText, labels: labelsText, t: T }, hydrated);
  const uid = useId();

  const parsed = useMemo(() => parseNumberList(logitsText), [logitsText]);
  const tooMany = parsed.ok && parsed.values.length > MAX_LOGITS;
  const [lastGood, setLastGood] = useState<number[]>(() => (parsed.ok ? parsed.values.slice(0, MAX_LOGITS) : [2, 1, 0]));
  useEffect(() => {
    if (parsed.ok) setLastGood(parsed.values.slice(0, MAX_LOGITS));
  }, [parsed]);
  const z = parsed.ok ? parsed.values.slice(0, MAX_LOGITS) : lastGood;
  const labels = parseLabels(labelsText, z.length);
  const rows = softmaxRows(z, labels, T);
  const sumE = rows.reduce((s, r) => s + r.e, 0);
  const best = rows.reduce((a, b) => (b.p > a.p ? b : a), rows[0]!);

  return (
    <section class="lmw lmw-softmax not-content" data-testid="softmax-explorer" aria-label="Softmax explorer" data-hydrated={hydrated ? 'true' : 'false'}>
      <p class="lmw-title">Softmax: from logits to probabilities</p>
      <div class="lmw-softmax__formula">{props.children}</div>
      {!hydrated && (
        <p class="lmw-static-note">
          Computed when the site was built for the logits below. With JavaScript on, you can edit the logits, labels and
          temperature and the probabilities update as you type.
        </p>
      )}
      <div class="lmw-controls">
        <label for={`${uid}-z`}>Logits z (comma-separated)</label>
        <input id={`${uid}-z`} type="text" value={logitsText} disabled={!hydrated} spellcheck={false} aria-describedby={`${uid}-msg`} aria-invalid={!parsed.ok}
          onInput={(e) => setLogitsText((e.currentTarget as HTMLInputElement).value)} />
        <label for={`${uid}-l`}>Labels</label>
        <input id={`${uid}-l`} type="text" value={labelsText} disabled={!hydrated} spellcheck={false}
          onInput={(e) => setLabelsText((e.currentTarget as HTMLInputElement).value)} />
      </div>
      {showT && (
        <div class="lmw-controls">
          <label for={`${uid}-t`}>Temperature T</label>
          <input id={`${uid}-t`} type="range" min={0.1} max={5} step={0.1} value={T} disabled={!hydrated} aria-valuetext={`T = ${T.toFixed(1)}`}
            onInput={(e) => setT(Number((e.currentTarget as HTMLInputElement).value))} />
          <output for={`${uid}-t`} class="lmw-num">T = {T.toFixed(1)}</output>
          <button type="button" class="lmw-button lmw-button--quiet" disabled={!hydrated || T === 1} onClick={() => setT(1)}>Reset T to 1</button>
        </div>
      )}
      <div id={`${uid}-msg`}>
        {!parsed.ok && <p class="lmw-error" role="alert">{parsed.message} The table still shows the last valid logits.</p>}
        {tooMany && <p class="lmw-notice">Only the first {MAX_LOGITS} logits are used.</p>}
      </div>
      <TableScroll label="Logits and probabilities">
        <table class="lmw-softmax__table">
          <caption class="sr-only">Softmax of the logits at temperature {T.toFixed(1)}</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col" class="lmw-num">Logit z</th>
              <th scope="col" class="lmw-num">{T === 1 ? 'e^(z − max z)' : 'e^((z − max z)/T)'}</th>
              <th scope="col" class="lmw-num">p</th>
              <th scope="col"><span class="sr-only">Bar</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-testid="softmax-row">
                <th scope="row" class="lmw-token">{r.label}</th>
                <td class="lmw-num">{r.z}</td>
                <td class="lmw-num">{r.e.toFixed(3)}</td>
                <td class="lmw-num" data-p={r.p}>{formatP3(r.p)}</td>
                <td class="lmw-softmax__barcell" aria-hidden="true">
                  <span class="lmw-bar" style={{ width: `${(r.p * 100).toFixed(2)}%` }} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Sum</th>
              <td />
              <td class="lmw-num">{sumE.toFixed(3)}</td>
              <td class="lmw-num">{formatP3(rows.reduce((s, r) => s + r.p, 0))}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      <p class="lmw-hint">
        Subtracting the largest logit first (e^(z − max z)) changes nothing, because the same factor cancels in the division, and
        it keeps e^z from overflowing.
      </p>
      <p role="status" aria-live="polite" class="lmw-softmax__summary">
        Most likely: <span class="lmw-token">{best.label}</span>, p = {formatP3(best.p)}.
      </p>
      {hydrated && <ShareLink id={id} state={{ z: logitsText, labels: labelsText, t: T }} />}
    </section>
  );
}
