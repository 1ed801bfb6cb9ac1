import { describe, expect, it } from 'vitest';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { TiktokenEncoder } from '../../src/lib/tokenize/tiktoken-encoder';
import { bytePairMerge } from '../../src/lib/tokenize/byte-pair-merge';

const TEXTS = [
  'a fearsome dragon',
  'The cat sat on the mat.',
  'antidisestablishmentarianism and doomscrolling',
  'Emoji: 👩‍👩‍👧 🐉🔥 ✅!',
  '日本語のテキストと中文文本',
  'مرحبا بالعالم — שלום עולם',
  'zero\u200Bwidth\u200Djoiner\uFEFF here',
  '<script>alert(1)</script> <img src=x onerror=alert(1)>',
  "I'm sure they'll say it's 12345678 dollars;\n\n\tindented\r\nline  ",
  '<|endoftext|> is just text here',
  '',
];

describe('TiktokenEncoder equals js-tiktoken', () => {
  for (const [name, file] of [['cl100k_base', cl100k], ['o200k_base', o200k]] as const) {
    const ours = new TiktokenEncoder(file);
    const theirs = new Tiktoken(file);
    for (const text of TEXTS) {
      it(`${name}: ${JSON.stringify(text).slice(0, 40)}`, () => {
        const mine = ours.encode(text);
        const ref = theirs.encode(text, [], []);
        expect(mine).toEqual(ref);
        expect(mine.length).toBe(ref.length);
      });
    }
    it(`${name}: bytes of the tokens concatenate to the text`, () => {
      const text = TEXTS.join(' ');
      const bytes = ours.encodeWithBytes(text).flatMap((t) => t.bytes);
      expect(new TextDecoder().decode(new Uint8Array(bytes))).toBe(text);
    });
    it(`${name}: a 1,500-letter run equals js-tiktoken (long piece, both algorithms)`, () => {
      const text = 'ab'.repeat(400) + 'xyz'.repeat(233);
      expect(ours.encode(text)).toEqual(theirs.encode(text, [], []));
    });
    it(`${name}: 10,000 letters and 10,000 CJK characters encode without error`, () => {
      const a = ours.encode('a'.repeat(10_000));
      const cjk = ours.encode('語'.repeat(10_000));
      expect(a.length).toBeGreaterThan(0);
      expect(cjk.length).toBeGreaterThan(0);
    });
    it(`${name}: parsed in slices, the encoder is the same, and the page got a turn between slices`, async () => {
      let turns = 0;
      const sliced = await TiktokenEncoder.parseInSlices(file, async () => {
        turns++;
      });
      expect(sliced.size).toBe(ours.size);
      expect(turns).toBeGreaterThanOrEqual(Math.floor(ours.size / 4096));
      const text = TEXTS.join(' ');
      expect(sliced.encode(text)).toEqual(ours.encode(text));
    });
  }
});

describe('bytePairMerge', () => {
  it('picks the lowest rank, leftmost on ties', () => {
    const s = 'aaaa';
    const ranks = new Map([['aa', 0]]);
    const b = bytePairMerge(s.length, (i, j) => ranks.get(s.slice(i, j)));
    expect(b).toEqual([0, 2, 4]);
    const s2 = 'abc';
    const r2 = new Map([['bc', 0], ['ab', 1], ['abc', 2]]);
    expect(bytePairMerge(3, (i, j) => r2.get(s2.slice(i, j)))).toEqual([0, 3]); // b+c first (rank 0), then a+bc (rank 2)
    expect(bytePairMerge(0, () => undefined)).toEqual([0]);
    expect(bytePairMerge(1, () => undefined)).toEqual([0, 1]);
  });
  it('looks up O(n log n) pairs, not O(n²): a 10,000-byte run of one letter', () => {
    // Runs of 'a' of every power-of-two length up to 16 are tokens, as in real vocabularies.
    const ranks = new Map([2, 4, 8, 16].map((len, r) => ['a'.repeat(len), r]));
    let lookups = 0;
    const n = 10_000;
    const bounds = bytePairMerge(n, (i, j) => {
      lookups++;
      return ranks.get('a'.repeat(j - i));
    });
    expect(bounds[bounds.length - 1]).toBe(n);
    expect(bounds.length - 1).toBe(n / 16);
    // A quadratic merge would re-scan every pair after each of its ~n merges: ~n²/2 = 5·10⁷.
    expect(lookups).toBeLessThan(10 * n);
  });
});
