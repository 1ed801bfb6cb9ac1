/**
 * The next-token distribution of LM internals: after the focused token (or at the end of the
 * document), the model's top tokens with p and bits, the token that actually came next marked,
 * "everything else", and a Use button that continues the document with a token (dropping what
 * followed the focused token).
 */
import type { DistributionRow } from '../../lib/internals/distribution';
import { visibleToken } from '../model/format';
import { TableScroll } from '../widgets/shared/TableScroll';
import { formatBits, formatP } from '../../lib/format/numbers';
import { SPECIAL_LIKE } from './internals-format';

/** Props of the distribution table. */
export interface DistributionTableProps {
  /** The rows (empty until the model has read the document). */
  rows: DistributionRow[];
  /** The heading ("What comes next…" or "After token n …"). */
  heading: string;
  /** Whether the distribution is the one at the end of the document. */
  atEnd: boolean;
  /** Whether Use is on. */
  ready: boolean;
  /** Continues with a row. */
  onUse: (row: DistributionRow) => void;
}

/** A row's token as shown: special markers as they are, others with visible spaces. */
function shown(r: DistributionRow): string {
  return SPECIAL_LIKE.test(r.token) ? r.token : visibleToken(r.text);
}

/** The distribution table with its heading. */
export function DistributionTable({ rows, heading, atEnd, ready, onUse }: DistributionTableProps) {
  return (
    <>
      <h2 class="lmi-h">{heading}</h2>
      {rows.length > 0 ? (
        <TableScroll label="Next-token distribution">
          <table class="lmi-dist" aria-label="Next-token distribution">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col" class="lmw-num">p</th>
                <th scope="col" class="lmw-num">−log₂ p (bits)</th>
                <th scope="col">Continue with it</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-id={r.id ?? ''} data-p={r.p} data-actual={r.actual ? 'true' : 'false'} data-rest={r.rest ? 'true' : 'false'} class={r.actual ? 'lmi-actual' : ''}>
                  <td>
                    <span class="lmw-token">{r.rest ? 'everything else' : shown(r)}</span>
                    {r.actual && <span class="lmi-badge"> came next</span>}
                  </td>
                  <td class="lmw-num">{formatP(r.p, 3)}</td>
                  <td class="lmw-num">{formatBits(r.bits, 2)}</td>
                  <td>
                    {!r.rest && (
                      <button
                        type="button"
                        class="lmw-button lmw-button--quiet lmi-small"
                        disabled={!ready}
                        onClick={() => onUse(r)}
                        aria-label={`Continue with ${shown(r)}${atEnd ? '' : ' (the rest after it is dropped)'}`}
                      >
                        Use
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p class="lmw-hint">The distribution appears once the model has read the document.</p>
      )}
    </>
  );
}
