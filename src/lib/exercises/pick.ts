/**
 * The "pick" message live widgets send when a reader picks a token or a span in them:
 * `document.dispatchEvent(new CustomEvent('lm-notes:pick', { detail }))`. A pick exercise
 * listens for it and judges whether the pick belongs to its question ({@link judgePick}): the
 * right kind, the right widget if one is named, and the question's own prompt or text. A pick
 * never grades anything by itself; the reader checks it (answer-state.ts).
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
  /**
   * What the pick was made in: the prompt a next token was picked after, or the whole text a
   * span was selected in. Absent when the widget does not say.
   */
  context?: string;
  /** The probability of the picked token, when the widget knows it. */
  p?: number;
  /** The tokens of a picked span (their texts, or only their number), when the widget knows them. */
  tokens?: string[] | number;
  /** The surprise of the pick in bits, when the widget knows it. */
  bits?: number;
}

/** Whether `x` is a well-formed {@link PickDetail} (events from elsewhere are ignored). */
export function isPickDetail(x: unknown): x is PickDetail {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as Record<string, unknown>;
  if (typeof d.widget !== 'string' || typeof d.text !== 'string') return false;
  if (d.kind !== 'token' && d.kind !== 'span') return false;
  if (d.context !== undefined && typeof d.context !== 'string') return false;
  if (d.p !== undefined && !(typeof d.p === 'number' && d.p >= 0 && d.p <= 1)) return false;
  if (d.bits !== undefined && !(typeof d.bits === 'number' && Number.isFinite(d.bits))) return false;
  if (d.tokens !== undefined) {
    const ok = Array.isArray(d.tokens)
      ? d.tokens.every((t) => typeof t === 'string')
      : typeof d.tokens === 'number' && Number.isInteger(d.tokens) && d.tokens >= 0;
    if (!ok) return false;
  }
  return true;
}

/** How many tokens a pick covers: 1 for a token, the span's count when known, else null. */
function tokenCount(d: PickDetail): number | null {
  if (d.kind === 'token') return 1;
  if (Array.isArray(d.tokens)) return d.tokens.length;
  return typeof d.tokens === 'number' ? d.tokens : null;
}

/** What an exercise wants from a pick. */
export interface PickWant {
  /** A single token or a span (any when absent). A one-token span counts as a token. */
  kind?: 'token' | 'span';
  /** Only picks from this widget (any when absent). */
  widget?: string;
  /** The question's prompt or text: only picks made in exactly this context count (any when absent). */
  context?: string;
}

/** Whether a pick is the right kind from the right widget (its context aside). */
export function pickFits(detail: PickDetail, want: PickWant): boolean {
  if (want.kind === 'token' && tokenCount(detail) !== 1) return false;
  if (want.kind === 'span' && detail.kind !== 'span') return false;
  if (want.widget && detail.widget !== want.widget) return false;
  return true;
}

/** What a pick means for an exercise. */
export type PickJudgement =
  /** Not for this exercise at all (another kind or widget): ignore it silently. */
  | { use: 'ignore' }
  /** The right kind of pick, but made with another prompt or text: it does not count here. */
  | { use: 'elsewhere'; message: string }
  /** A pick for this question: it may fill the answer (still to be checked). */
  | { use: 'fill' };

/** Visible text: spaces at the ends as ␣, newlines as ⏎. */
export function shownToken(t: string): string {
  return t.replace(/^ +| +$/g, (m) => '␣'.repeat(m.length)).replaceAll('\n', '⏎');
}

/**
 * Judges a pick for an exercise. The context must equal the question's exactly (a trailing
 * space changes the next token, so no normalising); a pick that does not say its context does
 * not count for a question that has one.
 */
export function judgePick(detail: PickDetail, want: PickWant): PickJudgement {
  if (!pickFits(detail, want)) return { use: 'ignore' };
  if (want.context === undefined || detail.context === want.context) return { use: 'fill' };
  const where = detail.context === undefined ? 'in a figure that does not say its prompt' : `with “${shownToken(detail.context)}” in the figure`;
  return {
    use: 'elsewhere',
    message: `Your pick “${shownToken(detail.text)}” was made ${where}, so it does not count here: this question is about “${shownToken(want.context)}”. Put that in the figure and pick again, or type your answer.`,
  };
}
