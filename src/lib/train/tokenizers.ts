/**
 * The two simple tokenizers of the training widgets: one token per character, or one token per
 * word (lowercased) with every punctuation mark a token of its own.
 *
 *   characters: "The cat." → T · h · e · ␣ · c · a · t · .
 *   words:      "The cat." → the · cat · .
 *
 * Both are deliberately simple: real models use subword tokenizers (BPE), see the tokenization
 * page. Runs of whitespace are collapsed to one space before splitting (see `normalizeSpaces`).
 */

/** Which tokenizer to use: one token per character, or per word/punctuation mark. */
export type TokenizerKind = 'chars' | 'words';

/** Every tokenizer kind, in the order a picker lists them. */
export const TOKENIZER_KINDS: readonly TokenizerKind[] = ['chars', 'words'];

/** Collapses every run of whitespace (spaces, tabs, newlines) into one space and trims the ends. */
export function normalizeSpaces(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * One token per character (Unicode code point, so an emoji is one token, not two halves).
 * Spaces are tokens too. Whitespace runs are first collapsed to one space.
 */
export function splitCharacters(text: string): string[] {
  return Array.from(normalizeSpaces(text));
}

/**
 * A word: letters and digits, optionally joined by apostrophes ("don't", "alice's").
 * Anything else that is not a space is a one-character token (",", "!", "-", "“").
 */
const WORD_OR_MARK = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/**
 * Lowercased words and punctuation marks: "The good, the bad" → the · good · , · the · bad.
 * Spaces are not tokens (they are put back between words by `joinTokens`).
 */
export function splitWords(text: string): string[] {
  return normalizeSpaces(text).toLowerCase().match(WORD_OR_MARK) ?? [];
}

/** Splits a text into tokens with the chosen tokenizer. */
export function tokenize(text: string, kind: TokenizerKind): string[] {
  return kind === 'chars' ? splitCharacters(text) : splitWords(text);
}

/** Marks written without a space before them when word tokens are joined back into text. */
const NO_SPACE_BEFORE = new Set([',', '.', '!', '?', ';', ':', ')', ']', '}', '%', '’', "'"]);
/** Marks written without a space after them. */
const NO_SPACE_AFTER = new Set(['(', '[', '{']);

/**
 * Turns tokens back into readable text: characters are concatenated; words are separated by
 * single spaces, except before closing punctuation ("good ," → "good,") and after opening
 * brackets. Word tokens were lowercased, so the result is lowercase.
 */
export function joinTokens(tokens: readonly string[], kind: TokenizerKind): string {
  if (kind === 'chars') return tokens.join('');
  let out = '';
  tokens.forEach((t, i) => {
    const prev = i > 0 ? (tokens[i - 1] as string) : '';
    if (i > 0 && !NO_SPACE_BEFORE.has(t) && !NO_SPACE_AFTER.has(prev)) out += ' ';
    out += t;
  });
  return out;
}
