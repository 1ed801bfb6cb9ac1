/**
 * Sampling text from a trained model: start from a prompt, compute the logits z of the next
 * token, pick one, append it, repeat.
 *
 * Temperature T > 0 picks from softmax(z / T) with one uniform random number (inverse CDF);
 * T = 0 is greedy: always the most likely token (ties go to the lowest id). The sampler never
 * picks `<unk>`: it stands for "some token not in the vocabulary", not for a token to write.
 */
import { softmax } from '../math/softmax';
import { drawIndex } from '../sampling/draw';
import type { NextTokenModel } from './model';
import { UNKNOWN_ID } from './vocabulary';

/** How to sample. */
export interface GenerateOptions {
  /** Tokens to generate (≥ 0). */
  length: number;
  /** Temperature T ≥ 0; 0 means greedy. */
  temperature: number;
  /** Uniform random numbers in [0, 1) (seeded, so a seed replays a sample). Not used when T = 0. */
  rng: () => number;
}

/** Index of the largest logit other than `<unk>` (the first one on ties). */
export function greedyToken(z: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < z.length; i++) {
    if (i === UNKNOWN_ID) continue;
    if (best < 0 || (z[i] as number) > (z[best] as number)) best = i;
  }
  if (best < 0) throw new RangeError('greedyToken: the vocabulary has no token besides <unk>');
  return best;
}

/** The next token after `context`, drawn at temperature T (T = 0: greedy). */
export function pickNextToken(model: NextTokenModel, context: ArrayLike<number>, temperature: number, rng: () => number): number {
  if (!(temperature >= 0 && Number.isFinite(temperature))) throw new RangeError(`generate: the temperature T must be a finite number ≥ 0 (got ${temperature})`);
  const z = model.nextLogits(context);
  if (temperature === 0) return greedyToken(z);
  const p = softmax(z, temperature);
  p[UNKNOWN_ID] = 0;
  return drawIndex(p, rng());
}

/** Generates `options.length` token ids after the prompt (which needs at least one token). */
export function generate(model: NextTokenModel, prompt: ArrayLike<number>, options: GenerateOptions): number[] {
  if (prompt.length === 0) throw new RangeError('generate: the prompt needs at least one token');
  if (!(Number.isInteger(options.length) && options.length >= 0)) throw new RangeError(`generate: length must be a whole number ≥ 0 (got ${options.length})`);
  const sequence = Array.from(prompt);
  const out: number[] = [];
  for (let i = 0; i < options.length; i++) {
    const next = pickNextToken(model, sequence, options.temperature, options.rng);
    sequence.push(next);
    out.push(next);
  }
  return out;
}
