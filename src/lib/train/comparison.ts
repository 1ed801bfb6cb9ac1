/**
 * The arithmetic of the model comparison (src/components/train/ModelComparison.tsx): one
 * held-out sentence scored by the reader's models and the embedded transformer, in bits per
 * token, perplexity and bits per character, which of them did best, and the word-order test.
 *
 * What is compared, and why some rows are not ranked: bits per character (total bits ÷ the
 * characters a model predicts) puts models with different tokenizers on one scale, but only
 * when each model scores the sentence's own tokens. A reader's model reads every word it never
 * saw as the one token `<unk>`, and then scores "some unseen word", an event far likelier than
 * the word itself (a bigram that knows none of the words can even look best). So a model with an
 * unknown token in the sentence is shown but not ranked; the best is the lowest bits per
 * character among the models that know every token. The transformer's byte-level BPE has no
 * unknown tokens.
 */
import { compareDistributions } from './distribution-distance';
import { normalizeSpaces, type TokenizerKind } from './tokenizers';
import type { TextScore } from './scoring';

/** One model's score of the sentence, in the units of the table. */
export interface RowScore {
  /** Tokens with their surprise (null: context only) and whether the model knew them. */
  tokens: { text: string; bits: number | null; unknown: boolean }[];
  /** Number of scored tokens. */
  scored: number;
  /** Σ bits of the scored tokens. */
  totalBits: number;
  /** Bits per scored token. */
  bitsPerToken: number;
  /** 2^bitsPerToken. */
  perplexity: number;
  /** Characters predicted (Unicode code points of the text the scored tokens cover). */
  characters: number;
  /** totalBits / characters, or null when no character is predicted. */
  bitsPerCharacter: number | null;
  /** Tokens of the sentence the model did not know (read as `<unk>`); 0 for the transformer. */
  unknown: number;
  /** How the tokens were made. */
  tokenizer: TokenizerKind | 'bpe';
}

/** Number of characters (code points, so an emoji is one) of a string. */
export function characterCount(s: string): number {
  return [...s].length;
}

/**
 * A reader's model's score in table units. Its first token is context only, so the characters
 * predicted are those of the (space-normalised) sentence after the first token.
 */
export function rowFromTextScore(text: string, s: TextScore, tokenizer: TokenizerKind): RowScore {
  const first = s.tokens[0]?.token ?? '';
  const characters = Math.max(0, characterCount(normalizeSpaces(text)) - characterCount(first));
  return {
    tokens: s.tokens.map((t) => ({ text: t.token, bits: t.bits, unknown: t.unknown })),
    scored: s.scored,
    totalBits: s.totalBits,
    bitsPerToken: s.bitsPerToken,
    perplexity: s.perplexity,
    characters,
    bitsPerCharacter: characters > 0 ? s.totalBits / characters : null,
    unknown: s.unknownCount,
    tokenizer,
  };
}

/**
 * The transformer's score in table units, from its tokens and their natural log-probabilities
 * (every token is predicted, the first one after the end-of-text token).
 */
export function rowFromTransformer(tokens: readonly { text: string; logprob: number }[]): RowScore {
  let totalNats = 0;
  for (const t of tokens) totalNats -= t.logprob;
  const totalBits = totalNats / Math.LN2 + 0; // + 0 turns −0 into 0
  const rows = tokens.map((t) => ({ text: t.text, bits: -t.logprob / Math.LN2 + 0, unknown: false }));
  const scored = tokens.length;
  const bitsPerToken = scored > 0 ? totalBits / scored : 0;
  const characters = tokens.reduce((n, t) => n + characterCount(t.text), 0);
  return {
    tokens: rows,
    scored,
    totalBits,
    bitsPerToken,
    perplexity: 2 ** bitsPerToken,
    characters,
    bitsPerCharacter: characters > 0 ? totalBits / characters : null,
    unknown: 0,
    tokenizer: 'bpe',
  };
}

/** Whether a row can be ranked: it knows every token of the sentence and predicts a character. */
export function isRankable(row: RowScore): boolean {
  return row.unknown === 0 && row.bitsPerCharacter !== null;
}

/** The outcome of a comparison. */
export interface ComparisonVerdict<M extends string> {
  /** The model with the fewest bits per character among the rankable ones (null: none). */
  best: M | null;
  /** Its bits per character. */
  bestBitsPerCharacter: number | null;
  /** Models left out of the ranking because the sentence has tokens they do not know. */
  notRanked: { model: M; unknown: number; tokens: number }[];
}

/** Which model did best on the sentence, leaving out the models with unknown tokens. */
export function comparisonVerdict<M extends string>(rows: readonly (readonly [M, RowScore])[]): ComparisonVerdict<M> {
  let best: M | null = null;
  let bestBitsPerCharacter: number | null = null;
  const notRanked: ComparisonVerdict<M>['notRanked'] = [];
  for (const [model, row] of rows) {
    if (!isRankable(row)) {
      if (row.unknown > 0) notRanked.push({ model, unknown: row.unknown, tokens: row.tokens.length });
      continue;
    }
    const bpc = row.bitsPerCharacter as number;
    if (bestBitsPerCharacter === null || bpc < bestBitsPerCharacter) {
      best = model;
      bestBitsPerCharacter = bpc;
    }
  }
  return { best, bestBitsPerCharacter, notRanked };
}

/**
 * Bits per token of a uniform guess over a vocabulary of `size` tokens: log₂ size. A model above
 * it does worse on the sentence than not learning at all.
 */
export function uniformBitsPerToken(size: number): number {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`uniformBitsPerToken: need a whole vocabulary size ≥ 1 (got ${size})`);
  return Math.log2(size);
}

/** A row of the word-order test. */
export interface OrderRow {
  /** Largest change in any next-token probability between the two contexts. */
  maxDiff: number;
  /** For the transformer: compared only over its top-k lists; tokens in one list only. */
  onlyInOneList: number;
  /** Total bits of sentence A. */
  bitsA: number;
  /** Total bits of sentence B. */
  bitsB: number;
  /** Tokens of the sentences that the model did not know. */
  unknown: string[];
  /** The most likely next token after A, with its probability. */
  topA: { token: string; p: number } | null;
  /** The most likely next token after B, with its probability. */
  topB: { token: string; p: number } | null;
}

/** Differences below this are rounding noise (sums of the same vectors added in another order). */
export const SAME = 1e-9;

/** Whether a model's next-token predictions after A and after B are the same (up to rounding). */
export function samePrediction(row: OrderRow): boolean {
  return row.maxDiff < SAME && row.onlyInOneList === 0;
}

/** The most likely token of a full distribution (the first on ties) and its probability. */
export function topToken(probs: ArrayLike<number>, vocab: readonly string[]): { token: string; p: number } | null {
  if (probs.length === 0) return null;
  let best = 0;
  for (let i = 1; i < probs.length; i++) if ((probs[i] as number) > (probs[best] as number)) best = i;
  return { token: vocab[best] ?? '?', p: probs[best] as number };
}

/** What a reader's model says about one sentence of the word-order test. */
export interface TrainedOrderInput {
  /** Next-token distribution after the whole sentence (over the model's vocabulary). */
  probs: ArrayLike<number>;
  /** The sentence's context tokens and whether each was unknown. */
  contextTokens: readonly string[];
  unknown: readonly boolean[];
  /** Total bits of the sentence. */
  totalBits: number;
}

/** The word-order test row of a reader's model: full distributions over the same vocabulary. */
export function orderRowTrained(a: TrainedOrderInput, b: TrainedOrderInput, vocab: readonly string[]): OrderRow {
  const unknownOf = (s: TrainedOrderInput) => s.contextTokens.filter((_, i) => s.unknown[i]);
  return {
    maxDiff: compareDistributions(a.probs, b.probs).maxAbsDifference,
    onlyInOneList: 0,
    bitsA: a.totalBits,
    bitsB: b.totalBits,
    unknown: [...new Set([...unknownOf(a), ...unknownOf(b)])],
    topA: topToken(a.probs, vocab),
    topB: topToken(b.probs, vocab),
  };
}

/** A next-token candidate of the transformer. */
export interface Candidate {
  id: number;
  text: string;
  p: number;
}

/**
 * The word-order test row of the transformer, which gives only its top-k next tokens after each
 * sentence: the largest change over the tokens in both lists, and how many are in one list only.
 * `logprobsA`/`logprobsB` are the natural log-probabilities of the sentences' tokens.
 */
export function orderRowTransformer(
  topA: readonly Candidate[],
  topB: readonly Candidate[],
  logprobsA: readonly number[],
  logprobsB: readonly number[],
): OrderRow {
  const pa = new Map(topA.map((c) => [c.id, c.p]));
  const pb = new Map(topB.map((c) => [c.id, c.p]));
  let maxDiff = 0;
  for (const [id, p] of pa) {
    const q = pb.get(id);
    if (q !== undefined) maxDiff = Math.max(maxDiff, Math.abs(p - q));
  }
  const onlyInOneList = [...pa.keys()].filter((id) => !pb.has(id)).length + [...pb.keys()].filter((id) => !pa.has(id)).length;
  const bits = (lps: readonly number[]) => lps.reduce((s, lp) => s - lp / Math.LN2, 0) + 0;
  const first = (l: readonly Candidate[]) => (l[0] ? { token: l[0].text, p: l[0].p } : null);
  return { maxDiff, onlyInOneList, bitsA: bits(logprobsA), bitsB: bits(logprobsB), unknown: [], topA: first(topA), topB: first(topB) };
}
