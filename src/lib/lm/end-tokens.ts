/**
 * The tokens that end a turn or a document. The engine stops generating on them (with the
 * config's and tokenizer's eos ids), and the LM internals mark them in the next-token table.
 */

/** Vocabulary strings that end a turn or a document in common chat vocabularies. */
export const END_TOKEN_STRINGS: readonly string[] = ['<|endoftext|>', '<|end|>', '<|im_end|>', '<end_of_turn>', '<eos>', '</s>'];

/** Whether a token ends generation: its string is a known end token, or its id is one of the model's eos ids. */
export function isEndToken(token: string, id: number, eosIds: readonly number[]): boolean {
  return END_TOKEN_STRINGS.includes(token) || eosIds.includes(id);
}
