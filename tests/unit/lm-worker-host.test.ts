/**
 * The worker side of the protocol, driven directly in Node with the real engine
 * (onnxruntime-node): replies, progress, cancellation by message, errors as codes.
 */
import { describe, expect, it } from 'vitest';
import { LmEngine } from '../../src/lib/lm/engine';
import { LmError } from '../../src/lib/lm/errors';
import type { LmReply, ModelChoice, ModelInfo, ProgressData } from '../../src/lib/lm/protocol';
import { WorkerHost } from '../../src/lib/lm/worker-host';
import type { LoadedModel } from '../../src/lib/lm/worker-host';
import { EMBEDDED_DTYPE } from '../../src/lib/lm/registry';
import { MODELS_DIR, golden, haveModel } from './lm-engine-helpers';

const d = haveModel ? describe : describe.skip;

/** Loads models for the host the way the worker does, on the CPU. */
async function loadForTest(choice: ModelChoice, progress: (p: ProgressData) => void): Promise<LoadedModel> {
  if (choice.id !== 'lm-notes-tiny') throw new LmError('unknown-model', `There is no model called "${choice.id}".`);
  const engine = await LmEngine.load({
    modelId: 'lm-notes-tiny',
    source: 'local',
    device: 'cpu',
    dtype: EMBEDDED_DTYPE,
    localModelPath: MODELS_DIR,
    bosToken: '<|endoftext|>',
    onProgress: progress,
  });
  const info: ModelInfo = {
    modelId: choice.id,
    label: 'tiny',
    backend: 'cpu',
    backendReason: 'Node test',
    dtype: EMBEDDED_DTYPE,
    contextLength: engine.info.contextLength,
    vocabSize: engine.info.vocabSize,
    bosId: engine.info.bosId,
    eosIds: engine.info.eosIds,
    origin: 'disk',
    loadMs: 0,
    notices: [],
  };
  return { engine, info };
}

/** A host plus the replies it posted, and a helper awaiting the final reply to an id. */
function setup() {
  const replies: LmReply[] = [];
  const waiters = new Map<number, (r: LmReply) => void>();
  const host = new WorkerHost(
    (r) => {
      replies.push(r);
      if (r.type !== 'progress') waiters.get(r.id)?.(r);
    },
    { load: loadForTest },
  );
  const final = (id: number) =>
    new Promise<LmReply>((resolve) => {
      const done = replies.find((r) => r.id === id && r.type !== 'progress');
      if (done) resolve(done);
      else waiters.set(id, resolve);
    });
  return { host, replies, final };
}

d('WorkerHost with the real engine in Node', () => {
  it('answers requests before any load with not-loaded, and unknown types with invalid-request', async () => {
    const { host, final } = setup();
    host.handle({ id: 1, type: 'score', input: { text: 'x' }, topK: 1 });
    expect(await final(1)).toMatchObject({ type: 'error', error: { code: 'not-loaded' } });
    host.handle({ id: 2, type: 'fly' });
    expect(await final(2)).toMatchObject({ type: 'error', error: { code: 'invalid-request' } });
  });

  it('loads with per-file progress, then scores to the golden numbers', async () => {
    const { host, replies, final } = setup();
    host.handle({ id: 1, type: 'load', model: { id: 'lm-notes-tiny' } });
    const loaded = await final(1);
    expect(loaded).toMatchObject({ type: 'result', value: { modelId: 'lm-notes-tiny', contextLength: 256 } });
    const files = replies.filter((r) => r.id === 1 && r.type === 'progress' && r.data.kind === 'file').map((r) => (r as { data: { file: string } }).data.file);
    expect(files).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx']));
    const c = golden().cases[0]!;
    host.handle({ id: 2, type: 'score', input: { text: c.text }, topK: 10 });
    const r = await final(2);
    if (r.type !== 'result') throw new Error(JSON.stringify(r));
    const value = r.value as { tokens: { logprob: number }[] };
    value.tokens.forEach((t, i) => expect(Math.abs(t.logprob - c.logprobs[i]!)).toBeLessThanOrEqual(1e-4));
    // Loading the same model again answers at once with the same info.
    host.handle({ id: 3, type: 'load', model: { id: 'lm-notes-tiny' } });
    expect(await final(3)).toEqual({ ...loaded, id: 3 });
  });

  it('streams generated tokens as progress and stops a generation when cancelled', async () => {
    const { host, replies, final } = setup();
    host.handle({ id: 1, type: 'load', model: { id: 'lm-notes-tiny' } });
    await final(1);
    host.handle({ id: 2, type: 'generate', prompt: { text: 'The' }, settings: { temperature: 1, topK: 0, topP: 1 }, seed: 4, maxTokens: 5 });
    const done = await final(2);
    expect(done.type).toBe('result');
    const streamed = replies.filter((r) => r.id === 2 && r.type === 'progress');
    expect(streamed.length).toBe((done as { value: { tokens: unknown[] } }).value.tokens.length);

    host.handle({ id: 3, type: 'generate', prompt: { text: 'The' }, settings: { temperature: 1, topK: 0, topP: 1 }, seed: 4, maxTokens: 250, stop: [] });
    // Cancel after the third streamed token.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (replies.filter((r) => r.id === 3 && r.type === 'progress').length >= 3) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    host.handle({ id: 4, type: 'cancel', targetId: 3 });
    expect(await final(4)).toMatchObject({ type: 'result', value: { cancelled: true } });
    expect(await final(3)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    const n = replies.filter((r) => r.id === 3 && r.type === 'progress').length;
    expect(n).toBeLessThan(250);
    // Cancelling something already finished is a no-op.
    host.handle({ id: 5, type: 'cancel', targetId: 3 });
    expect(await final(5)).toMatchObject({ value: { cancelled: false } });
  });

  it('reports an unknown model and an empty text in plain words', async () => {
    const { host, final } = setup();
    host.handle({ id: 1, type: 'load', model: { id: 'no/such-model' } });
    expect(await final(1)).toMatchObject({ type: 'error', error: { code: 'unknown-model', message: expect.stringContaining('no/such-model') } });
    host.handle({ id: 2, type: 'load', model: { id: 'lm-notes-tiny' } });
    await final(2);
    host.handle({ id: 3, type: 'score', input: { text: '' }, topK: 3 });
    expect(await final(3)).toMatchObject({ type: 'error', error: { code: 'empty-input', message: expect.stringMatching(/no text/i) } });
    host.handle({ id: 4, type: 'chatTemplate', messages: [{ role: 'user', content: 'Hello!' }], addGenerationPrompt: true });
    expect(await final(4)).toMatchObject({ type: 'result', value: { text: '<|user|>\nHello!<|end|>\n<|assistant|>\n' } });
    host.handle({ id: 5, type: 'unload' });
    expect(await final(5)).toMatchObject({ type: 'result', value: { unloaded: true } });
    host.handle({ id: 6, type: 'tokenize', text: 'x' });
    expect(await final(6)).toMatchObject({ type: 'error', error: { code: 'not-loaded' } });
  });
});

describe('WorkerHost recovery from a lost GPU (fake engine)', () => {
  it('reloads on WebAssembly and runs the request again when the GPU is lost', async () => {
    const loads: ModelChoice[] = [];
    const fakeEngine = (backend: 'webgpu' | 'wasm') => ({
      tokenize: () => {
        if (backend === 'webgpu') throw new LmError('webgpu-lost');
        return { ids: [1], tokens: [] };
      },
      score: async () => {
        throw new Error('unused');
      },
      next: async () => {
        throw new Error('unused');
      },
      generate: async () => {
        throw new Error('unused');
      },
      chatTemplate: () => ({ text: '', ids: [] }),
      dispose: async () => undefined,
    });
    const replies: LmReply[] = [];
    const host = new WorkerHost((r) => replies.push(r), {
      load: async (choice) => {
        loads.push(choice);
        const backend = choice.backend === 'wasm' ? 'wasm' : 'webgpu';
        const info = { modelId: choice.id, backend, notices: [] } as unknown as ModelInfo;
        return { engine: fakeEngine(backend) as unknown as LoadedModel['engine'], info };
      },
    });
    host.handle({ id: 1, type: 'load', model: { id: 'm' } });
    host.handle({ id: 2, type: 'tokenize', text: 'x' });
    await new Promise((r) => setTimeout(r, 10));
    expect(replies.find((r) => r.id === 2)).toMatchObject({ type: 'result', value: { ids: [1] } });
    expect(loads).toEqual([{ id: 'm' }, { id: 'm', backend: 'wasm' }]);
  });

  it('answers tokenize from the tokenizer while the weights are still loading, and only for the model asked for', async () => {
    let finishLoad!: () => void;
    const tokenizerOf = (name: string) => ({ tokenize: (text: string) => ({ ids: [text.length], tokens: [], name }) });
    const replies: LmReply[] = [];
    const host = new WorkerHost((r) => replies.push(r), {
      load: (choice, _progress, onTokenizer) => {
        onTokenizer?.(tokenizerOf(choice.id) as unknown as Parameters<NonNullable<typeof onTokenizer>>[0]);
        return new Promise<LoadedModel>((resolve) => {
          finishLoad = () => resolve({ engine: { ...tokenizerOf(`${choice.id} engine`), dispose: async () => undefined } as unknown as LoadedModel['engine'], info: { modelId: choice.id, notices: [] } as unknown as ModelInfo });
        });
      },
    });
    const tick = () => new Promise((r) => setTimeout(r, 5));
    host.handle({ id: 1, type: 'load', model: { id: 'a' } });
    host.handle({ id: 2, type: 'tokenize', text: 'abc' });
    await tick();
    expect(replies.find((r) => r.id === 1 && r.type !== 'progress')).toBeUndefined(); // the weights are not in
    expect(replies.find((r) => r.id === 2)).toMatchObject({ type: 'result', value: { ids: [3], name: 'a' } });
    // A load of another model is queued behind: a tokenize now is for that model, so it waits
    // rather than answering with the tokenizer of the one still loading.
    host.handle({ id: 3, type: 'load', model: { id: 'b' } });
    host.handle({ id: 4, type: 'tokenize', text: 'hello' });
    await tick();
    expect(replies.find((r) => r.id === 4)).toBeUndefined();
    finishLoad();
    await tick();
    expect(replies.find((r) => r.id === 4)).toMatchObject({ type: 'result', value: { ids: [5], name: 'b' } });
    finishLoad();
    await tick();
    expect(replies.find((r) => r.id === 3 && r.type !== 'progress')).toMatchObject({ type: 'result' });
  });
});
