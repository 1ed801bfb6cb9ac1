import { describe, expect, it } from 'vitest';
import { END_TOKEN_STRINGS, isEndToken } from '../../src/lib/lm/end-tokens';

describe('end tokens', () => {
  it('lists the end-of-turn and end-of-document tokens of the common chat vocabularies', () => {
    for (const t of ['<|endoftext|>', '<|end|>', '<|im_end|>', '<end_of_turn>', '<eos>', '</s>']) expect(END_TOKEN_STRINGS).toContain(t);
  });
  it('a token ends generation by its string or by its id being an eos id', () => {
    expect(isEndToken('<|end|>', 5, [])).toBe(true);
    expect(isEndToken('<|custom_stop|>', 7, [3, 7])).toBe(true);
    expect(isEndToken('end', 8, [3, 7])).toBe(false);
    expect(isEndToken('<|user|>', 2, [0])).toBe(false);
  });
});
