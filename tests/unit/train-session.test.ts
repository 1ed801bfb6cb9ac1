import { describe, expect, it } from 'vitest';
import { TrainingSession, type SessionHost } from '../../src/lib/train/training-session';
import type { TrainConfig, TrainReply, SlotProgress } from '../../src/lib/train/protocol';
import { defaultSettings, Trainer } from '../../src/lib/train/trainer';
import { prepareCorpus } from '../../src/lib/train/corpus';
import { TOY_CORPUS } from '../../src/lib/train/corpora';
import { TrainingClient, type TrainWorkerLike } from '../../src/lib/train/client';

/** A host with a fake clock (1 ms per reading) and a scheduler the test cranks by hand. */
function fakeHost() {
  const replies: TrainReply[] = [];
  const queue: (() => void)[] = [];
  let clock = 0;
  const host: SessionHost = {
    post: (r) => replies.push(structuredClone(r)),
    schedule: (task) => queue.push(task),
    now: () => (clock += 1),
  };
  /** Runs `n` scheduled slices (or all of them, until none is left). */
  const runSlices = (n = Infinity) => {
    for (let i = 0; i < n && queue.length > 0; i++) (queue.shift() as () => void)();
  };
  return { host, replies, queue, runSlices };
}

const text = 'the cat sat on the mat . the dog sat on the log . '.repeat(4);
const config = (steps: number, model: 'bigram' | 'average' = 'bigram'): TrainConfig => ({
  corpusText: text,
  corpusLabel: 'test text',
  tokenizer: 'words',
  settings: { ...defaultSettings(model), batchSize: 4, windowLength: model === 'bigram' ? 2 : 6, seed: 5 },
  steps,
});

const results = (replies: TrainReply[], id: number) => replies.find((r) => r.type !== 'progress' && r.id === id);
const progress = (replies: TrainReply[]): SlotProgress[] => replies.flatMap((r) => (r.type === 'progress' ? [r.progress] : []));

describe('training session', () => {
  for (const model of ['bigram', 'average'] as const) {
    it(`${model}: pause and resume give exactly the parameters of uninterrupted training`, () => {
      const a = fakeHost();
      const straight = new TrainingSession(a.host, { sliceMs: 7 });
      straight.handle({ id: 1, type: 'start', slot: model, run: 1, config: config(120, model) });
      a.runSlices();
      expect(straight.phase(model)).toBe('finished');

      const b = fakeHost();
      const interrupted = new TrainingSession(b.host, { sliceMs: 7 });
      interrupted.handle({ id: 1, type: 'start', slot: model, run: 1, config: config(120, model) });
      b.runSlices(2);
      interrupted.handle({ id: 2, type: 'pause', slot: model });
      const paused = results(b.replies, 2);
      expect(paused?.type).toBe('result');
      const pausedAt = (paused as { value: { step: number } }).value.step;
      expect(pausedAt).toBeGreaterThan(0);
      expect(pausedAt).toBeLessThan(120);
      b.runSlices(); // a slice that was already queued does nothing while paused
      expect(interrupted.phase(model)).toBe('paused');
      expect(progress(b.replies).at(-1)?.step).toBe(pausedAt);
      interrupted.handle({ id: 3, type: 'resume', slot: model, steps: 500 });
      b.runSlices();
      expect(interrupted.phase(model)).toBe('finished');
      expect(progress(b.replies).at(-1)?.step).toBe(120);

      expect(Array.from(interrupted.parameters(model) as Float64Array)).toEqual(Array.from(straight.parameters(model) as Float64Array));
      // …and both equal a plain Trainer run of 120 steps.
      const plain = new Trainer(prepareCorpus(text, 'words'), config(120, model).settings);
      plain.trainSteps(120);
      expect(Array.from(plain.model.params)).toEqual(Array.from(straight.parameters(model) as Float64Array));
    });
  }

  it('a finished run trains `steps` more on resume; the loss curve reaches the last step', () => {
    const h = fakeHost();
    const s = new TrainingSession(h.host, { sliceMs: 5, pointsPerRun: 10 });
    s.handle({ id: 1, type: 'start', slot: 'bigram', run: 9, config: config(50) });
    h.runSlices();
    s.handle({ id: 2, type: 'resume', slot: 'bigram', steps: 30 });
    expect((results(h.replies, 2) as { value: unknown }).value).toEqual({ step: 50, targetStep: 80 });
    h.runSlices();
    const ps = progress(h.replies);
    expect(ps.every((p) => p.run === 9 && p.slot === 'bigram')).toBe(true);
    const points = ps.flatMap((p) => p.newPoints);
    expect(points.at(-1)?.step).toBe(80);
    for (let i = 1; i < points.length; i++) expect((points[i] as { step: number }).step).toBeGreaterThan((points[i - 1] as { step: number }).step);
    // The loss fell: the last point is well below the first.
    expect((points.at(-1) as { bits: number }).bits).toBeLessThan((points[0] as { bits: number }).bits - 0.5);
    expect(ps.at(-1)?.phase).toBe('finished');
  });

  it('answers start with a summary (vocabulary, best bigram loss) and sends an embedding picture for small vocabularies', () => {
    const h = fakeHost();
    const s = new TrainingSession(h.host);
    s.handle({ id: 1, type: 'start', slot: 'average', run: 1, config: { ...config(10, 'average'), corpusText: TOY_CORPUS, settings: { ...defaultSettings('average'), dimension: 2 } } });
    const r = results(h.replies, 1) as { type: string; value: { vocab: string[]; bestBigramBits: number; uniformBits: number; parameters: number } };
    expect(r.type).toBe('result');
    expect(r.value.vocab).toEqual(['<unk>', 'the', 'good', ',', 'bad', 'and', 'ugly']);
    expect(r.value.bestBigramBits).toBeCloseTo((3 * Math.log2(3)) / 7, 12);
    expect(r.value.uniformBits).toBeCloseTo(Math.log2(7), 12);
    expect(r.value.parameters).toBe(2 * 7 * 2 + 7);
    const first = progress(h.replies)[0] as SlotProgress;
    expect(first.embeddingView).toBe('raw');
    expect(first.embedding?.map((p) => p.token)).toEqual(['the', 'good', ',', 'bad', 'and', 'ugly']);
  });

  it('reports bad input as errors a reader can act on', () => {
    const h = fakeHost();
    const s = new TrainingSession(h.host);
    s.handle({ id: 1, type: 'start', slot: 'bigram', run: 1, config: { ...config(10), corpusText: '   ' } });
    s.handle({ id: 2, type: 'start', slot: 'bigram', run: 2, config: { ...config(10), corpusText: 'hello' } });
    s.handle({ id: 3, type: 'sample', slot: 'bigram', prompt: 'the', length: 5, temperature: 1, seed: 1 });
    s.handle({ id: 4, type: 'start', slot: 'bigram', run: 4, config: config(10, 'average') });
    s.handle({ id: 5, type: 'start', slot: 'bigram', run: 5, config: { ...config(10), settings: { ...config(10).settings, learningRate: -1 } } });
    s.handle({ id: 6, type: 'bogus', slot: 'bigram' });
    const err = (id: number) => (results(h.replies, id) as { error: { code: string; message: string } }).error;
    expect(err(1).code).toBe('empty-corpus');
    expect(err(2).code).toBe('one-token-corpus');
    expect(err(2).message).toMatch(/single token/);
    expect(err(3).code).toBe('no-model');
    expect(err(3).message).toMatch(/train one first/);
    expect(err(4).code).toBe('invalid-request');
    expect(err(5).message).toMatch(/learning rate/);
    expect(err(6).code).toBe('invalid-request');
    expect(s.phase('bigram')).toBe('empty');
  });

  it('samples (seeded, T = 0 greedy with a loop report), scores and predicts', () => {
    const h = fakeHost();
    const s = new TrainingSession(h.host);
    s.handle({ id: 1, type: 'start', slot: 'bigram', run: 1, config: { ...config(400), corpusText: TOY_CORPUS } });
    h.runSlices();
    s.handle({ id: 2, type: 'sample', slot: 'bigram', prompt: 'the', length: 30, temperature: 0, seed: 3 });
    const greedy = (results(h.replies, 2) as { value: { tokens: string[]; loop: { period: number } | null; text: string } }).value;
    expect(greedy.tokens).toHaveLength(30);
    expect(greedy.loop).not.toBeNull();
    expect(greedy.text.startsWith('the ')).toBe(true);
    s.handle({ id: 3, type: 'sample', slot: 'bigram', prompt: 'the', length: 20, temperature: 1, seed: 42 });
    s.handle({ id: 4, type: 'sample', slot: 'bigram', prompt: 'the', length: 20, temperature: 1, seed: 42 });
    const v3 = (results(h.replies, 3) as { value: unknown }).value;
    expect((results(h.replies, 4) as { value: unknown }).value).toEqual(v3);
    s.handle({ id: 5, type: 'sample', slot: 'bigram', prompt: 'zebra', length: 3, temperature: 1, seed: 1 });
    expect((results(h.replies, 5) as { value: { unknownPromptTokens: string[] } }).value.unknownPromptTokens).toEqual(['zebra']);

    // "ugly" ends the toy corpus: nothing ever followed it, and the sample says so.
    s.handle({ id: 9, type: 'sample', slot: 'bigram', prompt: 'the ugly', length: 3, temperature: 0, seed: 1 });
    expect((results(h.replies, 9) as { value: { neverFollowed: string[] } }).value.neverFollowed).toEqual(['ugly']);
    s.handle({ id: 10, type: 'sample', slot: 'bigram', prompt: 'the good', length: 1, temperature: 0, seed: 1 });
    expect((results(h.replies, 10) as { value: { neverFollowed: string[] } }).value.neverFollowed).toEqual([]);

    s.handle({ id: 6, type: 'score', slot: 'bigram', text: 'the good, the zebra' });
    const score = (results(h.replies, 6) as { value: { scored: number; unknownCount: number; tokens: { bits: number | null }[]; bitsPerToken: number } }).value;
    expect(score.scored).toBe(4);
    expect(score.unknownCount).toBe(1);
    expect(score.tokens[0]?.bits).toBeNull();
    expect(score.tokens[1]?.bits).toBeCloseTo(Math.log2(3), 1); // "good" after "the": p ≈ 1/3

    s.handle({ id: 7, type: 'predict', slot: 'bigram', text: 'good' });
    const pred = (results(h.replies, 7) as { value: { probs: number[] } }).value;
    expect(pred.probs).toHaveLength(7);
    expect(pred.probs[3]).toBeGreaterThan(0.95); // "," always follows "good"
    s.handle({ id: 8, type: 'score', slot: 'bigram', text: 'the' });
    expect((results(h.replies, 8) as { error: { message: string } }).error.message).toMatch(/at least two tokens/);
  });

  it('reset drops the model', () => {
    const h = fakeHost();
    const s = new TrainingSession(h.host);
    s.handle({ id: 1, type: 'start', slot: 'bigram', run: 1, config: config(1000) });
    h.runSlices(1);
    s.handle({ id: 2, type: 'reset', slot: 'bigram' });
    expect((results(h.replies, 2) as { value: unknown }).value).toEqual({ reset: true });
    h.runSlices();
    expect(s.phase('bigram')).toBe('empty');
    expect(s.parameters('bigram')).toBeNull();
  });
});

describe('training client with an in-process worker', () => {
  /** A fake worker that runs a real TrainingSession in the same thread. */
  function inProcessWorker(): { worker: TrainWorkerLike; crank: () => void; crash: () => void } {
    const listeners: Record<string, ((ev: { data?: unknown; message?: string }) => void)[]> = {};
    const queue: (() => void)[] = [];
    const session = new TrainingSession(
      { post: (r) => queue.push(() => listeners.message?.forEach((l) => l({ data: structuredClone(r) }))), schedule: (t) => queue.push(t), now: () => performance.now() },
      { sliceMs: 2 },
    );
    return {
      worker: {
        postMessage: (m) => queue.push(() => session.handle(structuredClone(m))),
        terminate: () => undefined,
        addEventListener: (type, l) => (listeners[type] ??= []).push(l),
      },
      crank: () => {
        for (let i = 0; i < 10_000 && queue.length > 0; i++) (queue.shift() as () => void)();
      },
      crash: () => listeners.error?.forEach((l) => l({ message: 'boom' })),
    };
  }

  it('keeps each slot’s curve in a store, ignores a replaced run, and survives a crash', async () => {
    const fake = inProcessWorker();
    const client = new TrainingClient(() => fake.worker);
    const started = client.start('bigram', { ...config(60), corpusText: TOY_CORPUS });
    fake.crank();
    const summary = await started;
    expect(summary.vocab).toHaveLength(7);
    const state = client.slots.bigram.get();
    expect(state.phase).toBe('finished');
    expect(state.step).toBe(60);
    expect(state.summary?.corpusLabel).toBe('test text');
    expect(state.history.at(-1)?.step).toBe(60);
    expect(state.embedding?.length).toBe(6);

    const bad = client.start('bigram', { ...config(60), corpusText: '' });
    fake.crank();
    await expect(bad).rejects.toMatchObject({ code: 'empty-corpus' });
    expect(client.slots.bigram.get().step).toBe(60); // the previous model is still shown

    const score = client.score('bigram', 'the good, the ugly');
    fake.crank();
    expect((await score).scored).toBe(4);

    const pending = client.sample('bigram', 'the', 5, 1, 1);
    fake.crash();
    await expect(pending).rejects.toMatchObject({ code: 'worker-crashed' });
    expect(client.slots.bigram.get().phase).toBe('empty');
    expect(client.slots.bigram.get().error).toMatch(/stopped unexpectedly/);
  });
});
