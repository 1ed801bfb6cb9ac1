/**
 * What a tokenizer alone can answer: ids of a text, and for each id its vocabulary string, its
 * bytes and its text piece. The engine uses it for every token it shows; the worker hands it out
 * as soon as the tokenizer file has arrived, so tokenizing never waits for the model's weights.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { TokenizeResult, TokenPiece } from './protocol';
import { detectScheme, tokenBytes } from './token-bytes';
import type { DecoderJson, TokenScheme } from './token-bytes';
import { assignPieces } from './token-pieces';
import type { RawToken } from './token-pieces';
import { idToToken, tokenizerDecoder } from './tokenizer-adapter';

const TEXT_DECODER = new TextDecoder('utf-8');

/** A tokenizer with byte-accurate token pieces. */
export class TokenView {
  private readonly specialIds: Set<number>;
  private readonly bytesCache = new Map<number, number[]>();
  private readonly textCache = new Map<number, string>();
  /** How the vocabulary writes bytes (byte-level, byte fallback, plain). */
  readonly scheme: TokenScheme;

  /** A view of a loaded transformers.js tokenizer. */
  constructor(readonly tokenizer: PreTrainedTokenizer) {
    this.specialIds = new Set(tokenizer.all_special_ids);
    this.scheme = detectScheme({ decoder: tokenizerDecoder(tokenizer) as DecoderJson | null });
  }

  /** Vocabulary string of an id (`<id N>` for ids the tokenizer does not name). */
  tokenString(id: number): string {
    return idToToken(this.tokenizer, id) ?? `<id ${id}>`;
  }

  /** Whether an id is a special token. */
  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }

  /** The bytes a token stands for (special tokens: the UTF-8 of their name). */
  tokenBytesOf(id: number): number[] {
    let b = this.bytesCache.get(id);
    if (!b) {
      b = tokenBytes(this.tokenString(id), this.isSpecial(id) ? 'plain' : this.scheme);
      this.bytesCache.set(id, b);
    }
    return b;
  }

  /** Text of one token on its own (U+FFFD for a partial UTF-8 character). */
  tokenText(id: number): string {
    let t = this.textCache.get(id);
    if (t === undefined) {
      t = TEXT_DECODER.decode(Uint8Array.from(this.tokenBytesOf(id)));
      this.textCache.set(id, t);
    }
    return t;
  }

  /**
   * Works out the texts of ids 0..n-1 ahead of use (a full next-token distribution needs every
   * one of them), so the first such request does not pay for it.
   */
  prepareTexts(n: number): void {
    for (let id = 0; id < n; id++) this.tokenText(id);
  }

  /** Token ids of a text, exactly as the model sees them, without any added bos. */
  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false });
  }

  /** Text pieces for ids (byte-accurate, see `assignPieces`). */
  pieces(ids: readonly number[]): TokenPiece[] {
    const raw: RawToken[] = ids.map((id) => ({
      id,
      token: this.tokenString(id),
      bytes: this.tokenBytesOf(id),
      special: this.isSpecial(id),
    }));
    return assignPieces(raw);
  }

  /** Splits text into tokens with their text pieces. An empty text gives no tokens. */
  tokenize(text: string): TokenizeResult {
    const ids = this.encode(text);
    return { ids, tokens: this.pieces(ids) };
  }
}
