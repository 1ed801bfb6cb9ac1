/** Token bytes under each vocabulary scheme, and byte-accurate text pieces. */
import { describe, expect, it } from 'vitest';
import { detectScheme, tokenBytes } from '../../src/lib/lm/token-bytes';
import { assignPieces, decodeUtf8Chars, Utf8Stream } from '../../src/lib/lm/token-pieces';

const utf8 = (s: string) => [...new TextEncoder().encode(s)];

describe('tokenBytes', () => {
  it('undoes GPT-2 byte-level symbols (Ġ is a space, Ċ a newline, Ã© the two bytes of é)', () => {
    expect(tokenBytes('Ġthe', 'byte-level')).toEqual(utf8(' the'));
    expect(tokenBytes('Ċ', 'byte-level')).toEqual([10]);
    expect(tokenBytes('Ã©', 'byte-level')).toEqual(utf8('é'));
    expect(tokenBytes('ðŁĻ', 'byte-level')).toEqual(utf8('🙂').slice(0, 3));
  });
  it('reads SentencePiece spaces and byte-fallback tokens', () => {
    expect(tokenBytes('▁the', 'sentencepiece')).toEqual(utf8(' the'));
    expect(tokenBytes('<0x0A>', 'sentencepiece')).toEqual([10]);
    expect(tokenBytes('é', 'plain')).toEqual(utf8('é'));
  });
  it('detects the scheme from a tokenizer.json decoder section', () => {
    expect(detectScheme({ decoder: { type: 'ByteLevel' } })).toBe('byte-level');
    expect(detectScheme({ decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }] } })).toBe('sentencepiece');
    expect(detectScheme({ decoder: null })).toBe('plain');
    expect(detectScheme(undefined)).toBe('plain');
  });
});

describe('assignPieces', () => {
  it('gives a character split over two tokens to the token holding its first byte', () => {
    const smile = utf8('🙂'); // 4 bytes
    const pieces = assignPieces([
      { id: 1, token: 'a', bytes: utf8(' a'), special: false },
      { id: 2, token: 'x', bytes: smile.slice(0, 2), special: false },
      { id: 3, token: 'y', bytes: [...smile.slice(2), ...utf8('!')], special: false },
    ]);
    expect(pieces.map((p) => p.text)).toEqual([' a', '🙂', '!']);
    expect(pieces.map((p) => [p.start, p.end])).toEqual([[0, 2], [2, 4], [4, 5]]);
    expect(pieces.map((p) => p.text).join('')).toBe(' a🙂!');
  });
  it('shows an unfinished character as U+FFFD instead of dropping it', () => {
    const pieces = assignPieces([{ id: 1, token: 'x', bytes: utf8('é').slice(0, 1), special: false }]);
    expect(pieces[0]!.text).toBe('\ufffd');
  });
  it('decodes like TextDecoder for valid text', () => {
    const s = 'naïve café — Zürich 🙂 日本';
    expect(decodeUtf8Chars(utf8(s)).map((c) => c.text).join('')).toBe(s);
  });
  it('streams characters only once they are complete', () => {
    const st = new Utf8Stream();
    const b = utf8('é!');
    expect(st.push(b.slice(0, 1))).toBe('');
    expect(st.push(b.slice(1))).toBe('é!');
    expect(st.flush()).toBe('');
  });
});
