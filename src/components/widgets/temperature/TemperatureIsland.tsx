/**
 * Temperature, top-k and top-p on a real next-token distribution (island of Temperature.astro).
 * The model's distribution after the prompt (T = 1) and the reshaped one sit side by side; the
 * kept tokens are marked, the renormalisation is spelled out ("kept mass 0.83 → divided by
 * 0.83"), and N draws with a visible, editable seed show observed against expected counts.
 * Reshaping is `reshape` from lib/sampling, the same function the site's sampler uses.
 * The model loads when the figure becomes visible; until it answers, the build-time numbers show.
 */
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { fullDistribution, temperatureView } from '../../../lib/temperature/temperature-view';
import type { TemperatureView } from '../../../lib/temperature/temperature-view';
import { MAX_DRAWS } from '../../../lib/temperature/draw-counts';
import { intParam, numberParam } from '../../../lib/widget-state/url-state';
import { ModelProgressLine } from '../shared/ModelProgressLine';
import { ShareLink } from '../shared/ShareLink';
import { initialUrlState, useUrlState } from '../shared/use-url-state';
import { showToken } from '../next-token/show-token';
import { formatP } from '../../../lib/format/numbers';
import { useNextDistribution } from '../next-token/use-next-distribution';
import { useFirstUse } from '../shared/use-first-use';
import { PromptNotices } from '../next-token/PromptNotices';
import '../shared/widgets.css';
import '../next-token/next-token.css';
import './temperature.css';
import { TableScroll } from '../shared/TableScroll';

/** Everything that determines the figure besides the model. */
export interface TemperatureSetup {
  /** The prompt. */
  prompt: string;
  /** Temperature T (0 = greedy). */
  temperature: number;
  /** Top-k (0 = off). */
  topK: number;
  /** Top-p (1 = off). */
  topP: number;
  /** Number of draws. */
  draws: number;
  /** Seed of the draws. */
  seed: number;
}

/** A build-time snapshot: the figure for the preset setup. */
export interface TemperatureSnapshot {
  /** The setup it was computed for. */
  setup: TemperatureSetup;
  /** The figure. */
  view: TemperatureView;
}

/** Props of the temperature island. */
export interface TemperatureIslandProps extends Partial<TemperatureSetup> {
  /** URL prefix. */
  id?: string;
  /** Tokens listed (1–30). */
  rows?: number;
  /** Build-time figure for the preset setup. */
  initial?: TemperatureSnapshot | null;
  /** Registry id of the model that computed it (the figures model). */
  builtWith?: string;
}

/** Slider ranges. */
export const LIMITS = { maxTemperature: 2.5, maxTopK: 50, minTopP: 0.05, maxRows: 30 } as const;

/** Clamps a setup to the ranges the controls offer. */
export function clampSetup(s: TemperatureSetup): TemperatureSetup {
  const clamp = (x: number, lo: number, hi: number, fallback: number): number => (Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : fallback);
  return {
    prompt: s.prompt,
    temperature: clamp(s.temperature, 0, LIMITS.maxTemperature, 1),
    topK: Math.round(clamp(s.topK, 0, LIMITS.maxTopK, 0)),
    topP: clamp(s.topP, LIMITS.minTopP, 1, 1),
    draws: Math.round(clamp(s.draws, 1, MAX_DRAWS, 200)),
    seed: Math.round(clamp(s.seed, 0, 2 ** 32 - 1, 1)),
  };
}

const same = (a: TemperatureSetup, b: TemperatureSetup): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The temperature figure. */
export default function TemperatureIsland({ id = 'temperature', rows: rowsProp = 10, initial = null, builtWith = 'lm-notes-tiny', ...preset }: TemperatureIslandProps) {
  const presetSetup = clampSetup({
    prompt: preset.prompt ?? 'The cat sat on the',
    temperature: preset.temperature ?? 0.7,
    topK: preset.topK ?? 0,
    topP: preset.topP ?? 1,
    draws: preset.draws ?? 200,
    seed: preset.seed ?? 1,
  });
  const rows = Math.min(LIMITS.maxRows, Math.max(1, Math.round(rowsProp)));
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [s, setS] = useState<TemperatureSetup>(() => {
    const u = initialUrlState(id);
    return clampSetup({
      prompt: u.prompt ?? presetSetup.prompt,
      temperature: numberParam(u.t, presetSetup.temperature),
      topK: intParam(u.k, presetSetup.topK),
      topP: numberParam(u.p, presetSetup.topP),
      draws: intParam(u.n, presetSetup.draws),
      seed: intParam(u.seed, presetSetup.seed),
    });
  });
  const set = (patch: Partial<TemperatureSetup>): void => setS((old) => clampSetup({ ...old, ...patch }));
  useUrlState(id, { prompt: s.prompt, t: s.temperature, k: s.topK, p: s.topP, n: s.draws, seed: s.seed }, hydrated);
  // The model loads on first use (see NextTokenIsland).
  const firstUse = useFirstUse(builtWith);
  const needsModel = firstUse.used || !initial || !same(initial.setup, s);
  const dist = useNextDistribution(s.prompt, `${id}-next`, hydrated && needsModel);

  const current = dist.current; // the latest distribution (not a ref, despite the name)
  const full = useMemo(() => {
    if (!current) return null;
    const vocab = current.top.reduce((m, c) => Math.max(m, c.id + 1), 0);
    return fullDistribution(current.top, vocab);
  }, [current]);
  const { temperature, topK, topP, seed, draws } = s;
  const liveView = useMemo(
    () => (full ? temperatureView(full, { temperature, topK, topP }, seed, draws, rows) : null),
    [full, temperature, topK, topP, seed, draws, rows],
  );
  let view: TemperatureView | null = liveView;
  let stale = false;
  if (!view && initial && initial.setup.prompt === s.prompt && !dist.blank) {
    view = initial.view;
    stale = !same(initial.setup, s);
  }
  const uid = `${id}-${useId()}`; // useId repeats across islands: the widget id keeps two figures apart
  const scale = view ? Math.max(...view.rows.map((r) => Math.max(r.before, r.after)), 1e-9) : 1;
  const T = s.temperature;
  const top = view?.rows[0];

  let explain = '';
  if (view && top) {
    if (view.greedy) explain = `T = 0 is greedy decoding: the most likely token “${showToken(top.text)}” gets probability 1, so every draw is that token.`;
    else if (view.keptCount === (view.rows.length + view.rest.kept) && view.keptMass > 1 - 1e-12 && s.topK === 0 && s.topP === 1)
      explain = `Nothing is cut: all ${view.keptCount.toLocaleString('en')} tokens are kept and only temperature reshapes them.`;
    else
      explain = `Kept ${view.keptCount.toLocaleString('en')} token${view.keptCount === 1 ? '' : 's'} with mass ${view.keptMass.toFixed(4)} at T = ${T} → each kept probability is divided by ${view.keptMass.toFixed(4)}.`;
  }

  const rangeLabel = (v: number, digits: number) => v.toFixed(digits);
  return (
    <section
      class="lmw not-content tp"
      {...firstUse.handlers}
      aria-labelledby={`${uid}-title`}
      data-widget-id={id}
      data-hydrated={hydrated ? 'true' : 'false'}
      data-busy={dist.busy ? 'true' : 'false'}
      data-live={liveView ? 'true' : 'false'}
      data-kept-mass={view?.keptMass}
      data-kept-count={view?.keptCount}
    >
      <p class="lmw-title" id={`${uid}-title`}>
        Reshaping the next-token distribution
      </p>
      <p class="lmw-hint">The model’s own distribution (T = 1) on the left, the one sampling actually uses on the right. Temperature first, then top-k, then top-p, then renormalise.</p>
      <label for={`${uid}-prompt`}>Prompt</label>
      <input id={`${uid}-prompt`} type="text" class="tp-prompt" value={s.prompt} disabled={!hydrated} spellcheck={false} onInput={(e) => set({ prompt: (e.currentTarget as HTMLInputElement).value })} />
      <div class="lmw-controls tp-sliders">
        <label>
          <span>
            Temperature T = <span class="lmw-num">{rangeLabel(T, 2)}</span>
            {T === 0 ? ' (greedy)' : ''}
          </span>
          <input type="range" aria-label="Temperature T" min={0} max={LIMITS.maxTemperature} step={0.05} value={T} disabled={!hydrated} aria-valuetext={T === 0 ? '0, greedy' : String(T)} onInput={(e) => set({ temperature: Number((e.currentTarget as HTMLInputElement).value) })} />
        </label>
        <label>
          <span>
            Top-k = <span class="lmw-num">{s.topK === 0 ? 'off' : s.topK}</span>
          </span>
          <input type="range" aria-label="Top-k" min={0} max={LIMITS.maxTopK} step={1} value={s.topK} disabled={!hydrated} aria-valuetext={s.topK === 0 ? 'off' : String(s.topK)} onInput={(e) => set({ topK: Number((e.currentTarget as HTMLInputElement).value) })} />
        </label>
        <label>
          <span>
            Top-p = <span class="lmw-num">{s.topP === 1 ? '1 (off)' : rangeLabel(s.topP, 2)}</span>
          </span>
          <input type="range" aria-label="Top-p" min={LIMITS.minTopP} max={1} step={0.01} value={s.topP} disabled={!hydrated} aria-valuetext={s.topP === 1 ? '1, off' : String(s.topP)} onInput={(e) => set({ topP: Number((e.currentTarget as HTMLInputElement).value) })} />
        </label>
      </div>
      <div class="lmw-controls">
        <label>
          Draws{' '}
          <input type="number" class="tp-n" min={1} max={MAX_DRAWS} step={1} value={s.draws} disabled={!hydrated} onChange={(e) => set({ draws: intParam((e.currentTarget as HTMLInputElement).value, s.draws) })} />
        </label>
        <label>
          Seed{' '}
          <input type="number" class="nt-seed" min={0} step={1} value={s.seed} disabled={!hydrated} onInput={(e) => set({ seed: intParam((e.currentTarget as HTMLInputElement).value, s.seed) })} />
        </label>
        <button type="button" class="lmw-button" disabled={!hydrated} onClick={() => set({ seed: (s.seed + 1) % 2 ** 32 })}>
          Draw again (next seed)
        </button>
        <button type="button" class="lmw-button lmw-button--quiet" disabled={!hydrated} onClick={() => setS(presetSetup)}>
          Reset
        </button>
      </div>
      <PromptNotices blank={dist.blank} error={dist.error} retry={dist.retry} truncated={dist.current?.truncated ?? null} />
      <p class="nt-summary tp-explain" role="status" aria-live="polite">
        {view && !dist.blank ? explain : ''}
      </p>
      {view && !dist.blank ? (
        <div class={stale ? 'nt-stale' : undefined} aria-busy={dist.busy ? 'true' : 'false'}>
          <TableScroll label="Probabilities before and after reshaping">
            <table class="nt-table tp-table">
              <caption>
                Top {view.rows.length} tokens: before (T = 1) and after reshaping{view.greedy ? ' (T = 0, greedy)' : ` (T = ${T}${s.topK ? `, top-k ${s.topK}` : ''}${s.topP < 1 ? `, top-p ${s.topP}` : ''})`}; {view.draws.toLocaleString('en')} draws, seed {view.seed}
                {stale ? ' (updating…)' : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col" class="lmw-num">Before (T = 1)</th>
                  <th scope="col" class="lmw-num">At T, before cutting</th>
                  <th scope="col">Kept?</th>
                  <th scope="col" class="lmw-num">After</th>
                  <th scope="col">
                    <span class="sr-only">Bars: before and after</span>
                  </th>
                  <th scope="col" class="lmw-num">Drawn</th>
                  <th scope="col" class="lmw-num">Expected</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r) => (
                  <tr key={r.id} class={r.kept ? 'tp-kept' : 'tp-cut'} data-token-id={r.id} data-before={r.before} data-at-t={r.atT} data-after={r.after} data-observed={r.observed} data-expected={r.expected}>
                    <th scope="row">
                      <span class="lmw-token">
                        <bdi>{showToken(r.text)}</bdi>
                      </span>
                    </th>
                    <td class="lmw-num">{formatP(r.before)}</td>
                    <td class="lmw-num">{formatP(r.atT)}</td>
                    <td>{r.kept ? '✓ kept' : '✗ cut'}</td>
                    <td class="lmw-num">{formatP(r.after)}</td>
                    <td class="tp-bars" aria-hidden="true">
                      <span class="lmw-bar tp-bar--before" style={{ width: `${Math.max(0.5, (r.before / scale) * 100)}%` }} />
                      <span class="lmw-bar tp-bar--after" style={{ width: `${r.after > 0 ? Math.max(0.5, (r.after / scale) * 100) : 0}%` }} />
                    </td>
                    <td class="lmw-num">{r.observed}</td>
                    <td class="lmw-num">{r.expected.toFixed(1)}</td>
                  </tr>
                ))}
                <tr class="nt-other" data-before={view.rest.before} data-after={view.rest.after} data-observed={view.rest.observed}>
                  <th scope="row">all other tokens ({view.rest.kept.toLocaleString('en')} of them kept)</th>
                  <td class="lmw-num">{formatP(view.rest.before)}</td>
                  <td class="lmw-num">{formatP(view.rest.atT)}</td>
                  <td>—</td>
                  <td class="lmw-num">{formatP(view.rest.after)}</td>
                  <td aria-hidden="true" />
                  <td class="lmw-num">{view.rest.observed}</td>
                  <td class="lmw-num">{view.rest.expected.toFixed(1)}</td>
                </tr>
              </tbody>
            </table>
          </TableScroll>
          <p class="tp-draws">
            First draws (seed {view.seed}):{' '}
            {view.firstDraws.map((t, i) => (
              <span key={i} class="lmw-token tp-draw">
                <bdi>{showToken(t)}</bdi>
              </span>
            ))}
          </p>
        </div>
      ) : null}
      {!hydrated ? (
        <p class="lmw-static-note">Numbers computed with {builtWith} when this site was built. With JavaScript on, you can move the sliders, change the prompt and draw again.</p>
      ) : null}
      <ModelProgressLine />
      <ShareLink id={id} state={{ prompt: s.prompt, t: s.temperature, k: s.topK, p: s.topP, n: s.draws, seed: s.seed }} />
    </section>
  );
}
