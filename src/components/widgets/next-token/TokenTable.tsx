/**
 * The next-token table: the k most likely tokens (text with visible whitespace, probability,
 * a bar, surprise in bits) and one "everything else" row. With `onPick`, each token is a button
 * that appends it (Enter/Space when focused; ↑/↓ move between tokens). Exact values are in
 * `data-p` / `data-bits` attributes for tests.
 */
import type { NextTokenView } from '../../../lib/next-token/next-token-view';
import { showToken } from './show-token';
import { formatBits, formatP } from '../../../lib/format/numbers';
import { TableScroll } from '../shared/TableScroll';

/** Props of the table. */
export interface TokenTableProps {
  /** What to show. */
  view: NextTokenView;
  /** Caption (names the prompt). */
  caption: string;
  /** Called with the row index when the reader picks a token; no buttons when absent. */
  onPick?: (index: number) => void;
  /** Whether picking is possible right now. */
  canPick?: boolean;
}

/** Moves focus to the previous/next token button of the same table on ↑/↓. */
function arrowNav(e: KeyboardEvent): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const btn = e.currentTarget as HTMLElement;
  const buttons = [...(btn.closest('table')?.querySelectorAll<HTMLButtonElement>('button.nt-pick') ?? [])];
  const i = buttons.indexOf(btn as HTMLButtonElement);
  const next = buttons[i + (e.key === 'ArrowDown' ? 1 : -1)];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

/** The table. */
export function TokenTable({ view, caption, onPick, canPick = true }: TokenTableProps) {
  const scale = view.rows[0]?.p ?? 1;
  return (
    <TableScroll label="Next-token table">
      <table class="nt-table" data-other-mass={view.otherMass} data-entropy={view.entropyBits}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Next token</th>
            <th scope="col" class="lmw-num">Probability</th>
            <th scope="col">
              <span class="sr-only">Bar</span>
            </th>
            <th scope="col" class="lmw-num">−log₂ p (bits)</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r, i) => (
            <tr key={r.id} data-token-id={r.id} data-p={r.p} data-bits={r.bits}>
              <th scope="row">
                {onPick ? (
                  <button
                    type="button"
                    class="nt-pick lmw-token"
                    disabled={!canPick}
                    aria-label={`Append “${showToken(r.text)}”, probability ${formatP(r.p)}`}
                    onClick={() => onPick(i)}
                    onKeyDown={arrowNav}
                  >
                    <bdi>{showToken(r.text)}</bdi>
                  </button>
                ) : (
                  <span class="lmw-token">
                    <bdi>{showToken(r.text)}</bdi>
                  </span>
                )}
                {r.special ? <span class="nt-special"> (special)</span> : null}
              </th>
              <td class="lmw-num">{formatP(r.p)}</td>
              <td class="nt-barcell" aria-hidden="true">
                <span class="lmw-bar" style={{ width: `${Math.max(1, (r.p / scale) * 100)}%` }} />
              </td>
              <td class="lmw-num">{formatBits(r.bits, 2)}</td>
            </tr>
          ))}
          <tr class="nt-other" data-p={view.otherMass}>
            <th scope="row">everything else ({view.otherCount.toLocaleString('en')} tokens)</th>
            <td class="lmw-num">{formatP(view.otherMass)}</td>
            <td class="nt-barcell" aria-hidden="true">
              <span class="lmw-bar nt-bar--other" style={{ width: `${Math.min(100, Math.max(1, (view.otherMass / scale) * 100))}%` }} />
            </td>
            <td class="lmw-num">—</td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}
