/**
 * The two simplest ways to cut text, for comparison with subword tokenizers.
 *
 * - Characters: every Unicode character (code point) is a token; its id is the code point
 *   (U+0061 "a" → 97). Spaces and newlines are tokens too.
 * - Whole words: a word is a run of letters, combining marks and digits (apostrophes inside a
 *   word, as in "don't", stay in it); every other visible character (punctuation, symbols,
 *   emoji) is a token on its own; whitespace only separates tokens and is dropped. The ids
 *   number the distinct words in order of first appearance in this text, standing in for a
 *   fixed word list (which would have no id at all for a word it never saw).
 */

/** A token of a simple tokenizer, located in the original text. */
export interface TextToken {
  /** Token id. */
  id: number;
  /** The token's text. */
  text: string;
  /** Start in the text (UTF-16 index). */
  start: number;
  /** End (exclusive) in the text (UTF-16 index). */
  end: number;
}

/** One token per Unicode character; id = code point. */
export function characterTokens(text: string): TextToken[] {
  const out: TextToken[] = [];
  let i = 0;
  for (const ch of text) {
    out.push({ id: ch.codePointAt(0) ?? 0, text: ch, start: i, end: i + ch.length });
    i += ch.length;
  }
  return out;
}

/** Words, or single non-space symbols (see the module comment). */
const WORD_OR_SYMBOL = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

/** Whole words and single punctuation marks; whitespace dropped; ids by first appearance. */
export function wordTokens(text: string): TextToken[] {
  const ids = new Map<string, number>();
  const out: TextToken[] = [];
  for (const m of text.matchAll(WORD_OR_SYMBOL)) {
    const word = m[0];
    let id = ids.get(word);
    if (id === undefined) {
      id = ids.size;
      ids.set(word, id);
    }
    out.push({ id, text: word, start: m.index ?? 0, end: (m.index ?? 0) + word.length });
  }
  return out;
}

/** Number of Unicode characters (code points) in a text: what "characters" counts here. */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
