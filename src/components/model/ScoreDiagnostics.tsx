/**
 * Diagnostics island: type a text, press "Score", get one row per token with its log-probability
 * (nats) and surprise (bits), plus what the model expected instead. Exact values are exposed as
 * `data-logprob` attributes so tests can compare them with the reference numbers.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { getModelClient } from '../../lib/lm/client';
import { LmError } from '../../lib/lm/errors';
import type { ScoreResult } from '../../lib/lm/protocol';
import { bitsFromLogProb, spanStats } from '../../lib/metrics/surprise';
import { visibleToken } from './format';
import './model.css';
import { TableScroll } from '../widgets/shared/TableScroll';

/** Props of the diagnostics island. */
export interface ScoreDiagnosticsProps {
  /** Text in the box at first. */
  initialText?: string;
}

/** The scoring diagnostics panel (use with `client:visible`). */
export default function ScoreDiagnostics({ initialText = 'The jury said it did find that the election was conducted.' }: ScoreDiagnosticsProps) {
  const [text, setText] = useState(initialText);
  const [result, setResult] = useState<ScoreResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // useId is unique only within one island, so each component prefixes its own name.
  const textId = `lm-diag-${useId()}-text`;

  const score = (): void => {
    setBusy(true);
    setError(null);
    getModelClient()
      .score({ text }, 5, { supersede: 'diagnostics-score' })
      .then(
        (r) => {
          setResult(r);
          setBusy(false);
        },
        (e: unknown) => {
          if (e instanceof LmError && e.code === 'cancelled') return; // a newer request replaced it
          setError(e instanceof Error ? e.message : String(e));
          setResult(null);
          setBusy(false);
        },
      );
  };

  const stats = result ? spanStats(result.tokens.map((t) => t.logprob), 0, result.tokens.length) : null;

  return (
    <section class="lm-panel lm-diag not-content" aria-label="Scoring diagnostics" data-busy={busy ? 'true' : 'false'} data-hydrated={hydrated ? 'true' : 'false'}>
      <p class="lm-panel__title">Score a text</p>
      <label for={textId}>Text to score</label>
      <textarea id={textId} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} spellcheck={false} />
      <div class="lm-controls">
        <button type="button" onClick={score} disabled={!hydrated || busy}>
          {busy ? 'Scoring…' : 'Score'}
        </button>
        <span class="lm-muted" role="status" aria-live="polite">
          {busy
            ? 'Running the model…'
            : stats
              ? `${stats.tokens} tokens · ${stats.totalBits.toFixed(1)} bits in total · ${stats.bitsPerToken.toFixed(2)} bits per token · perplexity ${stats.perplexity.toFixed(1)}`
              : 'Press “Score” to run the model on the text.'}
        </span>
      </div>
      {error && (
        <p class="lm-error" role="alert">
          {error}
        </p>
      )}
      {result?.truncated && (
        <p class="lm-notice" data-dropped={result.truncated.droppedTokens}>
          The text is longer than the model’s {result.truncated.contextLength}-token window, so its first{' '}
          {result.truncated.droppedTokens} tokens were not scored; the table starts after them.
        </p>
      )}
      {result && (
        <TableScroll label="Per-token scores">
          <table data-total-logprob={result.totalLogprob}>
            <caption class="lm-muted">
              Each token’s log-probability given everything before it{result.bosPrepended ? ' (the text starts after an end-of-text token)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col" class="lm-num">
                  #
                </th>
                <th scope="col">Token</th>
                <th scope="col" class="lm-num">
                  ln p (nats)
                </th>
                <th scope="col" class="lm-num">
                  Surprise (bits)
                </th>
                <th scope="col">Model expected</th>
              </tr>
            </thead>
            <tbody>
              {result.tokens.map((t, i) => (
                <tr key={i} data-token-id={t.id} data-logprob={t.logprob}>
                  <td class="lm-num">{i + 1}</td>
                  <td>
                    <span class="lm-token">{t.special ? t.token : visibleToken(t.text)}</span>
                  </td>
                  <td class="lm-num">{t.logprob.toFixed(3)}</td>
                  <td class="lm-num">{bitsFromLogProb(t.logprob).toFixed(2)}</td>
                  <td>
                    <span class="lm-token">{t.top[0] ? visibleToken(t.top[0].text) : ''}</span>
                    {t.top[0] ? <span class="lm-muted"> ({(100 * Math.exp(t.top[0].logp)).toFixed(1)}%)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
