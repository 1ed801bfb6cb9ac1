/**
 * Turning a training text into what a model trains on: the text is bounded to a size the page
 * can handle, split into tokens, and mapped to ids through a vocabulary built from it. Texts a
 * model cannot learn from (empty, or a single token: no pair "current token → next token") are
 * rejected with a `CorpusError` whose message a reader can act on.
 */
import { tokenize, type TokenizerKind } from './tokenizers';
import { buildVocabulary, encode, type Vocabulary } from './vocabulary';

/** Longest training text used, in characters; a longer paste is cut to its first this-many. */
export const MAX_CORPUS_CHARS = 20_000;

/** Largest vocabulary |V| (with `<unk>`); rarer tokens map to `<unk>` beyond it. */
export const MAX_VOCABULARY = 1_000;

/** Why a text cannot be trained on. */
export type CorpusProblem = 'empty' | 'one-token';

/** A training text that cannot be used, with a plain-English message. */
export class CorpusError extends Error {
  /** Which problem it is. */
  readonly code: CorpusProblem;

  /** An error for `code`, with the standard message for it. */
  constructor(code: CorpusProblem) {
    super(
      code === 'empty'
        ? 'The training text is empty. Paste or pick some text first.'
        : 'The training text is a single token, so it has no pair (current token → next token) to learn from. Add more text.',
    );
    this.name = 'CorpusError';
    this.code = code;
  }
}

/** A text cut to at most a maximum length. */
export interface BoundedText {
  /** The text actually used (its first `maxChars` characters at most). */
  text: string;
  /** Whether anything was cut off. */
  truncated: boolean;
  /** Length of the original text, in characters (UTF-16 units, as `String.length` counts). */
  originalLength: number;
}

/**
 * Keeps the first `maxChars` characters of a text (never splitting an emoji or other character
 * written as two UTF-16 units). `maxChars` must be a whole number ≥ 1.
 */
export function boundCorpus(text: string, maxChars = MAX_CORPUS_CHARS): BoundedText {
  if (!(Number.isInteger(maxChars) && maxChars >= 1)) throw new RangeError(`boundCorpus: maxChars must be a whole number ≥ 1 (got ${maxChars})`);
  if (text.length <= maxChars) return { text, truncated: false, originalLength: text.length };
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate whose partner would be cut off
  return { text: text.slice(0, end), truncated: true, originalLength: text.length };
}

/** A training text ready for a model. */
export interface PreparedCorpus {
  /** Token ids of the whole (bounded) text, in order. */
  ids: Int32Array;
  /** The vocabulary built from the text. */
  vocab: Vocabulary;
  /** The tokenizer used. */
  tokenizer: TokenizerKind;
  /** Whether the text was cut to `MAX_CORPUS_CHARS`. */
  truncated: boolean;
  /** Characters in the original text. */
  originalLength: number;
  /** Characters actually used. */
  usedLength: number;
}

/** Limits for `prepareCorpus` (defaults: `MAX_CORPUS_CHARS`, `MAX_VOCABULARY`). */
export interface CorpusLimits {
  /** Longest text used, in characters. */
  maxChars?: number;
  /** Largest vocabulary, `<unk>` included. */
  maxVocabulary?: number;
}

/**
 * Bounds, tokenizes and encodes a training text. Throws `CorpusError('empty')` when it has no
 * token and `CorpusError('one-token')` when it has exactly one.
 */
export function prepareCorpus(text: string, tokenizer: TokenizerKind, limits: CorpusLimits = {}): PreparedCorpus {
  const bounded = boundCorpus(text, limits.maxChars ?? MAX_CORPUS_CHARS);
  const tokens = tokenize(bounded.text, tokenizer);
  if (tokens.length === 0) throw new CorpusError('empty');
  if (tokens.length === 1) throw new CorpusError('one-token');
  const vocab = buildVocabulary(tokens, limits.maxVocabulary ?? MAX_VOCABULARY);
  return {
    ids: encode(vocab, tokens),
    vocab,
    tokenizer,
    truncated: bounded.truncated,
    originalLength: bounded.originalLength,
    usedLength: bounded.text.length,
  };
}
