/**
 * Splitting decoded text among tokens, byte-accurately. Each token stands for some bytes; a
 * character whose UTF-8 bytes are spread over two tokens (an emoji, an accented letter in a
 * small vocabulary) is given to the token holding its first byte, so that the `text` pieces of
 * all tokens concatenate to exactly the decoded text and no piece shows a broken character.
 */
import type { TokenPiece } from './protocol';

/** What a token is before its text is worked out. */
export interface RawToken {
  /** Token id. */
  id: number;
  /** Vocabulary string. */
  token: string;
  /** The bytes it stands for. */
  bytes: number[];
  /** Whether it is a special token. */
  special: boolean;
}

/** One decoded character (or U+FFFD for an invalid byte) and where its bytes start. */
interface DecodedChar {
  /** The character as a JS string (1 or 2 UTF-16 units). */
  text: string;
  /** Index of its first byte. */
  start: number;
  /** Number of bytes it used. */
  length: number;
}

/** Length of the UTF-8 sequence a lead byte announces (0: not a lead byte). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Decodes UTF-8 bytes character by character. An invalid or incomplete sequence yields one
 * U+FFFD for its lead byte and decoding resumes at the next byte (like TextDecoder for the
 * common cases).
 */
export function decodeUtf8Chars(bytes: ArrayLike<number>): DecodedChar[] {
  const out: DecodedChar[] = [];
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const n = sequenceLength(lead);
    let cp = -1;
    if (n === 1) cp = lead;
    else if (n > 1 && i + n <= bytes.length) {
      cp = lead & (0xff >> (n + 1));
      for (let j = 1; j < n; j++) {
        const b = bytes[i + j] as number;
        if ((b & 0xc0) !== 0x80) {
          cp = -1;
          break;
        }
        cp = (cp << 6) | (b & 0x3f);
      }
      const min = n === 2 ? 0x80 : n === 3 ? 0x800 : 0x10000;
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = -1;
    }
    if (cp < 0) {
      out.push({ text: '\ufffd', start: i, length: 1 });
      i += 1;
    } else {
      out.push({ text: String.fromCodePoint(cp), start: i, length: n });
      i += n;
    }
  }
  return out;
}

/**
 * Gives each token its text piece and position. The decoded text is the UTF-8 decoding of all
 * tokens' bytes in order; each character goes to the token holding its first byte.
 */
export function assignPieces(tokens: readonly RawToken[]): TokenPiece[] {
  const owner: number[] = [];
  const all: number[] = [];
  tokens.forEach((t, k) => {
    for (const b of t.bytes) {
      all.push(b);
      owner.push(k);
    }
  });
  const texts = tokens.map(() => '');
  for (const ch of decodeUtf8Chars(all)) {
    const k = owner[ch.start] as number;
    texts[k] += ch.text;
  }
  let pos = 0;
  return tokens.map((t, k) => {
    const text = texts[k] as string;
    const piece: TokenPiece = {
      id: t.id,
      token: t.token,
      text,
      bytes: t.bytes.slice(),
      start: pos,
      end: pos + text.length,
      special: t.special,
    };
    pos += text.length;
    return piece;
  });
}

/**
 * Streaming variant for generation: feed one token's bytes at a time, get back the complete
 * characters they finish (bytes of an unfinished character wait for the next token).
 */
export class Utf8Stream {
  private readonly decoder = new TextDecoder('utf-8');

  /** Text completed by these bytes. */
  push(bytes: readonly number[]): string {
    return this.decoder.decode(Uint8Array.from(bytes), { stream: true });
  }

  /** Whatever is left at the end (a replacement character for an unfinished sequence). */
  flush(): string {
    return this.decoder.decode();
  }
}
