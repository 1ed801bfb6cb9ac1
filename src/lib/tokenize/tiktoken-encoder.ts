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
import { yielder } from '../scheduling/yield-to-other-tasks';

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

/** Tokens added between two chances for the page to run other tasks (a few milliseconds). */
const PARSE_BATCH = 4096;

/** One line of the compressed rank list: consecutive ranks from `firstRank`. */
interface RankLine {
  /** Rank of the first token on the line. */
  firstRank: number;
  /** The tokens, base64-encoded, in rank order. */
  tokens: string[];
}

/** The lines of a rank file (`<prefix> <first rank> <token> <token> …`; js-tiktoken's files have one). */
function rankLines(file: TiktokenRankFile): RankLine[] {
  return file.bpe_ranks
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parts = line.split(' ');
      return { firstRank: Number.parseInt(parts[1] ?? '', 10), tokens: parts.slice(2) };
    });
}

/** A tiktoken vocabulary, ready to encode. */
export class TiktokenEncoder {
  /** Token (as a Latin-1 byte string) → rank. */
  private readonly ranks = new Map<string, number>();
  private readonly pattern: RegExp;
  private readonly utf8 = new TextEncoder();

  /**
   * Parses a rank file in one go: about 150 ms for GPT-4's 100K tokens and 300 ms for GPT-4o's
   * 200K on a fast laptop. Fine at build time or in a test; on the page use `parseInSlices`.
   */
  constructor(file: TiktokenRankFile) {
    this.pattern = new RegExp(file.pat_str, 'gu');
    for (const line of rankLines(file)) this.addRanks(line, 0, line.tokens.length);
  }

  /**
   * Parses a rank file a few thousand tokens at a time, letting the page handle keystrokes and
   * repaint in between (`yieldNow` is awaited after each batch; by default it pauses once 8 ms
   * of work have passed), so no single task runs for long. Gives exactly the encoder the
   * constructor gives.
   */
  static async parseInSlices(file: TiktokenRankFile, yieldNow: () => Promise<void> = yielder(8)): Promise<TiktokenEncoder> {
    const encoder = new TiktokenEncoder({ ...file, bpe_ranks: '' });
    for (const line of rankLines(file)) {
      for (let from = 0; from < line.tokens.length; from += PARSE_BATCH) {
        encoder.addRanks(line, from, Math.min(from + PARSE_BATCH, line.tokens.length));
        await yieldNow();
      }
    }
    return encoder;
  }

  /** Adds tokens `from`…`to` (exclusive) of one line of the rank list. */
  private addRanks(line: RankLine, from: number, to: number): void {
    // atob gives one character per decoded byte: exactly the Latin-1 key `keyOf` builds.
    for (let i = from; i < to; i++) this.ranks.set(atob(line.tokens[i]!), line.firstRank + i);
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
