/**
 * Selecting a span of tokens, with the mouse or the keyboard. A selection has an anchor (where
 * it started) and a focus (where it ends now, the token with the keyboard cursor); the span is
 * every token between them, both included. Plain arrows move the cursor and select that one
 * token; Shift + arrows keep the anchor and extend the span. Used by the surprisal figures and
 * by the LM internals' token strip (one model of a selection for both).
 */

/** A selection of tokens by index. */
export interface TokenSelection {
  /** Index where the selection started. */
  anchor: number;
  /** Index where it ends now (the keyboard cursor). */
  focus: number;
}

/** A half-open range of token indices start ≤ i < end. */
export interface TokenRange {
  /** First token in the span. */
  start: number;
  /** One past the last token in the span. */
  end: number;
}

/** A cursor move the keyboard can ask for. */
export type SelectionMove = 'previous' | 'next' | 'first' | 'last';

/** The tokens a selection covers (anchor and focus included, in either order). */
export function selectionRange(sel: TokenSelection): TokenRange {
  return { start: Math.min(sel.anchor, sel.focus), end: Math.max(sel.anchor, sel.focus) + 1 };
}

/** The selection made by pressing the mouse on token `anchor` and dragging to token `focus`. */
export function dragSelection(anchor: number, focus: number): TokenSelection {
  return { anchor, focus };
}

/** The cursor move for a keyboard key name (`ArrowLeft`, `Home`, …), or null for other keys. */
export function moveForKey(key: string): SelectionMove | null {
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowUp':
      return 'previous';
    case 'ArrowRight':
    case 'ArrowDown':
      return 'next';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/**
 * The selection after a cursor move among `count` tokens. With `extend` the anchor stays (Shift
 * held); without it the span shrinks to the token under the cursor. With no selection yet, the
 * cursor starts on the first token (or the last, for `previous`/`last`). Null when there are no
 * tokens.
 */
export function moveSelection(
  sel: TokenSelection | null,
  move: SelectionMove,
  extend: boolean,
  count: number,
): TokenSelection | null {
  if (count <= 0) return null;
  const last = count - 1;
  if (!sel) {
    const at = move === 'previous' || move === 'last' ? last : 0;
    return { anchor: at, focus: at };
  }
  const from = clampIndex(sel.focus, count);
  const to =
    move === 'previous' ? Math.max(0, from - 1) : move === 'next' ? Math.min(last, from + 1) : move === 'first' ? 0 : last;
  return extend ? { anchor: clampIndex(sel.anchor, count), focus: to } : { anchor: to, focus: to };
}

/**
 * The selection after moving the focus by `delta` tokens (kept inside 0 … count − 1): with
 * `extend` (Shift) the anchor stays, otherwise both move (a single token).
 */
export function moveSelectionBy(sel: TokenSelection, delta: number, extend: boolean, count: number): TokenSelection {
  const focus = clampIndex(sel.focus + delta, count);
  return { anchor: extend ? sel.anchor : focus, focus };
}

/** The selection made to fit `count` tokens (null when nothing is left), e.g. after the text changed. */
export function clampSelection(sel: TokenSelection | null, count: number): TokenSelection | null {
  if (!sel || count <= 0) return null;
  return { anchor: clampIndex(sel.anchor, count), focus: clampIndex(sel.focus, count) };
}

/** Selection of all `count` tokens (null when there are none). */
export function selectAll(count: number): TokenSelection | null {
  return count > 0 ? { anchor: 0, focus: count - 1 } : null;
}

/** A span written for a URL, `"2-5"` for tokens 2 to 5 (1-based, both included). */
export function formatSpanParam(range: TokenRange): string {
  return `${range.start + 1}-${range.end}`;
}

/** The selection stored by `formatSpanParam` (null when missing or malformed). */
export function parseSpanParam(raw: string | undefined): TokenSelection | null {
  const m = /^(\d{1,6})-(\d{1,6})$/.exec(raw?.trim() ?? '');
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a < 1 || b < a) return null;
  return { anchor: a - 1, focus: b - 1 };
}

/** `i` moved into 0 … count − 1. */
function clampIndex(i: number, count: number): number {
  return Math.min(count - 1, Math.max(0, Math.round(i)));
}
