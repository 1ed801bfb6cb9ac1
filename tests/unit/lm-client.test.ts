/**
 * The page-side client against a fake worker: request/reply matching, on-demand loading,
 * superseding, cancellation, error mapping, and restart after a crash or a failed load.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ModelClient } from '../../src/lib/lm/client';
import { LmError } from '../../src/lib/lm/errors';
import type { LmReply, LmRequest, ModelInfo, ScoreResult } from '../../src/lib/lm/protocol';
import { FakeWorker as AnyFakeWorker } from './helpers/fake-worker';

/** A worker that records requests and lets the test answer them. */
class FakeWorker extends AnyFakeWorker<LmRequest, LmReply> {}

const INFO: ModelInfo = {
  modelId: 'lm-notes-tiny',
  label: 'LM Notes tiny',
  backend: 'wasm',
  backendReason: 'test',
  dtype: 'fp32',
  contextLength: 256,
  vocabSize: 4096,
  bosId: 4090,
  eosIds: [4090, 4095],
  origin: 'site',
  loadMs: 1,
  notices: [],
};

const SCORE = (id: number): ScoreResult => ({
  tokens: [{ id, token: 'x', text: 'x', bytes: [120], start: 0, end: 1, special: false, logprob: -1, top: [] }],
  totalLogprob: -1,
  truncated: null,
  bosPrepended: true,
});

/** Lets pending promise callbacks run. */
const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(id = 'lm-notes-tiny') {
  const workers: FakeWorker[] = [];
  const client = new ModelClient({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    choice: { id, backend: 'wasm' },
  });
  return { client, workers };
}

/** A Map-backed localStorage, installed for the test (the client reads the global one). */
function withStorage(): Map<string, string> {
  const map = new Map<string, string>();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
  return map;
}

/** Answers the pending load of worker w. */
function answerLoad(w: FakeWorker): void {
  w.reply({ id: w.last('load').id, type: 'result', value: INFO });
}

describe('ModelClient with a fake worker', () => {
  it('creates the worker lazily, loads the chosen model first, then sends the request', async () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(0);
    const p = client.score({ text: 'hi' }, 3);
    expect(workers).toHaveLength(1);
    const w = workers[0]!;
    expect(w.sent.map((m) => m.type)).toEqual(['load']);
    expect(w.last('load').model).toEqual({ id: 'lm-notes-tiny', backend: 'wasm' });
    answerLoad(w);
    await flush();
    const req = w.last('score');
    expect(req).toMatchObject({ input: { text: 'hi' }, topK: 3 });
    w.reply({ id: req.id, type: 'result', value: SCORE(7) });
    await expect(p).resolves.toEqual(SCORE(7));
    expect(client.status.get().phase).toBe('ready');
    // A second request reuses the loaded model.
    void client.tokenize('a');
    await flush();
    expect(w.sent.filter((m) => m.type === 'load')).toHaveLength(1);
  });

  it('a newer request with the same supersede key cancels the older one; its late result is ignored', async () => {
    const { client, workers } = setup();
    const first = client.score({ text: 'a' }, 1, { supersede: 'k' });
    const w = workers[0]!;
    answerLoad(w);
    await flush();
    const firstReq = w.last('score');
    const second = client.score({ text: 'b' }, 1, { supersede: 'k' });
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    // The worker is told to stop the first request.
    expect(w.last('cancel').targetId).toBe(firstReq.id);
    await flush();
    const secondReq = w.last('score');
    expect(secondReq.id).not.toBe(firstReq.id);
    // The stale result arrives after the newer one was sent: it must not resolve anything.
    w.reply({ id: firstReq.id, type: 'result', value: SCORE(1) });
    w.reply({ id: secondReq.id, type: 'result', value: SCORE(2) });
    await expect(second).resolves.toEqual(SCORE(2));
  });

  it('scoring an empty text fails at once with empty-input, without loading the model, and supersedes an older score', async () => {
    const { client, workers } = setup();
    await expect(client.score({ text: '' }, 1)).rejects.toMatchObject({ code: 'empty-input' });
    expect(workers).toHaveLength(0);
    const older = client.score({ text: 'a' }, 1, { supersede: 's' });
    const w = workers[0]!;
    answerLoad(w);
    await flush();
    const olderReq = w.last('score');
    await expect(client.score({ text: '' }, 1, { supersede: 's' })).rejects.toMatchObject({ code: 'empty-input' });
    await expect(older).rejects.toMatchObject({ code: 'cancelled' });
    expect(w.last('cancel').targetId).toBe(olderReq.id);
    expect(w.sent.filter((m) => m.type === 'score')).toHaveLength(1);
  });

  it('a request superseded before it was sent is never sent', async () => {
    const { client, workers } = setup();
    const a = client.next({ text: 'a' }, 2, { supersede: 'n' });
    const b = client.next({ text: 'b' }, 2, { supersede: 'n' });
    await expect(a).rejects.toBeInstanceOf(LmError);
    const w = workers[0]!;
    answerLoad(w);
    await flush();
    const nexts = w.sent.filter((m) => m.type === 'next');
    expect(nexts).toHaveLength(1);
    expect(nexts[0]).toMatchObject({ input: { text: 'b' } });
    w.reply({ id: nexts[0]!.id, type: 'result', value: { top: [], otherMass: 1, contextTokens: 2, truncated: null } });
    await expect(b).resolves.toMatchObject({ otherMass: 1 });
  });

  it('an AbortSignal cancels the request in the worker', async () => {
    const { client, workers } = setup();
    const ac = new AbortController();
    const p = client.generate({ prompt: { text: 'x' }, settings: { temperature: 1, topK: 0, topP: 1 }, seed: 1, maxTokens: 5 }, { signal: ac.signal });
    const w = workers[0]!;
    answerLoad(w);
    await flush();
    const gen = w.last('generate');
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(w.last('cancel').targetId).toBe(gen.id);
  });

  it('routes progress to onProgress and load progress into the status store', async () => {
    const { client, workers } = setup();
    const tokens: number[] = [];
    const p = client.generate(
      { prompt: { text: 'x' }, settings: { temperature: 0, topK: 0, topP: 1 }, seed: 1, maxTokens: 2 },
      { onProgress: (d) => d.kind === 'token' && tokens.push(d.token.id) },
    );
    const w = workers[0]!;
    const load = w.last('load');
    w.reply({ id: load.id, type: 'progress', data: { kind: 'backend', backend: 'wasm', reason: 'because' } });
    w.reply({ id: load.id, type: 'progress', data: { kind: 'file', file: 'onnx/model.onnx', loaded: 5, total: 10, status: 'progress' } });
    expect(client.status.get()).toMatchObject({ phase: 'loading', backend: 'wasm', backendReason: 'because' });
    expect(client.status.get().files).toEqual([{ file: 'onnx/model.onnx', loaded: 5, total: 10, done: false }]);
    answerLoad(w);
    await flush();
    const gen = w.last('generate');
    const tok = (id: number, index: number) => ({ index, id, token: 't', text: 't', p: 1, logp: -0.1 });
    w.reply({ id: gen.id, type: 'progress', data: { kind: 'token', token: tok(11, 0) } });
    w.reply({ id: gen.id, type: 'progress', data: { kind: 'token', token: tok(12, 1) } });
    w.reply({
      id: gen.id,
      type: 'result',
      value: { text: 'tt', tokens: [tok(11, 0), tok(12, 1)], stopReason: 'max-tokens', stopString: null, windowSlides: 0, promptTruncated: null },
    });
    await p;
    expect(tokens).toEqual([11, 12]);
  });

  it('maps error replies to LmError with the same code and message', async () => {
    const { client, workers } = setup();
    const p = client.score({ ids: [5000] });
    const w = workers[0]!;
    answerLoad(w);
    await flush();
    w.reply({ id: w.last('score').id, type: 'error', error: { code: 'invalid-request', message: 'Id 5000 is outside the vocabulary.' } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LmError);
    expect(err).toMatchObject({ code: 'invalid-request', message: 'Id 5000 is outside the vocabulary.' });
  });

  it('a worker crash rejects everything pending with worker-crashed, and the next request starts a new worker', async () => {
    const { client, workers } = setup();
    const p = client.score({ text: 'a' });
    const w = workers[0]!;
    answerLoad(w);
    await flush();
    w.crash('out of memory');
    const err = (await p.catch((e: unknown) => e)) as LmError;
    expect(err.code).toBe('worker-crashed');
    expect(err.message).toMatch(/stopped unexpectedly.*out of memory/);
    expect(w.terminated).toBe(true);
    expect(client.status.get()).toMatchObject({ phase: 'error', error: { code: 'worker-crashed' } });
    // Replies from the dead worker are ignored; the next request uses a fresh worker and reloads.
    const q = client.score({ text: 'b' });
    expect(workers).toHaveLength(2);
    const w2 = workers[1]!;
    expect(w2.sent.map((m) => m.type)).toEqual(['load']);
    answerLoad(w2);
    await flush();
    w2.reply({ id: w2.last('score').id, type: 'result', value: SCORE(3) });
    await expect(q).resolves.toEqual(SCORE(3));
    expect(client.status.get().phase).toBe('ready');
  });

  it('a failed load is shown in the status, rejects the waiting requests, and the next attempt uses a fresh worker', async () => {
    const { client, workers } = setup();
    const p = client.score({ text: 'a' });
    const w = workers[0]!;
    w.reply({ id: w.last('load').id, type: 'error', error: { code: 'file-not-found', message: 'A model file was not found.' } });
    await expect(p).rejects.toMatchObject({ code: 'file-not-found' });
    expect(client.status.get()).toMatchObject({ phase: 'error', error: { code: 'file-not-found' } });
    expect(w.terminated).toBe(true);
    const q = client.load();
    expect(workers).toHaveLength(2);
    answerLoad(workers[1]!);
    await expect(q).resolves.toEqual(INFO);
  });

  it('rejects everything with cancelled on dispose', async () => {
    const { client, workers } = setup();
    const p = client.tokenize('x');
    client.dispose();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('a worker running the WebAssembly-only runtime asks for a fresh one; the load is retried there once', async () => {
    const { client, workers } = setup();
    const p = client.score({ text: 'hi' }, 1);
    const first = workers[0]!;
    first.reply({ id: first.last('load').id, type: 'error', error: new LmError('needs-fresh-worker').toInfo() });
    await flush();
    expect(first.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    const second = workers[1]!;
    expect(second.last('load').model).toEqual({ id: 'lm-notes-tiny', backend: 'wasm' });
    answerLoad(second);
    await flush();
    second.reply({ id: second.last('score').id, type: 'result', value: SCORE(3) });
    await expect(p).resolves.toEqual(SCORE(3));
    expect(client.status.get().phase).toBe('ready');
  });

  it('asks for a fresh worker only once: a second refusal is an error the page shows', async () => {
    const { client, workers } = setup();
    const p = client.load();
    const refuse = (w: FakeWorker): void => w.reply({ id: w.last('load').id, type: 'error', error: new LmError('needs-fresh-worker').toInfo() });
    refuse(workers[0]!);
    await flush();
    refuse(workers[1]!);
    await expect(p).rejects.toMatchObject({ code: 'needs-fresh-worker' });
    expect(workers).toHaveLength(2);
    expect(client.status.get().phase).toBe('error');
  });

  it('sends a tokenize request right behind the load: the worker answers it before the weights are in', async () => {
    const { client, workers } = setup();
    const p = client.tokenize('hi');
    const w = workers[0]!;
    expect(w.sent.map((m) => m.type)).toEqual(['load', 'tokenize']);
    w.reply({ id: w.last('tokenize').id, type: 'result', value: { ids: [1, 2], tokens: [] } });
    await expect(p).resolves.toEqual({ ids: [1, 2], tokens: [] });
    // A score still waits for the load.
    void client.score({ text: 'hi' }, 1);
    await flush();
    expect(w.sent.map((m) => m.type)).toEqual(['load', 'tokenize']);
    answerLoad(w);
    await flush();
    expect(w.sent.map((m) => m.type)).toEqual(['load', 'tokenize', 'score']);
  });

  it('a tokenize sent behind a load that fails is rejected with the load’s error', async () => {
    const { client, workers } = setup();
    const p = client.tokenize('hi');
    const w = workers[0]!;
    w.reply({ id: w.last('load').id, type: 'error', error: new LmError('file-not-found').toInfo() });
    await expect(p).rejects.toMatchObject({ code: 'file-not-found' });
  });

  describe('falling back to the embedded model', () => {
    const HUB = 'HuggingFaceTB/SmolLM2-135M-Instruct';
    afterEach(() => {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    });
    const setupHub = (id = HUB) => setup(id);

    it('a Hub model that cannot be loaded is replaced by the embedded one: the request is answered, one notice says what failed, the choice is forgotten', async () => {
      const storage = withStorage();
      storage.set('lm-notes:model', HUB);
      const { client, workers } = setupHub();
      const p = client.score({ text: 'hi' }, 1);
      const hub = workers[0]!;
      expect(hub.last('load').model).toEqual({ id: HUB, backend: 'wasm' });
      hub.reply({ id: hub.last('load').id, type: 'error', error: new LmError('network').toInfo() });
      await flush();
      expect(hub.terminated).toBe(true);
      const embedded = workers[1]!;
      expect(embedded.last('load').model).toEqual({ id: 'lm-notes-tiny', backend: 'wasm' });
      answerLoad(embedded);
      await flush();
      embedded.reply({ id: embedded.last('score').id, type: 'result', value: SCORE(5) });
      await expect(p).resolves.toEqual(SCORE(5));
      const s = client.status.get();
      expect(s).toMatchObject({ phase: 'ready', modelId: 'lm-notes-tiny', fallbackFrom: HUB });
      const notices = s.notices.filter((n) => n.code === 'model-fallback');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.message).toContain('SmolLM2 135M Instruct');
      expect(notices[0]!.message).toContain(new LmError('network').message);
      expect(storage.has('lm-notes:model')).toBe(false);
    });

    it('a tokenize sent behind the failing load is asked again of the fallback model', async () => {
      withStorage();
      const { client, workers } = setupHub();
      const p = client.tokenize('hi');
      const hub = workers[0]!;
      hub.reply({ id: hub.last('load').id, type: 'error', error: new LmError('file-not-found').toInfo() });
      await flush();
      await flush();
      const embedded = workers[1]!;
      answerLoad(embedded);
      await flush();
      embedded.reply({ id: embedded.last('tokenize').id, type: 'result', value: { ids: [9], tokens: [] } });
      await expect(p).resolves.toEqual({ ids: [9], tokens: [] });
    });

    it('“try again” loads the failed model once more; when it loads, the notice goes', async () => {
      const storage = withStorage();
      const { client, workers } = setupHub();
      const p = client.ensureLoaded();
      workers[0]!.reply({ id: workers[0]!.last('load').id, type: 'error', error: new LmError('network').toInfo() });
      await flush();
      answerLoad(workers[1]!);
      await p;
      const retry = client.retryFallback();
      expect(retry).not.toBeNull();
      await flush();
      const w = workers[1]!;
      expect(w.last('load').model).toEqual({ id: HUB, backend: 'wasm' });
      w.reply({ id: w.last('load').id, type: 'result', value: { ...INFO, modelId: HUB } });
      await expect(retry).resolves.toMatchObject({ modelId: HUB });
      const s = client.status.get();
      expect(s.notices.some((n) => n.code === 'model-fallback')).toBe(false);
      expect(s.fallbackFrom).toBeNull();
      expect(storage.get('lm-notes:model')).toBe(HUB);
    });

    it('a class server id is sent with its address and model; an unknown one falls back', async () => {
      const storage = withStorage();
      storage.set('lm-notes:servers', JSON.stringify([{ name: 'reader-1', url: 'http://localhost:8000', model: 'm', label: 'My server' }]));
      const { client, workers } = setupHub('server:reader-1');
      void client.ensureLoaded();
      expect(workers[0]!.last('load').model).toEqual({ id: 'server:reader-1', backend: 'wasm', server: { url: 'http://localhost:8000', model: 'm', label: 'My server' } });

      const other = setupHub('server:nobody');
      const q = other.client.ensureLoaded();
      await flush();
      // Nothing to send for an unknown server: the embedded model loads straight away.
      expect(other.workers.flatMap((w) => w.sent.map((m) => (m.type === 'load' ? m.model.id : m.type)))).toEqual(['lm-notes-tiny']);
      answerLoad(other.workers.at(-1)!);
      await expect(q).resolves.toEqual(INFO);
      expect(other.client.status.get().notices[0]).toMatchObject({ code: 'model-fallback' });
    });
  });

  describe('getting ready before first use (prepare)', () => {
    afterEach(() => {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    });

    it('on a first visit only starts the worker: nothing is loaded until a figure asks', async () => {
      withStorage();
      const { client, workers } = setup();
      expect(client.prepare()).toBe('start-worker');
      await flush();
      expect(workers).toHaveLength(1);
      expect(workers[0]!.sent).toEqual([]);
      expect(client.status.get().phase).toBe('idle');
      // The first request uses that worker.
      const p = client.tokenize('hi');
      expect(workers).toHaveLength(1);
      expect(workers[0]!.last('load').model.id).toBe('lm-notes-tiny');
      answerLoad(workers[0]!);
      await flush();
      workers[0]!.reply({ id: workers[0]!.last('tokenize').id, type: 'result', value: { ids: [1], tokens: [] } });
      await expect(p).resolves.toMatchObject({ ids: [1] });
    });

    it('a successful load is remembered, and a later page loads that model as soon as a figure is in view', async () => {
      const storage = withStorage();
      const first = setup();
      const p = first.client.load();
      answerLoad(first.workers[0]!);
      await p;
      const saved = JSON.parse(storage.get('lm-notes:loaded') ?? '{}') as Record<string, number>;
      expect(Object.keys(saved)).toEqual(['lm-notes-tiny']);
      expect(Math.abs((saved['lm-notes-tiny'] as number) - Date.now())).toBeLessThan(60_000);

      const later = setup();
      expect(later.client.prepare()).toBe('load-model');
      await flush();
      expect(later.workers[0]!.last('load').model.id).toBe('lm-notes-tiny');
      expect(later.client.status.get().phase).toBe('loading');
      // A figure's first use then waits for that same load (no second one).
      const q = later.client.ensureLoaded();
      expect(later.workers[0]!.sent.filter((r) => r.type === 'load')).toHaveLength(1);
      answerLoad(later.workers[0]!);
      await expect(q).resolves.toMatchObject({ modelId: 'lm-notes-tiny' });
    });

    it('does nothing twice, nor once a worker runs', async () => {
      withStorage();
      const a = setup();
      expect(a.client.prepare()).toBe('start-worker');
      expect(a.client.prepare()).toBeNull();
      const b = setup();
      void b.client.tokenize('x').catch(() => undefined);
      expect(b.client.prepare()).toBeNull();
      expect(b.workers).toHaveLength(1);
      b.client.dispose();
      a.client.dispose();
    });

    it('leaves a large model for first use, even when it loaded here before', async () => {
      const storage = withStorage();
      storage.set('lm-notes:loaded', JSON.stringify({ 'HuggingFaceTB/SmolLM2-135M-Instruct': Date.now() }));
      const { client, workers } = setup('HuggingFaceTB/SmolLM2-135M-Instruct');
      expect(client.prepare()).toBe('start-worker');
      await flush();
      expect(workers[0]!.sent).toEqual([]);
    });
  });
});

