import { describe, expect, it } from 'vitest';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { TiktokenEncoder } from '../../src/lib/tokenize/tiktoken-encoder';
import { charsPerToken, fromByteTokens, parseTokenizerList, visibleText } from '../../src/components/widgets/tokenizer/token-display';

describe('token display helpers', () => {
  it('makes whitespace and invisible characters visible', () => {
    expect(visibleText(' a\n\tb\r')).toBe('␣a↵⇥b␍');
    expect(visibleText('x\u200By\uFEFF')).toBe('x⟨U+200B⟩y⟨U+FEFF⟩');
    expect(visibleText('<script>')).toBe('<script>');
  });
  it('gives a character split over tokens to the token holding its first byte', () => {
    const enc = new TiktokenEncoder(cl100k);
    const text = 'dragon 🐉 日本語';
    const shown = fromByteTokens(enc.encodeWithBytes(text));
    expect(shown.map((t) => t.text).join('')).toBe(text);
    expect(shown.some((t) => t.text === '' && (t.bytes ?? 0) > 0)).toBe(true); // 🐉 spans tokens in cl100k
  });
  it('parses tokenizer lists and ratios', () => {
    expect(parseTokenizerList('words, nonsense,cl100k_base,words', [])).toEqual(['words', 'cl100k_base']);
    expect(parseTokenizerList(undefined, ['chars'])).toEqual(['chars']);
    expect(charsPerToken(17, 4)).toBe('4.25');
    expect(charsPerToken(0, 0)).toBe('—');
  });
});
