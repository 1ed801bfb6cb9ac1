/**
 * The vocabulary V: a fixed list of token strings, each with an integer id. Id 0 is always the
 * unknown token `<unk>`, which stands for any token that is not in the list (a word the training
 * text never used, or a rare word left out to keep V small).
 */

/** The string of the unknown token. */
export const UNKNOWN_TOKEN = '<unk>';

/** Id of the unknown token in every vocabulary. */
export const UNKNOWN_ID = 0;

/** A vocabulary: `tokens[id]` is the string of token `id`; `ids` maps strings back to ids. */
export interface Vocabulary {
  /** Token strings by id; `tokens[0]` is `<unk>`. Its length is |V|. */
  readonly tokens: readonly string[];
  /** Id of every known token string. */
  readonly ids: ReadonlyMap<string, number>;
  /** How many distinct training tokens were mapped to `<unk>` because V was capped. */
  readonly droppedTypes: number;
}

/**
 * Builds a vocabulary from training tokens: `<unk>` first, then every distinct token in order of
 * first appearance ("the good, the bad" → <unk>, the, good, ",", bad). With `maxSize`, only the
 * `maxSize − 1` most frequent tokens are kept (ties: earlier first appearance wins) and the rest
 * map to `<unk>`; the kept ones still appear in order of first appearance.
 */
export function buildVocabulary(trainingTokens: readonly string[], maxSize = Infinity): Vocabulary {
  if (!(maxSize >= 2)) throw new RangeError(`buildVocabulary: maxSize must be at least 2 (got ${maxSize})`);
  const counts = new Map<string, number>();
  for (const t of trainingTokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  counts.delete(UNKNOWN_TOKEN); // a literal "<unk>" in the text is the unknown token anyway
  let kept = [...counts.keys()]; // Map keys keep insertion order = order of first appearance
  let droppedTypes = 0;
  if (kept.length > maxSize - 1) {
    const order = new Map(kept.map((t, i) => [t, i]));
    const byCount = kept.slice().sort((a, b) => (counts.get(b) as number) - (counts.get(a) as number) || (order.get(a) as number) - (order.get(b) as number));
    const keep = new Set(byCount.slice(0, maxSize - 1));
    droppedTypes = kept.length - keep.size;
    kept = kept.filter((t) => keep.has(t));
  }
  const tokens = [UNKNOWN_TOKEN, ...kept];
  return { tokens, ids: new Map(tokens.map((t, i) => [t, i])), droppedTypes };
}

/** The id of each token; tokens not in the vocabulary become `<unk>` (id 0). */
export function encode(vocab: Vocabulary, tokens: readonly string[]): Int32Array {
  const ids = new Int32Array(tokens.length);
  tokens.forEach((t, i) => {
    ids[i] = vocab.ids.get(t) ?? UNKNOWN_ID;
  });
  return ids;
}

/** The token string of each id. Throws RangeError for an id outside 0…|V|−1. */
export function decode(vocab: Vocabulary, ids: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const t = vocab.tokens[ids[i] as number];
    if (t === undefined) throw new RangeError(`decode: id ${ids[i]} is not in the vocabulary of ${vocab.tokens.length} tokens`);
    out.push(t);
  }
  return out;
}
