/**
 * The "pick" message live widgets send when a reader picks a token or a span in them:
 * `document.dispatchEvent(new CustomEvent('lm-notes:pick', { detail }))`. A pick exercise
 * listens for it, shows what was picked and checks the picked text.
 */

/** Name of the document event a widget dispatches when the reader picks something. */
export const PICK_EVENT = 'lm-notes:pick';

/** What a widget says about a pick. */
export interface PickDetail {
  /** The widget's name (e.g. "next-token", "surprisal"). */
  widget: string;
  /** A single token, or a span of several tokens. */
  kind: 'token' | 'span';
  /** The picked text, as it appears in the text (a leading space included). */
  text: string;
  /** The probability of the picked token, when the widget knows it. */
  p?: number;
  /** The tokens of a picked span, when the widget knows them. */
  tokens?: string[];
  /** The surprise of the pick in bits, when the widget knows it. */
  bits?: number;
}

/** Whether `x` is a well-formed {@link PickDetail} (events from elsewhere are ignored). */
export function isPickDetail(x: unknown): x is PickDetail {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as Record<string, unknown>;
  if (typeof d.widget !== 'string' || typeof d.text !== 'string') return false;
  if (d.kind !== 'token' && d.kind !== 'span') return false;
  if (d.p !== undefined && !(typeof d.p === 'number' && d.p >= 0 && d.p <= 1)) return false;
  if (d.bits !== undefined && !(typeof d.bits === 'number' && Number.isFinite(d.bits))) return false;
  if (d.tokens !== undefined && !(Array.isArray(d.tokens) && d.tokens.every((t) => typeof t === 'string'))) return false;
  return true;
}

/** Whether a pick is one an exercise wants: the right kind, and the right widget if named. */
export function pickFits(detail: PickDetail, want: { kind?: 'token' | 'span'; widget?: string }): boolean {
  if (want.kind && detail.kind !== want.kind) return false;
  if (want.widget && detail.widget !== want.widget) return false;
  return true;
}
