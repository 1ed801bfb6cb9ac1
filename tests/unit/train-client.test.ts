/**
 * The page-side training client against a fake worker (the counterpart of lm-client.test.ts):
 * request/reply matching, error mapping, slot progress of a replaced run ignored, and restart
 * after a crash, with late replies of the dead worker dropped.
 */
import { describe, expect, it } from 'vitest';
import { TrainError, TrainingClient } from '../../src/lib/train/client';
import type { ModelSummary, SampleResult, SlotProgress, TrainConfig, TrainReply, TrainRequest } from '../../src/lib/train/protocol';
import { defaultSettings } from '../../src/lib/train/trainer';
import { FakeWorker as AnyFakeWorker } from './helpers/fake-worker';

/** A worker that records requests and lets the test answer them. */
class FakeWorker extends AnyFakeWorker<TrainRequest, TrainReply> {}

const CONFIG: TrainConfig = {
  corpusText: 'the cat sat',
  corpusLabel: 'test text',
  tokenizer: 'words',
  settings: defaultSettings('bigram'),
  steps: 10,
};

const SUMMARY: ModelSummary = {
  model: 'bigram',
  corpusLabel: 'test text',
  tokenizer: 'words',
  vocab: ['<unk>', 'the', 'cat', 'sat'],
  corpusTokens: 3,
  truncated: false,
  originalLength: 11,
  usedLength: 11,
  droppedTypes: 0,
  parameters: 32,
  uniformBits: 2,
  bestBigramBits: 0,
  settings: defaultSettings('bigram'),
};

const SAMPLE = (text: string): SampleResult => ({
  promptTokens: ['the'],
  tokens: ['cat'],
  text,
  unknownPromptTokens: [],
  neverFollowed: [],
  loop: null,
  seed: 1,
  temperature: 1,
});

const PROGRESS = (run: number, step: number): SlotProgress => ({
  slot: 'bigram',
  run,
  phase: 'running',
  step,
  targetStep: 10,
  lossBits: 1.5,
  newPoints: [{ step, bits: 1.5 }],
  embedding: null,
  embeddingView: 'projected',
  stepsPerSecond: null,
});

function setup() {
  const workers: FakeWorker[] = [];
  const client = new TrainingClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  });
  return { client, workers };
}

describe('TrainingClient with a fake worker', () => {
  it('creates the worker lazily and matches each reply to its request by id', async () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(0);
    const a = client.sample('bigram', 'the', 1, 1, 1);
    const b = client.sample('bigram', 'the', 2, 1, 2);
    expect(workers).toHaveLength(1);
    const w = workers[0]!;
    const [ra, rb] = w.sent;
    expect(ra).toMatchObject({ type: 'sample', slot: 'bigram', prompt: 'the', length: 1, seed: 1 });
    expect(rb!.id).not.toBe(ra!.id);
    // Answered out of order: each promise gets its own answer.
    w.reply({ id: rb!.id, type: 'result', value: SAMPLE('b') });
    w.reply({ id: ra!.id, type: 'result', value: SAMPLE('a') });
    await expect(a).resolves.toMatchObject({ text: 'a' });
    await expect(b).resolves.toMatchObject({ text: 'b' });
  });

  it('start uses its run as the request id; progress of that run moves the slot, a replaced run’s is ignored', async () => {
    const { client, workers } = setup();
    const first = client.start('bigram', CONFIG);
    const w = workers[0]!;
    const run1 = w.last('start');
    expect(run1.run).toBe(run1.id);
    w.reply({ type: 'progress', progress: PROGRESS(run1.run, 4) });
    expect(client.slots.bigram.get()).toMatchObject({ phase: 'running', step: 4 });
    w.reply({ id: run1.id, type: 'result', value: SUMMARY });
    await expect(first).resolves.toEqual(SUMMARY);
    expect(client.slots.bigram.get().summary).toEqual(SUMMARY);

    void client.start('bigram', { ...CONFIG, steps: 20 });
    const run2 = w.last('start');
    expect(run2.run).not.toBe(run1.run);
    w.reply({ type: 'progress', progress: PROGRESS(run1.run, 9) }); // late, from the replaced model
    expect(client.slots.bigram.get().step).toBe(0);
    w.reply({ type: 'progress', progress: PROGRESS(run2.run, 2) });
    expect(client.slots.bigram.get().step).toBe(2);
  });

  it('maps error replies to TrainError with the same code and message; a failed start shows the previous model again', async () => {
    const { client, workers } = setup();
    const ok = client.start('bigram', CONFIG);
    const w = workers[0]!;
    w.reply({ type: 'progress', progress: PROGRESS(w.last('start').run, 10) });
    w.reply({ id: w.last('start').id, type: 'result', value: SUMMARY });
    await ok;
    const bad = client.start('bigram', { ...CONFIG, corpusText: '' });
    w.reply({ id: w.last('start').id, type: 'error', error: { code: 'empty-corpus', message: 'There is no text to train on.' } });
    const err = await bad.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainError);
    expect(err).toMatchObject({ code: 'empty-corpus', message: 'There is no text to train on.' });
    expect(client.slots.bigram.get()).toMatchObject({ step: 10, summary: SUMMARY });
  });

  it('a worker crash rejects everything pending with worker-crashed, empties the slots, and the next request starts a new worker', async () => {
    const { client, workers } = setup();
    const started = client.start('bigram', CONFIG);
    const w = workers[0]!;
    const sample = client.sample('bigram', 'the', 3, 1, 1);
    w.crash('out of memory');
    const err = (await started.catch((e: unknown) => e)) as TrainError;
    expect(err).toBeInstanceOf(TrainError);
    expect(err.code).toBe('worker-crashed');
    expect(err.message).toMatch(/stopped unexpectedly.*out of memory/);
    await expect(sample).rejects.toMatchObject({ code: 'worker-crashed' });
    expect(w.terminated).toBe(true);
    expect(client.slots.bigram.get()).toMatchObject({ phase: 'empty', error: expect.stringMatching(/stopped unexpectedly/) });
    // Replies from the dead worker are ignored; the next request uses a fresh worker.
    const again = client.sample('bigram', 'the', 3, 1, 5);
    expect(workers).toHaveLength(2);
    const w2 = workers[1]!;
    w.reply({ id: w2.last('sample').id, type: 'result', value: SAMPLE('from the dead worker') }); // same id, wrong worker
    w2.reply({ id: w2.last('sample').id, type: 'result', value: SAMPLE('fresh') });
    await expect(again).resolves.toMatchObject({ text: 'fresh' });
  });

  it('dispose rejects what is pending, empties the slots and stops the worker', async () => {
    const { client, workers } = setup();
    const p = client.score('bigram', 'the cat');
    client.dispose();
    await expect(p).rejects.toMatchObject({ code: 'worker-crashed', message: 'The training worker was shut down.' });
    expect(workers[0]!.terminated).toBe(true);
    expect(client.slots.bigram.get().phase).toBe('empty');
  });
});
