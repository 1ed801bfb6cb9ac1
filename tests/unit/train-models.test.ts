import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/sampling/prng';
import { softmax } from '../../src/lib/math/softmax';
import { bestBigramBits } from '../../src/lib/train/bigram-optimum';
import { createBigramModel } from '../../src/lib/train/bigram-model';
import { createContextAverageModel } from '../../src/lib/train/context-average-model';
import { prepareCorpus } from '../../src/lib/train/corpus';
import { TOY_CORPUS } from '../../src/lib/train/corpora';
import { generate, greedyToken } from '../../src/lib/train/generate';
import { sampleBatch } from '../../src/lib/train/batches';
import { Trainer, defaultSettings, type TrainingSettings } from '../../src/lib/train/trainer';
import { compareDistributions } from '../../src/lib/train/distribution-distance';
import { UNKNOWN_ID } from '../../src/lib/train/vocabulary';

const ALICE_LIKE =
  'alice was beginning to get very tired of sitting by her sister on the bank , and of having nothing to do : once or twice she had peeped into the book her sister was reading , but it had no pictures or conversations in it .';

/** Trains a fresh model and returns the trainer. */
function train(text: string, tokenizer: 'chars' | 'words', settings: TrainingSettings, steps: number): Trainer {
  const t = new Trainer(prepareCorpus(text, tokenizer), settings);
  t.trainSteps(steps);
  return t;
}

/** Mean loss over the whole corpus (bits per token), every token given everything before it. */
function corpusBits(t: Trainer): number {
  const lp = t.model.sequenceLogProbs(t.corpus.ids);
  return -lp.reduce((a, b) => a + b, 0) / lp.length / Math.LN2;
}

describe('bigram model training', () => {
  it('drives the loss on a repeating pattern "abcabc…" to near 0 bits', () => {
    const t = new Trainer(prepareCorpus('abc'.repeat(40), 'chars'), defaultSettings('bigram'));
    const first = t.trainStep();
    expect(first).toBeGreaterThan(1.9); // starts near log2 |V| = log2 4 = 2 bits
    t.trainSteps(300);
    expect(corpusBits(t)).toBeLessThan(0.05);
    expect(t.trainSteps(10)).toBeLessThan(0.05);
  });

  it('with plain SGD too (the notes’ rule θ ← θ − η∇θ L)', () => {
    const s: TrainingSettings = { ...defaultSettings('bigram'), optimizer: 'sgd', learningRate: 5 };
    const t = train('abc'.repeat(40), 'chars', s, 600);
    expect(corpusBits(t)).toBeLessThan(0.05);
  });

  it('reaches the best possible bigram loss on the toy corpus (≈ 0.679 bits per token)', () => {
    const corpus = prepareCorpus(TOY_CORPUS, 'words');
    const best = bestBigramBits(corpus.ids);
    expect(best).toBeCloseTo((3 * Math.log2(3)) / 7, 12);
    const t = new Trainer(corpus, defaultSettings('bigram'));
    t.trainSteps(2000);
    expect(corpusBits(t)).toBeGreaterThanOrEqual(best - 1e-9); // nobody beats the optimum
    expect(corpusBits(t) - best).toBeLessThan(0.01);
    // and its p(next | "the") is about 1/3 for good, bad, ugly
    const the = corpus.vocab.ids.get('the') as number;
    const p = softmax(t.model.nextLogits([the]));
    for (const w of ['good', 'bad', 'ugly']) expect(p[corpus.vocab.ids.get(w) as number]).toBeCloseTo(1 / 3, 2);
  });

  it('greedy samples (T = 0) only use pairs seen in training', () => {
    // Twice the text, so that every token (the final "." too) is followed by something in training.
    const t = train(`${ALICE_LIKE} ${ALICE_LIKE}`, 'words', defaultSettings('bigram'), 1500);
    const ids = Array.from(t.corpus.ids);
    const seen = new Set(ids.slice(1).map((b, i) => `${ids[i]}>${b}`));
    const starts = [...new Set(ids)];
    expect(starts.length).toBeGreaterThan(30);
    for (const start of starts) {
      const out = generate(t.model, [start], { length: 30, temperature: 0, rng: createRng(1) });
      const seq = [start, ...out];
      for (let i = 1; i < seq.length; i++) expect(seen.has(`${seq[i - 1]}>${seq[i]}`), `pair ${seq[i - 1]} → ${seq[i]}`).toBe(true);
    }
  });

  it('greedy is deterministic and never picks <unk>; T > 0 replays with the same seed', () => {
    const t = train(ALICE_LIKE, 'words', defaultSettings('bigram'), 300);
    const z = new Float64Array(t.model.vocabSize).fill(-5);
    z[UNKNOWN_ID] = 10;
    z[3] = 1;
    expect(greedyToken(z)).toBe(3);
    const a = generate(t.model, [1], { length: 40, temperature: 1, rng: createRng(7) });
    const b = generate(t.model, [1], { length: 40, temperature: 1, rng: createRng(7) });
    const c = generate(t.model, [1], { length: 40, temperature: 1, rng: createRng(8) });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.includes(UNKNOWN_ID)).toBe(false);
  });
});

describe('context-averaging model', () => {
  it('gives identical next-token distributions for every permutation of the same context', () => {
    const model = createContextAverageModel(6, 3, createRng(3));
    for (let i = 0; i < model.params.length; i++) model.params[i] = Math.sin(i * 1.7) * 2;
    const perms = [
      [1, 2, 3, 3],
      [3, 3, 2, 1],
      [2, 3, 1, 3],
      [3, 1, 3, 2],
    ];
    const p0 = softmax(model.nextLogits(perms[0] as number[]));
    for (const perm of perms.slice(1)) {
      const p = softmax(model.nextLogits(perm));
      expect(compareDistributions(p0, p).maxAbsDifference).toBeLessThan(1e-12);
    }
    // A different multiset (one 3 swapped for a 1) does change the prediction.
    const other = softmax(model.nextLogits([1, 2, 3, 1]));
    expect(compareDistributions(p0, other).maxAbsDifference).toBeGreaterThan(1e-3);
  });

  it('after training, "alice drank water" and "water drank alice" predict the same next token, but the sentences get different probabilities', () => {
    const text = 'alice drank water . the cat drank milk . water drank alice ? no , alice drank water . '.repeat(3);
    const t = train(text, 'words', { ...defaultSettings('average'), dimension: 4 }, 400);
    const enc = (s: string) => Array.from(prepareCorpus(s, 'words').ids, (_, i) => t.corpus.vocab.ids.get(s.split(' ')[i] as string) as number);
    const a = enc('alice drank water');
    const b = enc('water drank alice');
    const pa = softmax(t.model.nextLogits(a));
    const pb = softmax(t.model.nextLogits(b));
    expect(compareDistributions(pa, pb).maxAbsDifference).toBeLessThan(1e-12);
    // The sentences' own probabilities differ: p(drank | alice) ≠ p(drank | water), etc.
    const la = t.model.sequenceLogProbs(a).reduce((x, y) => x + y, 0);
    const lb = t.model.sequenceLogProbs(b).reduce((x, y) => x + y, 0);
    expect(Math.abs(la - lb)).toBeGreaterThan(1e-3);
    // The bigram model, which only sees the last token, predicts differently after the two.
    const bigram = train(text, 'words', defaultSettings('bigram'), 400);
    const qa = softmax(bigram.model.nextLogits(a));
    const qb = softmax(bigram.model.nextLogits(b));
    expect(compareDistributions(qa, qb).maxAbsDifference).toBeGreaterThan(0.1);
  });

  it('learns the toy corpus with d = 2 and goes below the best bigram loss (it sees more context)', () => {
    const corpus = prepareCorpus(TOY_CORPUS, 'words');
    const t = new Trainer(corpus, { ...defaultSettings('average'), dimension: 2 });
    const start = t.trainStep();
    expect(start).toBeGreaterThan(2.5); // near log2 7 ≈ 2.81
    t.trainSteps(1500);
    expect(corpusBits(t)).toBeLessThan(bestBigramBits(corpus.ids));
    expect(t.model.tokenVector(1)).toHaveLength(2);
  });

  it('sequenceLogProbs agrees with nextLogits position by position', () => {
    const model = createContextAverageModel(5, 2, createRng(9));
    const ids = [1, 4, 2, 2, 3, 0];
    const lp = model.sequenceLogProbs(ids);
    for (let t = 1; t < ids.length; t++) {
      const p = softmax(model.nextLogits(ids.slice(0, t)));
      expect(lp[t - 1]).toBeCloseTo(Math.log(p[ids[t] as number] as number), 12);
    }
    const bigram = createBigramModel(5, createRng(9));
    const blp = bigram.sequenceLogProbs(ids);
    for (let t = 1; t < ids.length; t++) {
      const p = softmax(bigram.nextLogits([ids[t - 1] as number]));
      expect(blp[t - 1]).toBeCloseTo(Math.log(p[ids[t] as number] as number), 12);
    }
  });
});

describe('batches', () => {
  it('uses the whole corpus when it fits in a window, every window when few, random ones otherwise', () => {
    const rng = createRng(1);
    expect(sampleBatch(8, 16, 8, rng)).toEqual({ starts: Int32Array.of(0), length: 8 });
    expect(Array.from(sampleBatch(8, 2, 64, rng).starts)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const b = sampleBatch(1000, 16, 8, rng);
    expect(b.starts.length).toBe(8);
    for (const s of Array.from(b.starts)) expect(s >= 0 && s <= 1000 - 16).toBe(true);
    expect(() => sampleBatch(1, 2, 1, rng)).toThrow(RangeError);
  });
});
