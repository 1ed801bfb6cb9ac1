/**
 * From a vocabulary string to the bytes it stands for. Tokenizers store tokens in different
 * disguises: GPT-2-style byte-level BPE maps every byte to a printable character (a space shows
 * as `Ġ`), SentencePiece-style vocabularies write a space as `▁` and unknown bytes as `<0xNN>`.
 * Knowing the real bytes lets the UI show exactly which text each token covers.
 */

/** How a tokenizer writes bytes in its vocabulary. */
export type TokenScheme = 'byte-level' | 'sentencepiece' | 'plain';

/**
 * GPT-2's byte → printable-character table: printable ASCII and most of Latin-1 stand for
 * themselves; the other 68 bytes are shifted to U+0100 and up, in byte order.
 */
function byteToUnicodeTable(): string[] {
  const keep: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) keep.push(b);
  for (let b = 0xa1; b <= 0xac; b++) keep.push(b);
  for (let b = 0xae; b <= 0xff; b++) keep.push(b);
  const table = new Array<string>(256);
  for (const b of keep) table[b] = String.fromCharCode(b);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    if (table[b] === undefined) table[b] = String.fromCharCode(256 + shifted++);
  }
  return table;
}

/** Inverse of GPT-2's table: printable character → byte. */
const UNICODE_TO_BYTE: ReadonlyMap<string, number> = new Map(byteToUnicodeTable().map((ch, b) => [ch, b]));

const ENCODER = new TextEncoder();

/**
 * The bytes a vocabulary string stands for under a scheme. A byte-level string with a character
 * outside GPT-2's table (which should not happen) falls back to that character's UTF-8.
 */
export function tokenBytes(token: string, scheme: TokenScheme): number[] {
  if (scheme === 'byte-level') {
    const out: number[] = [];
    for (const ch of token) {
      const b = UNICODE_TO_BYTE.get(ch);
      if (b === undefined) out.push(...ENCODER.encode(ch));
      else out.push(b);
    }
    return out;
  }
  if (scheme === 'sentencepiece') {
    const m = /^<0x([0-9A-Fa-f]{2})>$/.exec(token);
    if (m) return [parseInt(m[1] as string, 16)];
    return [...ENCODER.encode(token.replaceAll('\u2581', ' '))];
  }
  return [...ENCODER.encode(token)];
}

/** Minimal shape of a tokenizer.json decoder section. */
export interface DecoderJson {
  type?: string;
  decoders?: DecoderJson[];
  pattern?: { String?: string };
  content?: string;
}

/** All decoder steps of a (possibly nested `Sequence`) decoder section. */
function flatten(decoder: DecoderJson | null | undefined): DecoderJson[] {
  if (!decoder) return [];
  if (decoder.type === 'Sequence') return (decoder.decoders ?? []).flatMap(flatten);
  return [decoder];
}

/**
 * Which scheme a tokenizer uses, read from the `decoder` section of its tokenizer.json:
 * `ByteLevel` → byte-level; `ByteFallback`, `Metaspace` or a `▁`→space replacement →
 * sentencepiece; anything else → plain UTF-8.
 */
export function detectScheme(tokenizerJson: { decoder?: DecoderJson | null } | null | undefined): TokenScheme {
  const steps = flatten(tokenizerJson?.decoder);
  if (steps.some((d) => d.type === 'ByteLevel')) return 'byte-level';
  if (
    steps.some(
      (d) => d.type === 'ByteFallback' || d.type === 'Metaspace' || (d.type === 'Replace' && d.pattern?.String === '\u2581'),
    )
  ) {
    return 'sentencepiece';
  }
  return 'plain';
}
