/**
 * The class-server engine against the fake vLLM server (tests/fixtures/vllm), which runs the
 * embedded model on onnxruntime-node. The numbers are checked against the PyTorch golden data
 * (independent), and against the in-process engine on the same weights (a consistency check of
 * the HTTP path: windows, start token, ids, pieces, streaming). Each failure of the server gives
 * its own error code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerEngine } from '../../src/lib/lm/server/server-engine';
import type { ServerTarget } from '../../src/lib/lm/server/servers';
import { startFakeVllm } from '../fixtures/vllm/fake-server';
import type { FakeVllm } from '../fixtures/vllm/fake-server';
import { MODELS_DIR, golden, haveModel, tinyEngine } from './lm-engine-helpers';
import { LmEngine } from '../../src/lib/lm/engine';
import { EMBEDDED_DTYPE } from '../../src/lib/lm/registry';

const d = haveModel ? describe : describe.skip;

d('the class-server engine on the fake vLLM server', () => {
  let server: FakeVllm;
  let capped: FakeVllm;
  let full: FakeVllm;
  let target: ServerTarget;
  beforeAll(async () => {
    server = await startFakeVllm();
    capped = await startFakeVllm({ maxLogprobs: 5 });
    full = await startFakeVllm({ maxLogprobs: -1 });
    target = { url: server.url, model: 'lm-notes-tiny', label: 'Fake server' };
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await capped?.close();
    await full?.close();
  });
  const connect = (t: Partial<ServerTarget> = {}, timeoutMs?: number): Promise<ServerEngine> =>
    ServerEngine.connect({ target: { ...target, ...t }, pageUrl: null, ...(timeoutMs ? { timeoutMs } : {}) });

  it('connects: the context window from /v1/models, <|endoftext|> as the start token', async () => {
    const e = await connect();
    const g = golden();
    expect(e.info.contextLength).toBe(g.n_positions - 1);
    expect(e.info.bosId).toBe(g.bos_token_id);
  });

  it('scores every golden text to PyTorch’s log-probabilities (1e-4) and top alternatives', async () => {
    const e = await connect();
    for (const c of golden().cases) {
      const r = await e.score({ text: c.text }, 5);
      expect(r.bosPrepended).toBe(true);
      expect(r.tokens.map((t) => t.id), c.text).toEqual(c.input_ids.slice(1));
      r.tokens.forEach((t, i) => {
        expect(t.logprob).toBeCloseTo(c.logprobs[i] as number, 4);
        expect(t.top.map((a) => a.id)).toEqual((c.top_ids[i] as number[]).slice(0, 5));
        t.top.forEach((a, j) => expect(a.logp).toBeCloseTo((c.top_logprobs[i] as number[])[j] as number, 4));
      });
      expect(r.totalLogprob).toBeCloseTo(c.sum_logprob, 3);
      expect(r.tokens.map((t) => t.text).join('')).toBe(c.text);
    }
  }, 60_000);

  it('tokens, pieces, next-token distributions and chat templates equal the in-process engine’s (same weights)', async () => {
    const e = await connect();
    const local = await tinyEngine();
    for (const text of ['The cat sat on the mat.', 'naïve café — 😀 ok', '<|user|>Hi<|end|>']) {
      expect(await e.tokenize(text)).toEqual(local.tokenize(text));
    }
    const n = await e.next({ text: 'Once upon a' }, 10);
    const m = await local.next({ text: 'Once upon a' }, 10);
    expect(n.top.map((c) => [c.id, c.text, c.special])).toEqual(m.top.map((c) => [c.id, c.text, c.special]));
    n.top.forEach((c, i) => expect(c.logp).toBeCloseTo((m.top[i] as { logp: number }).logp, 5));
    expect(n.otherMass).toBeCloseTo(m.otherMass, 5);
    expect(n.contextTokens).toBe(m.contextTokens);
    const msgs = [{ role: 'user', content: 'What is a token?' }];
    expect(await e.chatTemplate(msgs, undefined, true)).toEqual(local.chatTemplate(msgs, undefined, true));
  }, 60_000);

  it('a long text keeps its last C tokens (C = the window less the one token a completion must generate)', async () => {
    const e = await connect();
    expect(e.info.contextLength).toBe(golden().n_positions - 1);
    const local = await LmEngine.load({ modelId: 'lm-notes-tiny', source: 'local', device: 'cpu', dtype: EMBEDDED_DTYPE, localModelPath: MODELS_DIR, bosToken: '<|endoftext|>', maxContext: e.info.contextLength });
    const text = 'the mouse ate the cheese and then '.repeat(40);
    const r = await e.score({ text }, 1);
    const l = await local.score({ text }, 1);
    expect(r.truncated).toEqual(l.truncated);
    expect(r.tokens.map((t) => t.id)).toEqual(l.tokens.map((t) => t.id));
    r.tokens.forEach((t, i) => expect(t.logprob).toBeCloseTo((l.tokens[i] as { logprob: number }).logprob, 4));
  }, 60_000);

  it('streams generation: greedy equals the in-process greedy; a stop string cuts the text', async () => {
    const e = await connect();
    const local = await tinyEngine();
    const settings = { temperature: 0, topK: 0, topP: 1 };
    const streamed: string[] = [];
    const g = await e.generate({ prompt: { text: 'The United States of' }, settings, seed: 1, maxTokens: 12, onToken: (t) => streamed.push(t.text) });
    const l = await local.generate({ prompt: { text: 'The United States of' }, settings, seed: 1, maxTokens: 12 });
    expect(g.tokens.map((t) => t.id)).toEqual(l.tokens.map((t) => t.id));
    expect(g.text).toBe(l.text);
    expect(streamed.join('')).toBe(g.text);
    expect(g.stopReason).toBe(l.stopReason);
    g.tokens.forEach((t, i) => {
      expect(t.p).toBe(1);
      expect(t.logp).toBeCloseTo((l.tokens[i] as { logp: number }).logp, 4);
    });
    const cut = l.text.trim().split(' ')[1] as string; // a word that comes up
    const s = await e.generate({ prompt: { text: 'The United States of' }, settings, seed: 1, maxTokens: 12, stop: [cut] });
    expect(s.stopReason).toBe('stop-string');
    expect(s.text).toBe(l.text.slice(0, l.text.indexOf(cut)));
  }, 60_000);

  it('top-k sampling: the same seed draws the same tokens, with the same probabilities, as in-process', async () => {
    const e = await connect();
    const local = await tinyEngine();
    const settings = { temperature: 0.8, topK: 5, topP: 1 };
    const g = await e.generate({ prompt: { text: 'Once upon a' }, settings, seed: 7, maxTokens: 8 });
    const l = await local.generate({ prompt: { text: 'Once upon a' }, settings, seed: 7, maxTokens: 8 });
    expect(g.tokens.map((t) => t.id)).toEqual(l.tokens.map((t) => t.id));
    g.tokens.forEach((t, i) => expect(t.p).toBeCloseTo((l.tokens[i] as { p: number }).p, 5));
  }, 60_000);

  it('a server capped at 5 logprobs gives 5 alternatives, and the rest as one mass', async () => {
    const e = await ServerEngine.connect({ target: { ...target, url: capped.url }, pageUrl: null });
    const n = await e.next({ text: 'The cat sat on the' }, 50);
    expect(n.top).toHaveLength(5);
    expect(e.info.maxLogprobs).toBe(5);
    const mass = n.top.reduce((a, c) => a + c.p, 0);
    expect(n.otherMass).toBeCloseTo(1 - mass, 12);
  }, 60_000);

  it('a whole distribution (8,192 tokens): every text right, from one more request rather than 8,192 /detokenize calls', async () => {
    const e = await ServerEngine.connect({ target: { ...target, url: full.url }, pageUrl: null });
    const local = await tinyEngine();
    const before = full.log.length;
    const n = await e.next({ text: 'The cat sat on the' }, 8192);
    const m = await local.next({ text: 'The cat sat on the' }, 8192);
    expect(n.top).toHaveLength(m.top.length);
    expect(n.top.map((c) => c.id)).toEqual(m.top.map((c) => c.id));
    expect(n.top.map((c) => c.text)).toEqual(m.top.map((c) => c.text));
    const requests = full.log.slice(before).map((r) => r.path);
    // Left to /detokenize: tokens tied on log-probability and tokens whose texts coincide (byte
    // pieces all written "\ufffd"): 340 of 8,192 on this model and prompt.
    expect(requests.filter((p) => p === '/detokenize').length).toBeLessThan(8192 / 10);
  }, 120_000);

  it('each failure of the server has its own error', async () => {
    const codeOf = (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'no error',
        (e: { code?: string }) => e.code ?? 'not an LmError',
      );
    await expect(codeOf(connect({ model: 'no-such-model' }))).resolves.toBe('server-unknown-model');
    await expect(codeOf(connect({ url: 'http://127.0.0.1:9' }))).resolves.toBe('server-unreachable');
    const e = await connect();
    const cases: [Parameters<FakeVllm['setMode']>[0], string][] = [
      ['unauthorized', 'server-auth'],
      ['forbidden', 'server-auth'],
      ['rate-limited', 'server-busy'],
      ['server-error', 'server-failed'],
      ['malformed', 'server-malformed'],
      ['no-echo', 'server-no-scoring'],
    ];
    try {
      for (const [mode, code] of cases) {
        server.setMode(mode);
        await expect(codeOf(e.score({ text: 'a b c' }, 1)), mode).resolves.toBe(code);
      }
    } finally {
      server.setMode('ok');
    }
  }, 60_000);

  it('a server that does not answer times out with a plain message', async () => {
    server.setMode('hang');
    try {
      const err = await ServerEngine.connect({ target, pageUrl: null, timeoutMs: 300 }).catch((x: unknown) => x);
      expect(err).toMatchObject({ code: 'server-timeout' });
    } finally {
      server.setMode('ok');
    }
  });
});
