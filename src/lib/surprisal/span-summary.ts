/**
 * What a selected span amounts to (tokens, total bits, bits per token, perplexity) and the
 * `lm-notes:pick` event detail the figures send when the reader selects a span, so that
 * self-check exercises on the page can listen.
 */
import { spanStats } from '../metrics/surprise';
import type { SpanStats } from '../metrics/surprise';
import type { ScoredText } from './scored-text';
import { logProbsOf, spanText } from './scored-text';
import type { TokenRange } from '../selection/token-selection';

/** The span's text and its statistics. */
export interface SpanSummary extends SpanStats {
  /** The text the span's tokens cover. */
  text: string;
  /** First token index (0-based). */
  start: number;
  /** One past the last token index. */
  end: number;
}

/** Statistics of tokens range.start ≤ i < range.end of a scored text (range clamped to the text). */
export function summarizeSpan(s: ScoredText, range: TokenRange): SpanSummary {
  const n = s.tokens.length;
  const start = Math.min(n, Math.max(0, range.start));
  const end = Math.min(n, Math.max(start, range.end));
  return { ...spanStats(logProbsOf(s), start, end), text: spanText(s, start, end), start, end };
}

/** Detail of the `lm-notes:pick` event for a selected span. */
export interface SpanPickDetail {
  /** The widget's id. */
  widget: string;
  /** Always `span`. */
  kind: 'span';
  /** The selected text. */
  text: string;
  /** Number of tokens in the span. */
  tokens: number;
  /** Total surprise of the span, in bits. */
  bits: number;
  /** Which text of a comparison (`A` or `B`); absent for a single text. */
  side?: 'A' | 'B';
  /** The whole text the span was selected in (an exercise counts a pick only for its own text). */
  context?: string;
}

/** The event name self-check exercises listen to on `document`. */
export const PICK_EVENT = 'lm-notes:pick';

/** The pick detail for a span summary. */
export function spanPickDetail(widget: string, span: SpanSummary, side?: 'A' | 'B', context?: string): SpanPickDetail {
  const detail: SpanPickDetail = { widget, kind: 'span', text: span.text, tokens: span.tokens, bits: span.totalBits };
  if (side) detail.side = side;
  if (context !== undefined) detail.context = context;
  return detail;
}
