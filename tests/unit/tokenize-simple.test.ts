import { describe, expect, it } from 'vitest';
import { characterCount, characterTokens, wordTokens } from '../../src/lib/tokenize/simple-tokenizers';

describe('characterTokens', () => {
  it('one token per code point, id = code point, positions cover the text', () => {
    const text = 'a 🐉\n';
    const t = characterTokens(text);
    expect(t.map((x) => x.text)).toEqual(['a', ' ', '🐉', '\n']);
    expect(t.map((x) => x.id)).toEqual([97, 32, 0x1f409, 10]);
    expect(t.map((x) => text.slice(x.start, x.end)).join('')).toBe(text);
    expect(characterCount(text)).toBe(4);
    expect(characterCount('')).toBe(0);
  });
});

describe('wordTokens', () => {
  it('words, single punctuation marks, whitespace dropped, ids by first appearance', () => {
    const t = wordTokens("The cat, the cat's mat!");
    expect(t.map((x) => x.text)).toEqual(['The', 'cat', ',', 'the', "cat's", 'mat', '!']);
    expect(t.map((x) => x.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(wordTokens('a b a').map((x) => x.id)).toEqual([0, 1, 0]);
  });
  it('handles empty, CJK and RTL text', () => {
    expect(wordTokens('')).toEqual([]);
    expect(wordTokens('   ')).toEqual([]);
    expect(wordTokens('שלום עולם').map((x) => x.text)).toEqual(['שלום', 'עולם']);
    const text = '<script>x</script>';
    expect(wordTokens(text).map((x) => x.text).join('')).toBe('<script>x</script>');
  });
});
