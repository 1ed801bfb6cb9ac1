/**
 * An encoder for OpenAI's tiktoken vocabularies (GPT-4's `cl100k_base`, GPT-4o's
 * `o200k_base`), reading the same rank files as the `js-tiktoken` package and giving the same
 * token ids, but merging with the O(n log n) `bytePairMerge`, so a long run without spaces
 * (10,000 letters, a page of Chinese) cannot freeze the tab.
 *
 * Steps, as in tiktoken: split the text with the vocabulary's regular expression (`pat_str`:
 * words with their leading space, numbers of up to 3 digits, punctuation runs, whitespace),
 * encode each piece as UTF-8, and byte-pair merge each piece. Special tokens such as
 * `<|endoftext|>` are NOT recognised: typed by a reader, they are ordinary text.
 */
import { bytePairMerge } from './byte-pair-merge';

/** A rank file as `js-tiktoken/ranks/*` exports it. */
export interface TiktokenRankFile {
  /** The pre-splitting regular expression (Unicode flags). */
  pat_str: string;
  /** Special tokens and their ids (not used for encoding here). */
  special_tokens: Record<string, number>;
  /** Ranks, compressed: lines of `<prefix> <first rank> <base64 token> <base64 token> …`. */
  bpe_ranks: string;
}

/** One encoded token: its id and the bytes it stands for. */
export interface ByteToken {
  /** Token id (its rank). */
  id: number;
  /** The UTF-8 bytes it covers. */
  bytes: number[];
}

/** Map key of a byte sequence (bytes as a Latin-1 string: one char per byte). */
function keyOf(bytes: ArrayLike<number>, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

/** A tiktoken vocabulary, ready to encode. */
export class TiktokenEncoder {
  /** Token (as a Latin-1 byte string) → rank. */
  private readonly ranks = new Map<string, number>();
  private readonly pattern: RegExp;
  private readonly utf8 = new TextEncoder();

  /** Parses a rank file (a few hundred milliseconds for 200K tokens). */
  constructor(file: TiktokenRankFile) {
    this.pattern = new RegExp(file.pat_str, 'gu');
    for (const line of file.bpe_ranks.split('\n')) {
      if (!line) continue;
      const parts = line.split(' ');
      const offset = Number.parseInt(parts[1] ?? '', 10);
      // atob gives one character per decoded byte: exactly the Latin-1 key `keyOf` builds.
      for (let i = 2; i < parts.length; i++) this.ranks.set(atob(parts[i]!), offset + i - 2);
    }
  }

  /** Number of ordinary tokens in the vocabulary. */
  get size(): number {
    return this.ranks.size;
  }

  /** The tokens of `text`, with their bytes. */
  encodeWithBytes(text: string): ByteToken[] {
    const out: ByteToken[] = [];
    this.pattern.lastIndex = 0;
    for (const match of text.matchAll(this.pattern)) {
      const bytes = this.utf8.encode(match[0]);
      const whole = this.ranks.get(keyOf(bytes));
      if (whole !== undefined) {
        out.push({ id: whole, bytes: Array.from(bytes) });
        continue;
      }
      const bounds = bytePairMerge(bytes.length, (s, e) => this.ranks.get(keyOf(bytes, s, e)));
      for (let k = 0; k + 1 < bounds.length; k++) {
        const s = bounds[k]!;
        const e = bounds[k + 1]!;
        const id = this.ranks.get(keyOf(bytes, s, e));
        // Every single byte is in the vocabulary, so merged parts always have an id.
        if (id !== undefined) out.push({ id, bytes: Array.from(bytes.subarray(s, e)) });
      }
    }
    return out;
  }

  /** The token ids of `text`. */
  encode(text: string): number[] {
    return this.encodeWithBytes(text).map((t) => t.id);
  }
}
