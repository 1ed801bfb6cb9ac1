/**
 * Sampling from a distribution by inverse CDF: the tokens' probabilities laid end to end on a
 * bar from 0 to 1, a uniform number r (typed, slid, clicked on the bar, or drawn from a visible
 * seed), and the token whose stretch r lands in. "Draw 1" / "Draw 100" keep drawing from the
 * seeded generator and build a histogram of observed against expected counts. The seed and the
 * number of draws are in the URL, so a reload (or a shared link) replays the same draws.
 *
 * The distribution comes from the wrapper: by default the embedded model's real next-token
 * probabilities for the prompt, computed at build time (top k plus "every other token").
 */
import { useId, useMemo, useState } from 'preact/hooks';
import { cumulative, drawFromCumulative } from '../../../lib/sampling/draw';
import { countDraws, expectedCounts, landings, seededUniforms, stretches } from '../../../lib/sampling/seeded-draws';
import type { ShownToken } from '../../../lib/sampling/top-with-rest';
import { intParam, numberParam } from '../../../lib/widget-state/url-state';
import { ShareLink } from '../shared/ShareLink';
import { initialUrlState, useUrlState } from '../shared/use-url-state';
import '../shared/widgets.css';
import './sampler.css';
import { TableScroll } from '../shared/TableScroll';
import { useHydrationEffect } from '../shared/use-hooks';

/** Props of the sampler island. */
export interface SamplerExplorerProps {
  /** The distributions the reader can pick from (the first is shown at first). */
  distributions: SamplerDistribution[];
  /** r at first (default 0.62). */
  r?: number;
  /** Seed of the draws at first (default 42). */
  seed?: number;
  /** URL parameter prefix (default `sampler`). */
  id?: string;
}

/** One distribution to sample from. */
export interface SamplerDistribution {
  /** Short key (URL value). */
  key: string;
  /** Name in the picker. */
  label: string;
  /** One line saying where it comes from. */
  source: string;
  /** Its tokens (probabilities add up to 1). */
  tokens: ShownToken[];
}

/** Most draws kept (the URL stores the count; the draws are replayed from the seed). */
export const MAX_DRAWS = 100_000;

/** A token label with its whitespace visible. */
export function shownLabel(t: ShownToken): string {
  if (t.rest) return `(${t.label})`;
  return t.label.replaceAll(' ', '␣').replaceAll('\n', '↵').replaceAll('\t', '⇥') || '∅';
}

/** The island. */
export default function SamplerExplorer(props: SamplerExplorerProps) {
  const id = props.id ?? 'sampler';
  // The first render equals the build-time HTML; the URL's state is applied right after.
  const [r, setR] = useState(props.r ?? 0.62);
  const [rText, setRText] = useState(String(r));
  const [seed, setSeed] = useState(props.seed ?? 42);
  const [n, setN] = useState(0);
  const [distKey, setDistKey] = useState(props.distributions[0]!.key);
  const dist = props.distributions.find((d) => d.key === distKey) ?? props.distributions[0]!;
  const tokens = dist.tokens;
  const [hydrated, setHydrated] = useState(false);
  useHydrationEffect(() => {
    const url = initialUrlState(id);
    const r0 = numberParam(url.r, r, 0, 0.999999);
    setR(r0);
    setRText(String(r0));
    setSeed(intParam(url.seed, seed, 0, 2 ** 32 - 1));
    setN(intParam(url.n, 0, 0, MAX_DRAWS));
    if (props.distributions.some((d) => d.key === url.dist)) setDistKey(url.dist!);
    setHydrated(true);
  });
  useUrlState(id, { dist: distKey, r, seed, n: n > 0 ? n : undefined }, hydrated);
  const uid = useId();

  const p = useMemo(() => tokens.map((t) => t.p), [tokens]);
  const c = useMemo(() => cumulative(p), [p]);
  const bars = useMemo(() => stretches(p), [p]);
  const landed = drawFromCumulative(c, r);
  const uniforms = useMemo(() => seededUniforms(seed, n), [seed, n]);
  const counts = useMemo(() => countDraws(landings(p, uniforms), p.length), [uniforms, p]);
  const expected = expectedCounts(p, n);
  const maxShare = Math.max(...p, ...counts.map((k) => (n > 0 ? k / n : 0)));

  const setRValue = (v: number): void => {
    const clamped = Number(Math.min(0.999999, Math.max(0, v)).toFixed(6));
    setR(clamped);
    setRText(String(clamped));
  };
  const draw = (k: number): void => {
    const next = Math.min(MAX_DRAWS, n + k);
    if (next === n) return;
    const all = seededUniforms(seed, next);
    setN(next);
    setRValue(all[next - 1]!);
  };
  const rBad = rText.trim() === '' || !Number.isFinite(Number(rText)) || Number(rText) < 0 || Number(rText) >= 1;
  const t = tokens[landed]!;
  const stretch = bars[landed]!;

  return (
    <section class="lmw lmw-sampler not-content" data-testid="sampler" aria-label="Sampling from a distribution" data-hydrated={hydrated ? 'true' : 'false'}>
      <p class="lmw-title">One uniform number picks a token</p>
      {props.distributions.length > 1 && (
        <fieldset class="lmw-controls lmw-sampler__pick">
          <legend class="lmw-hint">Distribution</legend>
          {props.distributions.map((d) => (
            <label key={d.key}>
              <input type="radio" name={`${uid}-dist`} value={d.key} checked={d.key === distKey} disabled={!hydrated}
                onChange={() => {
                  setDistKey(d.key);
                  setN(0);
                }} />{' '}
              {d.label}
            </label>
          ))}
        </fieldset>
      )}
      <p class="lmw-hint">{dist.source}</p>
      {!hydrated && (
        <p class="lmw-static-note">
          Computed when the site was built, for r = {r}. With JavaScript on, you can move r, click the bar, and draw from a
          seeded random generator to build a histogram.
        </p>
      )}
      <div
        class="lmw-sampler__bar"
        data-testid="sampler-bar"
        onClick={(e) => {
          if (!hydrated) return;
          const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
          setRValue((e.clientX - box.left) / box.width);
        }}
        title="Click to put r here"
        aria-hidden="true"
      >
        {tokens.map((tok, i) => (
          <span
            key={i}
            class={`lmw-sampler__seg${i === landed ? ' lmw-sampler__seg--hit' : ''}${tok.rest ? ' lmw-sampler__seg--rest' : ''}`}
            style={{ left: `${(bars[i]!.from * 100).toFixed(3)}%`, width: `${((bars[i]!.to - bars[i]!.from) * 100).toFixed(3)}%` }}
          >
            {bars[i]!.to - bars[i]!.from > 0.07 ? shownLabel(tok) : ''}
          </span>
        ))}
        <span class="lmw-sampler__marker" style={{ left: `${(r * 100).toFixed(3)}%` }} />
      </div>
      <div class="lmw-sampler__scale" aria-hidden="true"><span>0</span><span>0.5</span><span>1</span></div>
      <div class="lmw-controls">
        <label for={`${uid}-r`}>r</label>
        <input id={`${uid}-r`} type="number" min={0} max={0.999999} step={0.01} value={rText} disabled={!hydrated} aria-invalid={rBad} aria-describedby={`${uid}-rmsg`}
          onInput={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            setRText(v);
            const num = Number(v);
            if (v.trim() !== '' && Number.isFinite(num) && num >= 0 && num < 1) setR(num);
          }} />
        <input type="range" min={0} max={0.999} step={0.001} value={r} disabled={!hydrated} aria-label="r (slider)" aria-valuetext={`r = ${r.toFixed(3)}`}
          onInput={(e) => setRValue(Number((e.currentTarget as HTMLInputElement).value))} />
      </div>
      {rBad && <p class="lmw-error" id={`${uid}-rmsg`}>r must be a number from 0 up to (not including) 1. Still using r = {r}.</p>}
      <p class="lmw-sampler__result" role="status" aria-live="polite" data-testid="sampler-result">
        r = <span class="lmw-num">{Number(r.toFixed(6))}</span> lands on <strong class="lmw-token" data-testid="sampler-landed">{shownLabel(t)}</strong>, whose
        stretch runs from {stretch.from.toFixed(3)} to {stretch.to.toFixed(3)} (p = {t.p.toFixed(3)}).
      </p>
      <TableScroll label="Tokens, draws and histogram">
        <table class="lmw-sampler__table">
          <caption class="sr-only">Tokens, probabilities, cumulative sums and draws</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col" class="lmw-num">p</th>
              <th scope="col" class="lmw-num">Cumulative</th>
              <th scope="col" class="lmw-num">Drawn</th>
              <th scope="col" class="lmw-num">Expected</th>
              <th scope="col">Observed share (bar) vs p (line)</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((tok, i) => (
              <tr key={i} class={i === landed ? 'lmw-sampler__row--hit' : undefined} aria-current={i === landed ? 'true' : undefined} data-testid="sampler-row">
                <th scope="row" class={tok.rest ? 'lmw-token lmw-sampler__rest' : 'lmw-token'}>{shownLabel(tok)}{i === landed ? <span class="sr-only"> (r lands here)</span> : null}</th>
                <td class="lmw-num">{tok.p.toFixed(3)}</td>
                <td class="lmw-num">{(c[i] as number).toFixed(3)}</td>
                <td class="lmw-num" data-testid="sampler-count">{counts[i]}</td>
                <td class="lmw-num">{expected[i]!.toFixed(1)}</td>
                <td class="lmw-sampler__hist" aria-hidden="true">
                  <span class="lmw-sampler__track">
                    <span class="lmw-bar" style={{ width: `${n > 0 ? ((counts[i]! / n / maxShare) * 100).toFixed(2) : 0}%` }} />
                    <span class="lmw-sampler__expect" style={{ left: `${((tok.p / maxShare) * 100).toFixed(2)}%` }} />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <div class="lmw-controls">
        <label for={`${uid}-seed`}>Seed</label>
        <input id={`${uid}-seed`} type="number" min={0} step={1} value={seed} disabled={!hydrated}
          onInput={(e) => {
            const v = Number((e.currentTarget as HTMLInputElement).value);
            if (Number.isInteger(v) && v >= 0 && v < 2 ** 32) {
              setSeed(v);
              setN(0);
            }
          }} />
        <button type="button" class="lmw-button" disabled={!hydrated || n >= MAX_DRAWS} onClick={() => draw(1)}>Draw 1</button>
        <button type="button" class="lmw-button" disabled={!hydrated || n >= MAX_DRAWS} onClick={() => draw(100)}>Draw 100</button>
        <button type="button" class="lmw-button lmw-button--quiet" disabled={!hydrated || n === 0} onClick={() => setN(0)}>Clear draws</button>
      </div>
      <p class="lmw-hint" role="status" aria-live="polite" data-testid="sampler-draws">
        {n === 0 ? 'No draws yet.' : `${n} draw${n === 1 ? '' : 's'} with seed ${seed}. The same seed always gives the same draws.`}
      </p>
      {hydrated && <ShareLink id={id} state={{ dist: distKey, r, seed, n: n > 0 ? n : undefined }} />}
    </section>
  );
}
