/**
 * Display helpers of the next-token figures: token text with its whitespace and invisible
 * characters made visible, and probabilities / bits formatted the same way everywhere.
 */
import { visibleToken } from '../../model/format';

/** Zero-width and direction-control characters, shown as ⟨U+XXXX⟩ so the reader can see them. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** A token's text as shown in a table: ␣ for spaces, ⏎ for newlines, ⟨U+200B⟩ for invisibles. */
export function showToken(text: string): string {
  return visibleToken(text).replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** A probability with four decimals ("0.3155"), or "<0.0001". */
export function formatP(p: number): string {
  if (p > 0 && p < 0.00005) return '<0.0001';
  return p.toFixed(4);
}

/** A number of bits with two decimals. */
export function formatBits(b: number): string {
  return b.toFixed(2);
}
