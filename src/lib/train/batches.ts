/**
 * Picking the training examples of one step: windows of consecutive tokens of the corpus
 * (the notes' "random windows a_j … a_{j+T−1}"). When the corpus is small enough, every window is
 * used (full-batch training, so the loss curve is smooth and exactly repeatable).
 */
import type { Batch } from './model';

/**
 * A batch of windows of `windowLength` tokens from a corpus of `corpusLength` tokens:
 * - a corpus no longer than one window gives one window, the whole corpus;
 * - if there are at most `batchSize` possible windows, all of them (in order);
 * - otherwise `batchSize` window starts drawn uniformly (with replacement) with `rng`.
 */
export function sampleBatch(corpusLength: number, windowLength: number, batchSize: number, rng: () => number): Batch {
  if (!(Number.isInteger(corpusLength) && corpusLength >= 2)) throw new RangeError(`sampleBatch: the corpus needs at least 2 tokens (got ${corpusLength})`);
  if (!(Number.isInteger(windowLength) && windowLength >= 2)) throw new RangeError(`sampleBatch: windows need at least 2 tokens (got ${windowLength})`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`sampleBatch: the batch size must be a whole number ≥ 1 (got ${batchSize})`);
  if (corpusLength <= windowLength) return { starts: Int32Array.of(0), length: corpusLength };
  const windows = corpusLength - windowLength + 1;
  if (windows <= batchSize) return { starts: Int32Array.from({ length: windows }, (_, i) => i), length: windowLength };
  const starts = new Int32Array(batchSize);
  for (let i = 0; i < batchSize; i++) starts[i] = Math.floor(rng() * windows);
  return { starts, length: windowLength };
}
