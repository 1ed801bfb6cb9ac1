/**
 * "The document the model reads" in LM internals: the colour key, the analysis error (with
 * Try again), context-window and ignored-tools notices, the token strip, and the statistics of
 * the selected span (tokens, total bits, bits per token, perplexity).
 */
import { bitsColour, bitsTextColour, legendStops } from '../../lib/metrics/bits-colour';
import { spanStats } from '../../lib/metrics/surprise';
import { formatBits } from '../../lib/format/numbers';
import { selectionRange, type TokenSelection } from '../../lib/selection/token-selection';
import type { Analysis } from './use-document-analysis';
import type { StaticToken } from './static-doc';
import { TokenStrip } from './TokenStrip';

/** Props of the document view. */
export interface DocumentViewProps {
  /** The tokens shown. */
  tokens: StaticToken[];
  /** Index of the draft's first token (−1: none). */
  draftFrom: number;
  /** The selection, clamped to the tokens. */
  selection: TokenSelection | null;
  /** Selects tokens. */
  onSelect: (s: TokenSelection | null) => void;
  /** The latest analysis, or null. */
  live: Analysis | null;
  /** The analysis request: running, its error and a retry. */
  busy: boolean;
  error: string | null;
  retry: () => void;
}

/** The document view. */
export function DocumentView({ tokens, draftFrom, selection, onSelect, live, busy, error, retry }: DocumentViewProps) {
  const truncated = live?.score.truncated;
  const stats = selection && tokens.length > 0 ? (() => {
    const r = selectionRange(selection);
    return spanStats(tokens.map((t) => t.logprob), r.start, r.end);
  })() : null;
  return (
    <>
      <h2 class="lmi-h">The document the model reads</h2>
      <p class="lmw-hint">
        Each box is one token; the number under it is its id. Outlined boxes are special tokens (role markers, end of turn). Shading: how surprised the model was by the token, in bits (−log₂ p). The model also sees a start token before the first box.
      </p>
      <Legend />
      {error && (
        <p class="lmw-error" role="alert">
          {error}{' '}
          <button type="button" class="lmw-button lmw-button--quiet lmi-small" onClick={retry}>
            Try again
          </button>
        </p>
      )}
      {truncated && (
        <p class="lmw-notice" role="status">
          The document is longer than the model’s context window ({truncated.contextLength} tokens): the first {truncated.droppedTokens} tokens are not shown or scored.
        </p>
      )}
      {live?.toolsIgnored && <p class="lmw-notice">This model’s chat template ignores tool definitions: they are not part of the document it reads.</p>}
      {live?.callsIgnored && <p class="lmw-notice">This model’s chat template ignores tool calls: the calls are not part of the document it reads.</p>}
      {tokens.length > 0 ? (
        <TokenStrip tokens={tokens} draftFrom={draftFrom} selection={selection} onSelect={onSelect} />
      ) : (
        <p class="lmw-hint">{busy ? 'Rendering the conversation with the model’s chat template…' : 'The document appears here once the model is loaded.'}</p>
      )}
      <div class="lmi-span" role="status" aria-live="polite" data-testid="span-stats">
        {stats ? (
          <p data-tokens={stats.tokens} data-total-bits={stats.totalBits}>
            Selected: <strong>{stats.tokens}</strong> {stats.tokens === 1 ? 'token' : 'tokens'}, <strong>{formatBits(stats.totalBits, 2)}</strong> bits in total,{' '}
            <strong>{formatBits(stats.bitsPerToken, 2)}</strong> bits per token, perplexity <strong>{stats.perplexity.toFixed(2)}</strong>.
          </p>
        ) : (
          <p class="lmw-hint">Click a token (or use the arrow keys) to see what the model expected after it; drag or Shift+arrows to select a span.</p>
        )}
      </div>
    </>
  );
}

/** The colour key of the shading. */
function Legend() {
  return (
    <p class="lmi-legend">
      <span>Surprise:</span>
      {legendStops().map((b) => (
        <span key={b} class="lmi-legend__chip" style={{ background: bitsColour(b), color: bitsTextColour(b) }}>
          {b} bits
        </span>
      ))}
      <span class="lmi-tok lmi-tok--special lmi-legend__special">special token</span>
    </p>
  );
}
