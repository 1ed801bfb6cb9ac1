/**
 * The model comparison's arithmetic (src/lib/train/comparison.ts). Every expectation is
 * computed here from the formula, on numbers chosen so the arithmetic can be done by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  characterCount,
  comparisonVerdict,
  orderRowTrained,
  orderRowTransformer,
  rowFromTextScore,
  rowFromTransformer,
  samePrediction,
  topToken,
  uniformBitsPerToken,
  type RowScore,
} from '../../src/lib/train/comparison';
import type { TextScore } from '../../src/lib/train/scoring';

/** A TextScore with the given per-token bits (the first token unscored). */
function textScore(tokens: string[], bits: number[], unknown: boolean[] = tokens.map(() => false)): TextScore {
  const total = bits.reduce((a, b) => a + b, 0);
  return {
    tokens: tokens.map((token, i) => ({
      token,
      id: i,
      unknown: unknown[i] ?? false,
      logprob: i === 0 ? null : -(bits[i - 1] ?? 0) * Math.LN2,
      bits: i === 0 ? null : (bits[i - 1] ?? 0),
    })),
    scored: bits.length,
    totalBits: total,
    bitsPerToken: total / bits.length,
    perplexity: 2 ** (total / bits.length),
    unknownCount: unknown.filter(Boolean).length,
  };
}

describe('rows of the table', () => {
  it('a reader’s model predicts the characters after its first token', () => {
    // Words "the cat sat": the first token "the" is context; "cat", " ", "sat"… predicted: 11 − 3 = 8 characters.
    const row = rowFromTextScore('the  cat sat', textScore(['the', 'cat', 'sat'], [2, 6]), 'words');
    expect(row.characters).toBe(8); // spaces collapsed first: "the cat sat" has 11 characters
    expect(row.totalBits).toBe(8);
    expect(row.bitsPerToken).toBe(4);
    expect(row.perplexity).toBe(16);
    expect(row.bitsPerCharacter).toBe(1);
    // Characters: first token "a" of "ab" is context, 1 character predicted with 3 bits.
    expect(rowFromTextScore('ab', textScore(['a', 'b'], [3]), 'chars').bitsPerCharacter).toBe(3);
  });
  it('the transformer predicts every token: bits = −ln p / ln 2, characters of all tokens', () => {
    // p = 1/2 and 1/8: 1 + 3 = 4 bits over "He" + " is" = 5 characters.
    const row = rowFromTransformer([
      { text: 'He', logprob: Math.log(1 / 2) },
      { text: ' is', logprob: Math.log(1 / 8) },
    ]);
    expect(row.totalBits).toBeCloseTo(4, 12);
    expect(row.tokens.map((t) => t.bits)).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
    expect(row.bitsPerToken).toBeCloseTo(2, 12);
    expect(row.perplexity).toBeCloseTo(4, 12);
    expect(row.characters).toBe(5);
    expect(row.bitsPerCharacter).toBeCloseTo(0.8, 12);
    expect(row.unknown).toBe(0);
  });
  it('counts characters as code points', () => {
    expect(characterCount('a😀b')).toBe(3);
  });
});

describe('the verdict', () => {
  const row = (bpc: number | null, unknown = 0, tokens = 7): RowScore => ({
    tokens: Array.from({ length: tokens }, () => ({ text: 'x', bits: 1, unknown: false })),
    scored: tokens - 1,
    totalBits: 1,
    bitsPerToken: 1,
    perplexity: 2,
    characters: bpc === null ? 0 : 10,
    bitsPerCharacter: bpc,
    unknown,
    tokenizer: 'words',
  });
  it('a model that knows none of the words does not win (review Part 2, item 9)', () => {
    // The review's numbers: the toy bigram, 7 of 7 unknown, 0.771 bits/char; the transformer 2.854.
    const v = comparisonVerdict([
      ['bigram', row(0.771, 7, 7)],
      ['transformer', row(2.854)],
    ]);
    expect(v.best).toBe('transformer');
    expect(v.bestBitsPerCharacter).toBe(2.854);
    expect(v.notRanked).toEqual([{ model: 'bigram', unknown: 7, tokens: 7 }]);
  });
  it('among models that know every token the lowest bits per character wins', () => {
    const v = comparisonVerdict([
      ['bigram', row(2.5)],
      ['average', row(2.1)],
      ['transformer', row(2.3)],
    ]);
    expect(v.best).toBe('average');
    expect(v.notRanked).toEqual([]);
  });
  it('one unknown token is enough to leave a model out; no rankable model, no winner', () => {
    const v = comparisonVerdict([
      ['bigram', row(1.0, 1)],
      ['average', row(null)],
    ]);
    expect(v.best).toBeNull();
    expect(v.bestBitsPerCharacter).toBeNull();
    expect(v.notRanked.map((n) => n.model)).toEqual(['bigram']);
  });
  it('a uniform guess over |V| tokens costs log₂|V| bits per token', () => {
    expect(uniformBitsPerToken(1)).toBe(0);
    expect(uniformBitsPerToken(8)).toBe(3);
    expect(uniformBitsPerToken(657)).toBeCloseTo(9.3597, 4); // the review's 9.36 bits
    expect(() => uniformBitsPerToken(0)).toThrow(RangeError);
  });
});

describe('the word-order test', () => {
  it('reader’s models: largest |p − q| over the whole vocabulary, top tokens, unknown context words', () => {
    const vocab = ['<unk>', 'a', 'b'];
    const r = orderRowTrained(
      { probs: [0.1, 0.6, 0.3], contextTokens: ['alice', 'zz'], unknown: [false, true], totalBits: 5 },
      { probs: [0.1, 0.2, 0.7], contextTokens: ['zz', 'alice'], unknown: [true, false], totalBits: 6 },
      vocab,
    );
    expect(r.maxDiff).toBeCloseTo(0.4, 12); // |0.6 − 0.2| = |0.3 − 0.7| = 0.4
    expect(r.topA).toEqual({ token: 'a', p: 0.6 });
    expect(r.topB).toEqual({ token: 'b', p: 0.7 });
    expect(r.unknown).toEqual(['zz']);
    expect([r.bitsA, r.bitsB]).toEqual([5, 6]);
    expect(samePrediction(r)).toBe(false);
    const same = orderRowTrained(
      { probs: [0.5, 0.5], contextTokens: [], unknown: [], totalBits: 1 },
      { probs: [0.5, 0.5], contextTokens: [], unknown: [], totalBits: 2 },
      vocab,
    );
    expect(samePrediction(same)).toBe(true);
  });
  it('transformer: compares the tokens in both top lists and counts those in one list only', () => {
    const r = orderRowTransformer(
      [
        { id: 1, text: ' the', p: 0.5 },
        { id: 2, text: ' a', p: 0.2 },
        { id: 3, text: ' x', p: 0.1 },
      ],
      [
        { id: 2, text: ' a', p: 0.45 },
        { id: 1, text: ' the', p: 0.4 },
        { id: 4, text: ' y', p: 0.05 },
      ],
      [Math.log(1 / 4), Math.log(1 / 2)], // 2 + 1 bits
      [Math.log(1 / 16)], // 4 bits
    );
    expect(r.maxDiff).toBeCloseTo(0.25, 12); // ' a': |0.2 − 0.45|; ' the': |0.5 − 0.4| = 0.1
    expect(r.onlyInOneList).toBe(2); // ' x' and ' y'
    expect(r.bitsA).toBeCloseTo(3, 12);
    expect(r.bitsB).toBeCloseTo(4, 12);
    expect(r.topA).toEqual({ token: ' the', p: 0.5 });
    expect(r.topB).toEqual({ token: ' a', p: 0.45 });
    expect(samePrediction(r)).toBe(false);
    // Identical lists: the same prediction.
    const l = [{ id: 1, text: 'a', p: 1 }];
    expect(samePrediction(orderRowTransformer(l, l, [], []))).toBe(true);
  });
  it('top token: the first on ties; none for an empty distribution', () => {
    expect(topToken([0.4, 0.4, 0.2], ['x', 'y', 'z'])).toEqual({ token: 'x', p: 0.4 });
    expect(topToken([], [])).toBeNull();
  });
});
