/**
 * Two prompts side by side (island of NextTokenCompare.astro): one whose next token is nearly
 * certain, one wide open. Each shows its top tokens, the top token's probability and the
 * entropy of the whole distribution, so the contrast is a number. Both prompts are editable.
 * The model loads when the figure becomes visible; until it answers, the build-time numbers show.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { nextTokenView } from '../../../lib/next-token/next-token-view';
import type { NextTokenView } from '../../../lib/next-token/next-token-view';
import { intParam } from '../../../lib/widget-state/url-state';
import { ModelProgressLine } from '../shared/ModelProgressLine';
import { ShareLink } from '../shared/ShareLink';
import { initialUrlState, useUrlState } from '../shared/use-url-state';
import type { NextTokenSnapshot } from './NextTokenIsland';
import { showToken } from './show-token';
import { formatBits, formatP } from '../../../lib/format/numbers';
import { TokenTable } from './TokenTable';
import { useNextDistribution } from './use-next-distribution';
import { useFirstUse } from '../shared/use-first-use';
import '../shared/widgets.css';
import './next-token.css';

/** Props of the comparison island. */
export interface NextTokenCompareIslandProps {
  /** URL prefix. */
  id?: string;
  /** First prompt at first. */
  promptA?: string;
  /** Second prompt at first. */
  promptB?: string;
  /** Rows per table (1–20). */
  k?: number;
  /** Build-time numbers of the preset prompts. */
  initialA?: NextTokenSnapshot | null;
  /** Build-time numbers of the preset prompts. */
  initialB?: NextTokenSnapshot | null;
  /** Registry id of the model that computed them (the figures model). */
  builtWith?: string;
}

/** Largest k offered. */
export const MAX_COMPARE_ROWS = 20;

/** One side: the live view of `prompt`, or the build-time one until the model answers. */
function useSide(prompt: string, k: number, key: string, enabled: boolean, initial: NextTokenSnapshot | null) {
  const dist = useNextDistribution(prompt, key, enabled);
  let view: NextTokenView | null = null;
  if (dist.current) view = nextTokenView(dist.current, k);
  else if (initial && initial.prompt === prompt) {
    const rows = initial.view.rows.slice(0, k);
    view = { ...initial.view, rows, otherMass: Math.max(0, 1 - rows.reduce((s, r) => s + r.p, 0)), otherCount: initial.view.otherCount + initial.view.rows.length - rows.length };
  }
  return { dist, view };
}

/** The comparison figure. */
export default function NextTokenCompareIsland({
  id = 'next-token-compare',
  promptA: presetA = 'The United States of',
  promptB: presetB = 'Once upon a time, there was a',
  k: presetK = 5,
  initialA = null,
  initialB = null,
  builtWith = 'lm-notes-tiny',
}: NextTokenCompareIslandProps) {
  const [url] = useState(() => initialUrlState(id));
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [a, setA] = useState(url.a ?? presetA);
  const [b, setB] = useState(url.b ?? presetB);
  const [k] = useState(() => intParam(url.k, presetK, 1, MAX_COMPARE_ROWS));
  useUrlState(id, { a, b, k }, hydrated);
  // The model loads on first use (see NextTokenIsland).
  const firstUse = useFirstUse(builtWith);
  const needsModel = firstUse.used || !initialA || !initialB || initialA.prompt !== a || initialB.prompt !== b;
  const A = useSide(a, k, `${id}-a`, hydrated && needsModel, initialA);
  const B = useSide(b, k, `${id}-b`, hydrated && needsModel, initialB);
  const uid = `${id}-${useId()}`; // useId repeats across islands: the widget id keeps two figures apart
  const live = A.dist.current !== null && B.dist.current !== null;

  const side = (label: string, prompt: string, set: (v: string) => void, s: typeof A) => (
    <div class="nt-side" data-side={label} data-top-p={s.view?.topP} data-entropy={s.view?.entropyBits}>
      <label for={`${uid}-${label}`}>Prompt {label}</label>
      <textarea id={`${uid}-${label}`} value={prompt} disabled={!hydrated} spellcheck={false} onInput={(e) => set((e.currentTarget as HTMLTextAreaElement).value)} />
      {s.dist.blank ? (
        <p class="lmw-notice" role="status">
          Prompt {label} is empty. Type a few words to see what the model expects next.
        </p>
      ) : null}
      {s.dist.error ? (
        <p class="lmw-error" role="alert">
          {s.dist.error}{' '}
          <button type="button" class="lmw-button lmw-button--quiet" onClick={s.dist.retry}>
            Try again
          </button>
        </p>
      ) : null}
      {s.view && s.view.droppedTokens > 0 && !s.dist.blank ? (
        <p class="lmw-notice nt-truncated" role="status">
          Prompt {label} is longer than the context window of {s.view.contextLength} tokens: its first {s.view.droppedTokens.toLocaleString('en')} tokens were dropped.
        </p>
      ) : null}
      {s.view && !s.dist.blank ? (
        <>
          <p class="nt-summary">
            Top token: <strong class="nt-top-p">{formatP(s.view.topP)}</strong> · entropy{' '}
            <strong class="nt-entropy">{formatBits(s.view.entropyBits, 2)} bits</strong>
            {s.view.complete ? '' : ' (at least)'} (as uncertain as {Math.round(2 ** s.view.entropyBits).toLocaleString('en')} equally likely tokens)
          </p>
          <TokenTable view={s.view} caption={`Most likely next tokens after prompt ${label}`} />
        </>
      ) : null}
    </div>
  );

  const contrast =
    A.view && B.view && !A.dist.blank && !B.dist.blank
      ? `After prompt A the top token “${showToken(A.view.rows[0]?.text ?? '')}” has probability ${formatP(A.view.topP)} and the entropy is ${formatBits(A.view.entropyBits, 2)} bits; after prompt B the top token has ${formatP(B.view.topP)} and the entropy is ${formatBits(B.view.entropyBits, 2)} bits, ${formatBits(Math.abs(B.view.entropyBits - A.view.entropyBits), 2)} bits ${B.view.entropyBits >= A.view.entropyBits ? 'more' : 'less'} uncertain.`
      : '';

  return (
    <section
      class="lmw not-content ntc"
      {...firstUse.handlers}
      aria-labelledby={`${uid}-title`}
      data-widget-id={id}
      data-hydrated={hydrated ? 'true' : 'false'}
      data-busy={A.dist.busy || B.dist.busy ? 'true' : 'false'}
      data-live={live ? 'true' : 'false'}
    >
      <p class="lmw-title" id={`${uid}-title`}>
        Constrained or open?
      </p>
      <p class="lmw-hint">
        Entropy is the average surprise of the next token in bits: low when one token is nearly certain, high when many are plausible.
      </p>
      <div class="nt-compare">
        {side('A', a, setA, A)}
        {side('B', b, setB, B)}
      </div>
      <p class="nt-summary nt-contrast" role="status" aria-live="polite">
        {contrast}
      </p>
      {!hydrated ? <p class="lmw-static-note">Numbers computed with {builtWith} when this site was built. With JavaScript on, you can edit both prompts.</p> : null}
      <ModelProgressLine />
      <ShareLink id={id} state={{ a, b, k }} />
    </section>
  );
}
