/**
 * Display helpers of the next-token figures: token text with its whitespace and invisible
 * characters made visible, (probabilities and bits: lib/format/numbers, 4 and 2 decimals in these figures).
 */
import { visibleToken } from '../../model/format';

/** Zero-width and direction-control characters, shown as ⟨U+XXXX⟩ so the reader can see them. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** A token's text as shown in a table: ␣ for spaces, ⏎ for newlines, ⟨U+200B⟩ for invisibles. */
export function showToken(text: string): string {
  return visibleToken(text).replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

