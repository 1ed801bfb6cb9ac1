/**
 * A token strip for static HTML (no interaction): the same look as the live strip, each token
 * with its id and surprise in bits, special tokens outlined and named. Rendered at build time.
 */
import { bitsColour, bitsTextColour } from '../../lib/metrics/bits-colour';
import { bitsFromLogProb } from '../../lib/metrics/surprise';
import { visibleToken } from '../model/format';
import { formatBits } from '../../lib/format/numbers';
import type { StaticToken } from './static-doc';
import '../widgets/shared/widgets.css';
import './internals.css';

/** Props of the static strip. */
export interface StaticTokenStripProps {
  /** Tokens to show. */
  tokens: readonly StaticToken[];
  /** Accessible name of the list. */
  label: string;
}

/** The static strip (a list of tokens). */
export default function StaticTokenStrip({ tokens, label }: StaticTokenStripProps) {
  return (
    <ol class="lmi-strip lmi-strip--static" aria-label={label}>
      {tokens.map((t, i) => {
        const bits = bitsFromLogProb(t.logprob);
        return (
          <li
            key={i}
            class={`lmi-tok${t.special ? ' lmi-tok--special' : ''}`}
            style={{ background: bitsColour(bits), color: bitsTextColour(bits) }}
            data-id={t.id}
            data-logprob={t.logprob}
            data-special={t.special ? 'true' : 'false'}
          >
            <span class="lmi-tok__text">{t.special ? t.token : visibleToken(t.text)}</span>
            <span class="lmi-tok__id">
              {t.id} · {formatBits(bits, 1)} bits{t.special ? ' · special' : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
