import { describe, expect, it } from 'vitest';
import { boundCorpus, CorpusError, MAX_CORPUS_CHARS, prepareCorpus } from '../../src/lib/train/corpus';
import { joinTokens, normalizeSpaces, splitCharacters, splitWords, tokenize } from '../../src/lib/train/tokenizers';
import { buildVocabulary, decode, encode, UNKNOWN_ID, UNKNOWN_TOKEN } from '../../src/lib/train/vocabulary';
import { TOY_CORPUS } from '../../src/lib/train/corpora';

describe('tokenizers', () => {
  it('words: lowercased words, punctuation marks as their own tokens', () => {
    expect(splitWords(TOY_CORPUS)).toEqual(['the', 'good', ',', 'the', 'bad', 'and', 'the', 'ugly']);
    expect(splitWords('Alice drank WATER.')).toEqual(['alice', 'drank', 'water', '.']);
    expect(splitWords('"Oh dear!" she said -- twice.')).toEqual(['"', 'oh', 'dear', '!', '"', 'she', 'said', '-', '-', 'twice', '.']);
  });

  it('words keep apostrophes inside words and handle non-ASCII letters', () => {
    expect(splitWords("I don't care, it's Alice's.")).toEqual(['i', "don't", 'care', ',', "it's", "alice's", '.']);
    expect(splitWords('Café naïve 42')).toEqual(['café', 'naïve', '42']);
  });

  it('characters: one token per code point, spaces included, whitespace runs collapsed', () => {
    expect(splitCharacters('ab c')).toEqual(['a', 'b', ' ', 'c']);
    expect(splitCharacters('  a\n\n\tb  ')).toEqual(['a', ' ', 'b']);
    expect(splitCharacters('a😀b')).toEqual(['a', '😀', 'b']);
    expect(tokenize('Hi!', 'chars')).toEqual(['H', 'i', '!']);
  });

  it('normalizeSpaces collapses and trims', () => {
    expect(normalizeSpaces(' a \n b\t\tc ')).toBe('a b c');
    expect(normalizeSpaces('   ')).toBe('');
  });

  it('joinTokens writes words back readably and characters back exactly', () => {
    expect(joinTokens(splitWords(TOY_CORPUS), 'words')).toBe(TOY_CORPUS);
    expect(joinTokens(['(', 'well', ')', 'yes', '!'], 'words')).toBe('(well) yes!');
    expect(joinTokens(splitCharacters('the cat, sat'), 'chars')).toBe('the cat, sat');
  });
});

describe('vocabulary', () => {
  it('puts <unk> at id 0, then tokens in order of first appearance', () => {
    const v = buildVocabulary(splitWords(TOY_CORPUS));
    expect(v.tokens).toEqual([UNKNOWN_TOKEN, 'the', 'good', ',', 'bad', 'and', 'ugly']);
    expect(v.droppedTypes).toBe(0);
  });

  it('maps unknown tokens to <unk> and decodes ids back', () => {
    const v = buildVocabulary(['a', 'b', 'a']);
    expect(Array.from(encode(v, ['b', 'z', 'a']))).toEqual([2, UNKNOWN_ID, 1]);
    expect(decode(v, [1, 2, 0])).toEqual(['a', 'b', UNKNOWN_TOKEN]);
    expect(() => decode(v, [3])).toThrow(RangeError);
  });

  it('a cap keeps the most frequent tokens (ties: first seen) and drops the rest to <unk>', () => {
    const v = buildVocabulary(['x', 'a', 'b', 'b', 'c', 'c', 'c', 'y'], 3);
    expect(v.tokens).toEqual([UNKNOWN_TOKEN, 'b', 'c']);
    expect(v.droppedTypes).toBe(3);
    const w = buildVocabulary(['x', 'a', 'y'], 3);
    expect(w.tokens).toEqual([UNKNOWN_TOKEN, 'x', 'a']);
  });

  it('a literal "<unk>" in the text is the unknown token, not a second entry', () => {
    expect(buildVocabulary(['a', UNKNOWN_TOKEN, 'b']).tokens).toEqual([UNKNOWN_TOKEN, 'a', 'b']);
  });
});

describe('training corpus', () => {
  it('rejects an empty text and a whitespace-only text', () => {
    for (const text of ['', '   \n\t ']) {
      const err = (() => {
        try {
          prepareCorpus(text, 'words');
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(CorpusError);
      expect((err as CorpusError).code).toBe('empty');
      expect((err as CorpusError).message).toMatch(/empty/);
    }
    // Punctuation-free but non-space text is not empty.
    expect(prepareCorpus('ab', 'chars').ids.length).toBe(2);
  });

  it('rejects a one-token text with a message about pairs', () => {
    expect(() => prepareCorpus('hello', 'words')).toThrow(/single token/);
    expect(() => prepareCorpus(' x ', 'chars')).toThrow(CorpusError);
    expect(prepareCorpus('hello world', 'words').ids.length).toBe(2);
  });

  it('bounds a huge paste to its first MAX_CORPUS_CHARS characters and says so', () => {
    const huge = 'abc '.repeat(15_000); // 60,000 characters
    const c = prepareCorpus(huge, 'chars');
    expect(c.truncated).toBe(true);
    expect(c.originalLength).toBe(60_000);
    expect(c.usedLength).toBe(MAX_CORPUS_CHARS);
    // 20,000 characters of "abc " with the trailing space trimmed away by normalisation
    expect(c.ids.length).toBe(MAX_CORPUS_CHARS - 1);
    const small = prepareCorpus('abc abc', 'chars');
    expect(small.truncated).toBe(false);
    expect(small.usedLength).toBe(7);
  });

  it('never cuts a character made of two UTF-16 units in half', () => {
    const b = boundCorpus('ab😀cd', 3);
    expect(b.text).toBe('ab');
    expect(b.truncated).toBe(true);
    expect(boundCorpus('ab😀cd', 4).text).toBe('ab😀');
    expect(() => boundCorpus('abc', 0)).toThrow(RangeError);
  });

  it('caps the vocabulary of a word corpus with many distinct words', () => {
    const words = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');
    const c = prepareCorpus(words, 'words', { maxChars: 100_000 });
    expect(c.vocab.tokens.length).toBe(1000);
    expect(c.vocab.droppedTypes).toBe(501);
    expect(Array.from(c.ids).filter((id) => id === UNKNOWN_ID).length).toBe(501);
  });
});
