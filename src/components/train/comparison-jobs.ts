/**
 * The model comparison's requests: scoring the sentence and running the word-order test with
 * the reader's models (training worker) and the embedded transformer (model worker). The
 * arithmetic on their answers is in src/lib/train/comparison.ts.
 */
import { getModelClient } from '../../lib/lm/client';
import { getTrainingClient } from '../../lib/train/client';
import { orderRowTrained, orderRowTransformer, rowFromTextScore, rowFromTransformer, type OrderRow, type RowScore } from '../../lib/train/comparison';
import type { ModelKind } from '../../lib/train/model';
import type { SlotState } from '../../lib/train/slot-state';
import type { TokenizerKind } from '../../lib/train/tokenizers';
import { formatCount } from './format';

/** A model the table can compare: the reader's two models, or the embedded transformer. */
export type ComparedModel = ModelKind | 'transformer';

/** A table cell's request: not asked, running, answered or failed. */
export type Cell<T> = { state: 'idle' } | { state: 'busy' } | { state: 'done'; value: T } | { state: 'error'; message: string };

/** Every model, in the default order. */
export const ALL_MODELS: ComparedModel[] = ['bigram', 'average', 'transformer'];

/** How many next tokens of the transformer the word-order test compares. */
export const TRANSFORMER_TOP_K = 20;

/** The `models` prop (a list, or a comma-separated string) as a list of known models. */
export function modelList(models: ComparedModel[] | string | undefined): ComparedModel[] {
  if (models === undefined) return ALL_MODELS;
  const list = typeof models === 'string' ? models.split(',').map((m) => m.trim()) : models;
  return list.filter((m): m is ComparedModel => (ALL_MODELS as string[]).includes(m));
}

/** The name of a model in the tables. */
export function modelName(m: ComparedModel): string {
  return m === 'transformer' ? 'Transformer' : m === 'bigram' ? 'Your bigram model' : 'Your context-averaging model';
}

/** A message for a failed request. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** "Trained on …" for a slot, or what to do when it is empty. */
export function trainedOn(slot: SlotState): string {
  const s = slot.summary;
  if (!s) return slot.phase === 'running' ? 'starting…' : 'not trained yet';
  const tok = s.tokenizer === 'chars' ? 'characters' : 'words';
  const where = slot.phase === 'running' ? `training, step ${formatCount(slot.step)} of ${formatCount(slot.targetStep)}` : `${formatCount(slot.step)} steps`;
  return `${s.corpusLabel}, ${tok}, |V| = ${formatCount(s.vocab.length)}, ${where}`;
}

/** Scores the sentence with the shared transformer (`key`: a newer request supersedes this one). */
export async function scoreWithTransformer(text: string, key: string): Promise<RowScore> {
  const r = await getModelClient().score({ text }, 1, { supersede: key });
  return rowFromTransformer(r.tokens);
}

/** Scores the sentence with one of the reader's models. */
export async function scoreWithTrained(slot: ModelKind, text: string, tokenizer: TokenizerKind): Promise<RowScore> {
  return rowFromTextScore(text, await getTrainingClient().score(slot, text), tokenizer);
}

/** The word-order test for a reader's model. */
export async function orderTestTrained(slot: ModelKind, a: string, b: string, vocab: readonly string[]): Promise<OrderRow> {
  const client = getTrainingClient();
  const [pa, pb, sa, sb] = await Promise.all([client.predict(slot, a), client.predict(slot, b), client.score(slot, a), client.score(slot, b)]);
  return orderRowTrained({ ...pa, totalBits: sa.totalBits }, { ...pb, totalBits: sb.totalBits }, vocab);
}

/** The word-order test for the transformer (its top-k next tokens after each sentence). */
export async function orderTestTransformer(a: string, b: string): Promise<OrderRow> {
  const lm = getModelClient();
  const na = await lm.next({ text: a }, TRANSFORMER_TOP_K);
  const nb = await lm.next({ text: b }, TRANSFORMER_TOP_K);
  const sa = await lm.score({ text: a }, 1);
  const sb = await lm.score({ text: b }, 1);
  const lps = (s: typeof sa) => s.tokens.map((t) => t.logprob);
  return orderRowTransformer(na.top, nb.top, lps(sa), lps(sb));
}
