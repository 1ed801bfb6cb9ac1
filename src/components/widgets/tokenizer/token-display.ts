/**
 * What the tokenizer playground draws: tokens of any tokenizer as (id, text) pairs, with
 * whitespace and invisible characters made visible. Shared by the island and its wrapper.
 */
import type { ByteToken } from '../../../lib/tokenize/tiktoken-encoder';
import type { TextToken } from '../../../lib/tokenize/simple-tokenizers';
import type { TokenPiece } from '../../../lib/lm/protocol';
import { assignPieces } from '../../../lib/lm/token-pieces';

/** One token as the playground shows it. */
export interface ShownToken {
  /** Token id. */
  id: number;
  /** The text it contributes ('' for a token holding only the tail bytes of a character). */
  text: string;
  /** Number of bytes it stands for (subword tokenizers), to explain empty pieces. */
  bytes?: number;
}

/** Tokenizers the playground knows; `model` is the reader's chosen Hub model, if any. */
export type TokenizerId = 'chars' | 'words' | 'lm-notes-tiny' | 'cl100k_base' | 'o200k_base' | 'model';

/** All fixed tokenizers in display order. */
export const FIXED_TOKENIZERS: TokenizerId[] = ['chars', 'words', 'lm-notes-tiny', 'cl100k_base', 'o200k_base'];

/** Display names. */
export const TOKENIZER_NAMES: Record<Exclude<TokenizerId, 'model'>, string> = {
  chars: 'Characters',
  words: 'Whole words',
  'lm-notes-tiny': 'The site’s small model (BPE, 8,192 tokens)',
  cl100k_base: 'GPT-4 (cl100k_base)',
  o200k_base: 'GPT-4o (o200k_base)',
};

/** One-line explanation under each tokenizer. */
export const TOKENIZER_NOTES: Record<TokenizerId, string> = {
  chars: 'Every character is a token; its id is the Unicode code point.',
  words: 'Runs of letters and digits are words; every punctuation mark or symbol is a token on its own; spaces only separate tokens and are dropped. Ids number the distinct words of this text in order of appearance.',
  'lm-notes-tiny': 'Byte-level BPE learned from the model’s training text.',
  cl100k_base: 'Byte-level BPE with about 100K tokens, used by GPT-4 and GPT-3.5.',
  o200k_base: 'Byte-level BPE with about 200K tokens, used by GPT-4o.',
  model: 'The tokenizer of the model you picked on the model page.',
};

/** Parses a comma-separated list of tokenizer ids, keeping only known ones (order kept). */
export function parseTokenizerList(raw: string | undefined, fallback: TokenizerId[]): TokenizerId[] {
  if (raw === undefined) return fallback;
  const known = new Set<string>([...FIXED_TOKENIZERS, 'model']);
  const list = raw.split(',').map((s) => s.trim()).filter((s): s is TokenizerId => known.has(s));
  return [...new Set(list)];
}

/** Characters that are invisible or reorder text, shown as their code (⟨U+200B⟩). */
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** A token's text with space ␣, newline ↵, tab ⇥, carriage return ␍ and invisible characters shown. */
export function visibleText(s: string): string {
  return s
    .replaceAll(' ', '␣')
    .replaceAll('\n', '↵')
    .replaceAll('\t', '⇥')
    .replaceAll('\r', '␍')
    .replace(INVISIBLE, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** Tokens of a simple tokenizer. */
export function fromTextTokens(tokens: TextToken[]): ShownToken[] {
  return tokens.map((t) => ({ id: t.id, text: t.text }));
}

/** Tokens of a tiktoken encoder, each given the characters whose first byte it holds. */
export function fromByteTokens(tokens: ByteToken[]): ShownToken[] {
  const pieces = assignPieces(tokens.map((t) => ({ id: t.id, token: '', bytes: t.bytes, special: false })));
  return pieces.map((p) => ({ id: p.id, text: p.text, bytes: p.bytes.length }));
}

/** Tokens from the model worker (or the build-time engine). */
export function fromPieces(tokens: TokenPiece[]): ShownToken[] {
  return tokens.map((p) => ({ id: p.id, text: p.text, bytes: p.bytes.length }));
}

/** Characters per token, as the playground prints it (— when there are no tokens). */
export function charsPerToken(chars: number, tokens: number): string {
  return tokens > 0 ? (chars / tokens).toFixed(2) : '—';
}
