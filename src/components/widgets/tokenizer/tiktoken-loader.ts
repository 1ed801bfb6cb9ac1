/**
 * Loads a tiktoken vocabulary in the browser on demand. Each rank file (1.1 MB for
 * cl100k_base, 2.3 MB for o200k_base) is a separate chunk that is fetched only when the
 * playground first needs that tokenizer; the rank list is parsed in slices of a few milliseconds, so
 * typing stays smooth meanwhile, and the encoder is kept for the page’s lifetime.
 */
import { TiktokenEncoder } from '../../../lib/tokenize/tiktoken-encoder';

/** The tiktoken vocabularies the playground offers. */
export type TiktokenName = 'cl100k_base' | 'o200k_base';

const importers: Record<TiktokenName, () => Promise<{ default: ConstructorParameters<typeof TiktokenEncoder>[0] }>> = {
  cl100k_base: () => import('js-tiktoken/ranks/cl100k_base'),
  o200k_base: () => import('js-tiktoken/ranks/o200k_base'),
};

const cache = new Map<TiktokenName, Promise<TiktokenEncoder>>();

/** The encoder for `name` (downloaded and parsed on the first call). */
export function loadTiktoken(name: TiktokenName): Promise<TiktokenEncoder> {
  let p = cache.get(name);
  if (!p) {
    p = importers[name]().then((m) => TiktokenEncoder.parseInSlices(m.default));
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}
