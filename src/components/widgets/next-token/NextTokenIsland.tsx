/**
 * Next-token explorer (island of NextToken.astro): an editable prompt, the model's k most likely
 * next tokens with probability, bar and surprise, and an "everything else" row. Click a token
 * (or press Enter on it) to append it; "Take the top one" appends the most likely token;
 * "Sample one" draws from the whole distribution with a visible seed; "Undo" goes back.
 * Each append dispatches `lm-notes:pick` on `document`. The model loads when the figure
 * becomes visible (the island hydrates then); until it answers, the build-time numbers show.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { appendToken, pickDetail, popHistory, pushHistory, sampleWithSeed } from '../../../lib/next-token/extend-prompt';
import { nextTokenView } from '../../../lib/next-token/next-token-view';
import type { NextTokenView } from '../../../lib/next-token/next-token-view';
import { intParam } from '../../../lib/widget-state/url-state';
import { ModelProgressLine } from '../shared/ModelProgressLine';
import { ShareLink } from '../shared/ShareLink';
import { initialUrlState, useUrlState } from '../shared/use-url-state';
import { showToken } from './show-token';
import { formatP } from '../../../lib/format/numbers';
import { TokenTable } from './TokenTable';
import { useNextDistribution } from './use-next-distribution';
import { PromptNotices } from './PromptNotices';
import { useFirstUse } from '../shared/use-first-use';
import '../shared/widgets.css';
import './next-token.css';

/** A build-time snapshot: the numbers for the preset prompt. */
export interface NextTokenSnapshot {
  /** The prompt they belong to. */
  prompt: string;
  /** The table for it. */
  view: NextTokenView;
}

/** Props of the next-token island. */
export interface NextTokenIslandProps {
  /** URL prefix and event id. */
  id?: string;
  /** Prompt at first. */
  prompt?: string;
  /** Rows shown (1–50). */
  k?: number;
  /** First seed of "Sample one". */
  seed?: number;
  /** Build-time numbers for the preset prompt. */
  initial?: NextTokenSnapshot | null;
  /** Registry id of the model that computed `initial` (the figures model). */
  builtWith?: string;
}

/** Largest k offered. */
export const MAX_ROWS = 50;

/** The next-token explorer. */
export default function NextTokenIsland({ id = 'next-token', prompt: presetPrompt = 'The United States of', k: presetK = 10, seed: presetSeed = 1, initial = null, builtWith = 'lm-notes-tiny' }: NextTokenIslandProps) {
  const [url] = useState(() => initialUrlState(id));
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [prompt, setPrompt] = useState(url.prompt ?? presetPrompt);
  const [k, setK] = useState(() => intParam(url.k, presetK, 1, MAX_ROWS));
  const [seed, setSeed] = useState(() => intParam(url.seed, presetSeed, 0, 2 ** 32 - 1));
  const [history, setHistory] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  useUrlState(id, { prompt, k, seed }, hydrated);
  // The model loads on first use: the build-time numbers stand until the reader uses the figure
  // (or opens it with a prompt the build did not compute).
  const firstUse = useFirstUse(builtWith);
  const needsModel = firstUse.used || !initial || initial.prompt !== prompt;
  const dist = useNextDistribution(prompt, `${id}-next`, hydrated && needsModel);

  const uid = `${id}-${useId()}`; // useId repeats across islands: the widget id keeps two figures apart
  let view: NextTokenView | null = null;
  let stale = false;
  if (dist.current) view = nextTokenView(dist.current, k);
  else if (initial && initial.prompt === prompt) {
    // Build-time numbers until the model answers (the live ones are the same).
    const rows = initial.view.rows.slice(0, k);
    const shown = rows.reduce((s, r) => s + r.p, 0);
    view = { ...initial.view, rows, otherMass: Math.max(0, 1 - shown), otherCount: initial.view.otherCount + initial.view.rows.length - rows.length };
  } else if (dist.latest && !dist.blank) {
    view = nextTokenView(dist.latest.result, k);
    stale = true;
  }
  const live = dist.current !== null;

  const append = (text: string, p: number, how: string): void => {
    setHistory((h) => pushHistory(h, prompt));
    setPrompt(appendToken(prompt, text));
    setMessage(`${how} “${showToken(text)}” (probability ${formatP(p)}).`);
    document.dispatchEvent(new CustomEvent('lm-notes:pick', { detail: pickDetail(id, text, p, prompt) }));
  };
  const pick = (i: number): void => {
    const row = view?.rows[i];
    if (row && !stale) append(row.text, row.p, 'Appended');
  };
  const sample = (): void => {
    if (!dist.current) return;
    const top = dist.current.top;
    const j = sampleWithSeed(top.map((c) => c.p), seed);
    const c = top[j]!;
    append(c.text, c.p, `Sampled with seed ${seed}:`);
    setSeed((s) => (s + 1) % 2 ** 32);
  };
  const undo = (): void => {
    const prev = popHistory(history);
    if (!prev) return;
    setHistory(prev.history);
    setPrompt(prev.prompt);
    setMessage('Undone: back to the previous prompt.');
  };

  const canPick = hydrated && view !== null && !stale && !dist.blank;
  const summary = view && !dist.blank && view.rows[0] ? `Most likely next token: “${showToken(view.rows[0].text)}”, probability ${formatP(view.rows[0].p)}.` : '';

  return (
    <section
      class="lmw not-content nt"
      {...firstUse.handlers}
      aria-labelledby={`${uid}-title`}
      data-widget-id={id}
      data-hydrated={hydrated ? 'true' : 'false'}
      data-busy={dist.busy ? 'true' : 'false'}
      data-live={live ? 'true' : 'false'}
    >
      <p class="lmw-title" id={`${uid}-title`}>
        What comes next?
      </p>
      <p class="lmw-hint">
        The model’s probability for each possible next token. Click a token (or press Enter on it) to append it and see the next distribution.
      </p>
      <label for={`${uid}-prompt`}>Prompt</label>
      <textarea
        id={`${uid}-prompt`}
        value={prompt}
        disabled={!hydrated}
        spellcheck={false}
        onInput={(e) => setPrompt((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <div class="lmw-controls">
        <button type="button" class="lmw-button" disabled={!canPick} onClick={() => pick(0)}>
          Take the top one
        </button>
        <button type="button" class="lmw-button" disabled={!hydrated || !live} onClick={sample}>
          Sample one (seed {seed})
        </button>
        <button type="button" class="lmw-button lmw-button--quiet" disabled={!hydrated || history.length === 0} onClick={undo}>
          Undo
        </button>
        <label>
          Seed{' '}
          <input
            class="nt-seed"
            type="number"
            min={0}
            step={1}
            value={seed}
            disabled={!hydrated}
            onInput={(e) => setSeed(intParam((e.currentTarget as HTMLInputElement).value, seed, 0, 2 ** 32 - 1))}
          />
        </label>
        <label>
          Rows{' '}
          <input
            class="nt-k"
            type="number"
            min={1}
            max={MAX_ROWS}
            step={1}
            value={k}
            disabled={!hydrated}
            onInput={(e) => setK(intParam((e.currentTarget as HTMLInputElement).value, k, 1, MAX_ROWS))}
          />
        </label>
      </div>
      <PromptNotices blank={dist.blank} error={dist.error} retry={dist.retry} truncated={view} />
      {view && !dist.blank ? (
        <div class={stale ? 'nt-stale' : undefined} aria-busy={dist.busy ? 'true' : 'false'}>
          <TokenTable view={view} caption={`Next-token probabilities after the prompt${stale ? ' (updating…)' : ''}`} onPick={pick} canPick={canPick} />
        </div>
      ) : null}
      <p class="nt-summary" role="status" aria-live="polite">
        {message} {summary}
      </p>
      {!hydrated ? (
        <p class="lmw-static-note">
          Numbers computed with {builtWith} when this site was built. With JavaScript on, you can edit the prompt, append tokens and sample.
        </p>
      ) : null}
      <ModelProgressLine />
      <ShareLink id={id} state={{ prompt, k, seed }} />
    </section>
  );
}
