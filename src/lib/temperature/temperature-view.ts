/**
 * The "before and after" of reshaping one real next-token distribution with temperature, top-k
 * and top-p: for the most likely tokens, their plain probability (T = 1), their probability at
 * temperature T, whether they are kept, and their final, renormalised probability, plus how
 * much mass was kept (the number every kept probability is divided by).
 *
 * The reshaping itself is `reshape` from `lib/sampling/reshape`, the function the site's
 * sampler uses, so these numbers are exactly what generation samples from.
 */
import type { NextCandidate } from '../lm/protocol';
import { softmax } from '../math/softmax';
import { GREEDY_TEMPERATURE, reshape } from '../sampling/reshape';
import type { SamplingSettings } from '../sampling/reshape';
import { drawCounts } from './draw-counts';

/** A full next-token distribution as logits indexed by token id, with the tokens' texts. */
export interface FullDistribution {
  /** Logits (here: log-probabilities) by token id; −Infinity for tokens not listed. */
  logits: Float64Array;
  /** Token text by id ('' for tokens not listed). */
  texts: string[];
}

/** Turns the candidates of a `next` call (ideally the whole vocabulary) into logits by id. */
export function fullDistribution(candidates: readonly Pick<NextCandidate, 'id' | 'text' | 'logp'>[], vocabSize: number): FullDistribution {
  const logits = new Float64Array(vocabSize).fill(-Infinity);
  const texts = new Array<string>(vocabSize).fill('');
  for (const c of candidates) {
    logits[c.id] = c.logp;
    texts[c.id] = c.text;
  }
  return { logits, texts };
}

/** One token's row in the before/after table. */
export interface ReshapeRow {
  /** Token id. */
  id: number;
  /** Token text. */
  text: string;
  /** Plain probability (T = 1, nothing cut). */
  before: number;
  /** Probability at temperature T, before top-k/top-p cut anything (T = 0: 1 for the argmax, else 0). */
  atT: number;
  /** Whether top-k/top-p keep it. */
  kept: boolean;
  /** Final probability after cutting and renormalising (0 when cut). */
  after: number;
  /** How often it came up among the draws. */
  observed: number;
  /** How often it should come up on average: draws × after. */
  expected: number;
}

/** Everything the temperature figure shows. */
export interface TemperatureView {
  /** The settings used (T, k, p). */
  settings: SamplingSettings;
  /** Whether T is 0 (greedy: the argmax gets probability 1). */
  greedy: boolean;
  /** The most likely tokens (by plain probability), most likely first. */
  rows: ReshapeRow[];
  /** The same columns summed over every other token. */
  rest: { before: number; atT: number; after: number; observed: number; expected: number; kept: number };
  /** How many tokens are kept. */
  keptCount: number;
  /** Their total probability at temperature T before renormalising (each kept p is divided by it). */
  keptMass: number;
  /** Number of draws. */
  draws: number;
  /** Seed of the draws. */
  seed: number;
  /** The first few drawn tokens' texts, in order. */
  firstDraws: string[];
}

/** How many drawn tokens `firstDraws` lists. */
export const FIRST_DRAWS_SHOWN = 12;

/**
 * Reshapes `dist` with `settings`, draws `draws` tokens with a generator seeded by `seed`, and
 * lists the `rowCount` most likely tokens (plus an "everything else" summary).
 */
export function temperatureView(
  dist: FullDistribution,
  settings: SamplingSettings,
  seed: number,
  draws: number,
  rowCount: number,
): TemperatureView {
  const z = dist.logits;
  const reshaped = reshape(z, settings);
  const greedy = settings.temperature < GREEDY_TEMPERATURE;
  const plain = softmax(z);
  const atTAll = greedy ? null : softmax(z, settings.temperature);
  const topIds = reshape(z, { temperature: 1, topK: Math.min(rowCount, z.length), topP: 1 }).ids;
  const finalById = new Map<number, number>();
  reshaped.ids.forEach((id, j) => finalById.set(id, reshaped.probs[j] as number));
  const counted = drawCounts(reshaped, seed, draws);
  const atT = (id: number): number => (atTAll ? (atTAll[id] as number) : id === reshaped.ids[0] ? 1 : 0);

  const rows: ReshapeRow[] = Array.from(topIds, (id) => {
    const after = finalById.get(id) ?? 0;
    return {
      id,
      text: dist.texts[id] ?? '',
      before: plain[id] as number,
      atT: atT(id),
      kept: finalById.has(id),
      after,
      observed: counted.counts.get(id) ?? 0,
      expected: draws * after,
    };
  });
  const sum = (f: (r: ReshapeRow) => number): number => rows.reduce((s, r) => s + f(r), 0);
  const keptShown = rows.filter((r) => r.kept).length;
  return {
    settings: { ...settings },
    greedy,
    rows,
    rest: {
      before: Math.max(0, 1 - sum((r) => r.before)),
      atT: Math.max(0, 1 - sum((r) => r.atT)),
      after: Math.max(0, 1 - sum((r) => r.after)),
      observed: draws - sum((r) => r.observed),
      expected: Math.max(0, draws - sum((r) => r.expected)),
      kept: reshaped.ids.length - keptShown,
    },
    keptCount: reshaped.ids.length,
    keptMass: reshaped.keptMass,
    draws,
    seed,
    firstDraws: Array.from(counted.order.slice(0, FIRST_DRAWS_SHOWN), (id) => dist.texts[id] ?? ''),
  };
}
