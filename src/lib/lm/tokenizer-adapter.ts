/**
 * Everything the engine needs from a transformers.js tokenizer beyond its documented API, in
 * one place. transformers.js keeps the vocabulary's id ↔ string tables in a private field
 * (`_tokenizer`, the @huggingface/tokenizers object) and the raw tokenizer.json in another
 * (`_tokenizerJSON`); both can change in any release. So: the package is pinned to an exact
 * version in package.json, every private access goes through this module, each one checks the
 * shape it gets and fails loudly naming the version it was written for, and
 * tests/unit/lm-tokenizer-adapter.test.ts checks all of them against the installed package (it
 * fails on an upgrade until this file is checked again and `WRITTEN_FOR` is updated).
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { LmError } from './errors';

/** The transformers.js version this adapter was written and tested against (= package.json). */
export const WRITTEN_FOR = '4.3.1';

/** The private vocabulary object's methods used here (@huggingface/tokenizers `Tokenizer`). */
interface VocabTables {
  token_to_id(token: string): number | undefined;
  id_to_token(id: number): string | undefined;
}

function changed(what: string): LmError {
  return new LmError('internal', `The tokenizer library changed: ${what}. This site's adapter (src/lib/lm/tokenizer-adapter.ts) was written for @huggingface/transformers ${WRITTEN_FOR}.`);
}

/** The private vocabulary tables, checked. */
function tables(tokenizer: PreTrainedTokenizer): VocabTables {
  const t = (tokenizer as unknown as { _tokenizer?: Partial<VocabTables> })._tokenizer;
  if (!t || typeof t.token_to_id !== 'function' || typeof t.id_to_token !== 'function') {
    throw changed('PreTrainedTokenizer._tokenizer has no token_to_id / id_to_token');
  }
  return t as VocabTables;
}

/** The id of a vocabulary string (special tokens included), or undefined when it is not in the vocabulary. */
export function tokenToId(tokenizer: PreTrainedTokenizer, token: string): number | undefined {
  const id = tables(tokenizer).token_to_id(token);
  return typeof id === 'number' ? id : undefined;
}

/** The vocabulary string of an id, or undefined for an id the vocabulary does not name. */
export function idToToken(tokenizer: PreTrainedTokenizer, id: number): string | undefined {
  const s = tables(tokenizer).id_to_token(id);
  return typeof s === 'string' ? s : undefined;
}

/** The `decoder` section of the model's tokenizer.json (null when it has none). */
export function tokenizerDecoder(tokenizer: PreTrainedTokenizer): unknown {
  const json = (tokenizer as unknown as { _tokenizerJSON?: unknown })._tokenizerJSON;
  if (typeof json !== 'object' || json === null || !('model' in json)) {
    throw changed('PreTrainedTokenizer._tokenizerJSON is not the parsed tokenizer.json');
  }
  return (json as { decoder?: unknown }).decoder ?? null;
}
