/**
 * A selected span of tokens in the token strip: where the selection started (anchor) and where
 * it ends now (focus), in either order, clamped to the tokens that exist.
 */

/** A selection of tokens anchor…focus (inclusive, either order). */
export interface TokenSelection {
  /** Where the selection started. */
  anchor: number;
  /** Where it ends now (moves with Shift+arrows or dragging). */
  focus: number;
}

/** The selected tokens as [start, end) (end exclusive). */
export function selectionRange(sel: TokenSelection): { start: number; end: number } {
  return { start: Math.min(sel.anchor, sel.focus), end: Math.max(sel.anchor, sel.focus) + 1 };
}

/** The selection kept inside tokens 0…count−1, or null when there are no tokens. */
export function clampSelection(sel: TokenSelection | null, count: number): TokenSelection | null {
  if (!sel || count === 0) return null;
  const c = (i: number): number => Math.min(count - 1, Math.max(0, i));
  return { anchor: c(sel.anchor), focus: c(sel.focus) };
}

/**
 * The selection after an arrow key: `delta` moves the focus; with `extend` (Shift) the anchor
 * stays, otherwise both move (a single token).
 */
export function moveSelection(sel: TokenSelection, delta: number, extend: boolean, count: number): TokenSelection {
  const focus = Math.min(count - 1, Math.max(0, sel.focus + delta));
  return { anchor: extend ? sel.anchor : focus, focus };
}
