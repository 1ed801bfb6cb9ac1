/**
 * The fake vLLM server (tests/fixtures/vllm/fake-server.ts) against independent expectations:
 * prompt scoring and tokenization against the PyTorch golden data of the embedded model, token
 * strings against the golden vocabulary strings, the response shapes and error bodies of vLLM's
 * OpenAI-compatible server, and its failure modes and CORS behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeVllm } from '../fixtures/vllm/fake-server';
import type { FakeVllm, FakeVllmMode } from '../fixtures/vllm/fake-server';
import { golden, haveModel, tinyEngine } from './lm-engine-helpers';
import type { GoldenCase } from './lm-engine-helpers';

const d = haveModel ? describe : describe.skip;
const TOL = 1e-4;
const MODEL = 'lm-notes-tiny';

/** The `logprobs` object of a completion choice. */
interface Logprobs {
  text_offset: number[];
  token_logprobs: (number | null)[];
  tokens: string[];
  top_logprobs: (Record<string, number> | null)[];
}

/** One completion choice (non-streamed or streamed). */
interface Choice {
  index: number;
  text: string;
  logprobs: Logprobs | null;
  finish_reason: 'length' | 'stop' | null;
  stop_reason: string | number | null;
  token_ids?: number[] | null;
  prompt_logprobs?: (Record<string, { logprob: number; rank: number; decoded_token: string }> | null)[] | null;
}

interface Completion {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Choice[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

type Case = GoldenCase & { top_tokens: string[][] };

let server: FakeVllm;
/** maxLogprobs 5, an API key, one allowed origin, v0.10.0 flat errors, 401s without CORS (as real vLLM). */
let strict: FakeVllm;

function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function complete(body: Record<string, unknown>): Promise<Completion> {
  const r = await post(server.url, '/v1/completions', { model: MODEL, ...body });
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()) as Completion;
}

/** The `data:` payloads of an SSE body. */
function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((e) => e.length > 0)
    .map((e) => {
      expect(e.startsWith('data: '), e).toBe(true);
      return e.slice('data: '.length);
    });
}

async function stream(body: Record<string, unknown>): Promise<{ chunks: Completion[]; raw: string[] }> {
  const r = await post(server.url, '/v1/completions', { model: MODEL, ...body, stream: true });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const raw = sseData(await r.text());
  expect(raw[raw.length - 1]).toBe('[DONE]');
  return { chunks: raw.slice(0, -1).map((t) => JSON.parse(t) as Completion), raw };
}

const codePoints = (s: string): number => [...s].length;

/** text_offset as vLLM computes it: running sum of the (code point) lengths of the token strings. */
function expectedOffsets(tokens: string[], start = 0): number[] {
  const out: number[] = [];
  let at = start;
  for (const t of tokens) {
    out.push(at);
    at += codePoints(t);
  }
  return out;
}

/** Values of a top_logprobs entry, largest first. */
const sortedValues = (top: Record<string, number>): number[] => Object.values(top).sort((a, b) => b - a);

d('fake vLLM server', () => {
  beforeAll(async () => {
    server = await startFakeVllm({ port: 0 });
    strict = await startFakeVllm({
      maxLogprobs: 5,
      apiKey: 'sk-test',
      allowedOrigins: ['http://allowed.test'],
      errorFormat: 'flat',
      corsOnAuthError: false,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await strict?.close();
  });

  it('serves /health, /version and /v1/models', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const h = await fetch(`${server.url}/health`);
    expect(h.status).toBe(200);
    expect(await h.text()).toBe('');
    expect(await (await fetch(`${server.url}/version`)).json()).toEqual({ version: expect.any(String) });
    const m = (await (await fetch(`${server.url}/v1/models`)).json()) as { object: string; data: Record<string, unknown>[] };
    expect(m.object).toBe('list');
    expect(m.data).toHaveLength(1);
    expect(m.data[0]).toMatchObject({ id: MODEL, object: 'model', owned_by: 'vllm', root: MODEL, parent: null, max_model_len: golden().n_positions });
    expect(typeof m.data[0]?.['created']).toBe('number');
    expect(Array.isArray(m.data[0]?.['permission'])).toBe(true);
  });

  it('/tokenize gives the golden ids and vocabulary strings (no bos, special tokens parsed)', async () => {
    const g = golden();
    for (const c of g.cases) {
      const r = (await (await post(server.url, '/tokenize', { model: MODEL, prompt: c.text, return_token_strs: true })).json()) as Record<string, unknown>;
      expect(r, c.text).toEqual({ count: c.input_ids.length - 1, max_model_len: g.n_positions, tokens: c.input_ids.slice(1), token_strs: c.tokens.slice(1) });
      const plain = (await (await post(server.url, '/tokenize', { prompt: c.text, add_special_tokens: false })).json()) as Record<string, unknown>;
      expect(plain['tokens']).toEqual(c.input_ids.slice(1));
      expect(plain['token_strs']).toBeNull();
    }
    const s = (await (await post(server.url, '/tokenize', { prompt: '<|user|>\nHi<|endoftext|>', return_token_strs: true })).json()) as { tokens: number[]; token_strs: string[] };
    expect(s.tokens[0]).toBe(g.special_tokens['<|user|>']);
    expect(s.tokens[s.tokens.length - 1]).toBe(g.special_tokens['<|endoftext|>']);
    expect(s.token_strs[0]).toBe('<|user|>');
  });

  it('/tokenize renders chats like the golden chat template, and continues a final message', async () => {
    const ex = golden().chat_example;
    const r = (await (await post(server.url, '/tokenize', { model: MODEL, messages: ex.messages })).json()) as { tokens: number[]; count: number };
    expect(r.tokens).toEqual(ex.input_ids);
    expect(r.count).toBe(ex.input_ids.length);

    // Continue the assistant's message: the render stops right after its content.
    const upToAssistant = ex.messages.slice(0, 3);
    const content = upToAssistant[2]?.content as string;
    const cut = ex.rendered.slice(0, ex.rendered.indexOf(content) + content.length);
    const cont = (await (await post(server.url, '/tokenize', { messages: upToAssistant, add_generation_prompt: false, continue_final_message: true })).json()) as { tokens: number[] };
    const direct = (await (await post(server.url, '/tokenize', { prompt: cut })).json()) as { tokens: number[] };
    expect(cont.tokens).toEqual(direct.tokens);
    expect(cut.endsWith('How can I help?')).toBe(true);

    const both = await post(server.url, '/tokenize', { messages: upToAssistant, add_generation_prompt: true, continue_final_message: true });
    expect(both.status).toBe(400);
    expect(((await both.json()) as { error: { message: string } }).error.message).toBe('Cannot set both `continue_final_message` and `add_generation_prompt` to True.');
  });

  it('/detokenize inverts /tokenize (special tokens kept)', async () => {
    for (const c of golden().cases.slice(0, 12)) {
      const back = (await (await post(server.url, '/detokenize', { model: MODEL, tokens: c.input_ids.slice(1) })).json()) as { prompt: string };
      expect(back).toEqual({ prompt: c.text });
      const withBos = (await (await post(server.url, '/detokenize', { tokens: c.input_ids })).json()) as { prompt: string };
      expect(withBos.prompt).toBe(`<|endoftext|>${c.text}`);
    }
  });

  it('echo scores the prompt ids with the golden PyTorch log-probs (max_tokens 0: prompt only)', async () => {
    const g = golden();
    const k = g.top_k;
    for (const c of g.cases as Case[]) {
      const r = await complete({ prompt: c.input_ids, echo: true, logprobs: k, max_tokens: 0 });
      const ch = r.choices[0] as Choice;
      const lp = ch.logprobs as Logprobs;
      const n = c.input_ids.length;
      expect(ch.text, c.text).toBe(`<|endoftext|>${c.text}`);
      expect(lp.tokens).toEqual(c.token_texts);
      expect(lp.text_offset).toEqual(expectedOffsets(c.token_texts));
      expect(lp.token_logprobs[0]).toBeNull();
      expect(lp.top_logprobs[0]).toBeNull();
      for (let i = 1; i < n; i++) {
        const want = c.logprobs[i - 1] as number;
        expect(Math.abs((lp.token_logprobs[i] as number) - want), `${c.text} token ${i}`).toBeLessThanOrEqual(TOL);
        const top = lp.top_logprobs[i] as Record<string, number>;
        const size = Object.keys(top).length;
        expect(size === k || size === k + 1, `${size} entries`).toBe(true);
        // The actual token is there, with its own log-prob, unless another of the top tokens has
        // the same text (two partial UTF-8 bytes both read "\ufffd"): the keys are texts, as in
        // vLLM's dict, so the later entry's log-prob wins.
        const clash = (c.top_tokens[i - 1] as string[]).some((t, j) => t === c.token_texts[i] && c.top_ids[i - 1]?.[j] !== c.input_ids[i]);
        if (!clash) expect(top[c.token_texts[i] as string]).toBe(lp.token_logprobs[i]);
        // The k largest are the golden top-k (the actual token, when added, ranks below them).
        sortedValues(top)
          .slice(0, k)
          .forEach((v, j) => expect(Math.abs(v - (c.top_logprobs[i - 1]?.[j] as number)), `${c.text} top ${i}/${j}`).toBeLessThanOrEqual(TOL));
        const names = c.top_tokens[i - 1] as string[];
        if (new Set(names).size === names.length) for (const t of names) expect(top, `${c.text} top ${i}`).toHaveProperty([t]);
        // vLLM V1's order: the actual token first (a JS object moves integer-like keys first).
        const first = Object.keys(top)[0] as string;
        if (!/^\d+$/.test(c.token_texts[i] as string) && !Object.keys(top).some((key) => /^\d+$/.test(key))) expect(first).toBe(c.token_texts[i]);
        // The raw prompt_logprobs carry the id, rank and decoded text.
        const raw = ch.prompt_logprobs?.[i]?.[String(c.input_ids[i])];
        expect(raw?.decoded_token).toBe(c.token_texts[i]);
        const at = (c.top_ids[i - 1] as number[]).indexOf(c.input_ids[i] as number);
        if (at >= 0) expect(raw?.rank).toBe(at + 1);
        else expect(raw?.rank).toBeGreaterThan(k);
      }
      expect(ch.prompt_logprobs?.[0]).toBeNull();
      // One token is generated and not shown (vLLM's "echo with max_tokens 0").
      expect(ch.finish_reason).toBe('length');
      expect(r.usage).toEqual({ prompt_tokens: n, completion_tokens: 1, total_tokens: n + 1, prompt_tokens_details: null });
    }
  });

  it("a generated token's alternatives are the golden next-token row; greedy takes its first", async () => {
    const g = golden();
    const k = g.top_k;
    for (const c of (g.cases as Case[]).slice(0, 12)) {
      const n = c.input_ids.length;
      const r = await complete({ prompt: c.input_ids, echo: true, logprobs: k, max_tokens: 1, temperature: 0, return_token_ids: true });
      const ch = r.choices[0] as Choice;
      const lp = ch.logprobs as Logprobs;
      expect(lp.tokens).toHaveLength(n + 1);
      expect(ch.token_ids).toEqual([c.top_ids[n - 1]?.[0]]);
      const top = lp.top_logprobs[n] as Record<string, number>;
      sortedValues(top).forEach((v, j) => expect(Math.abs(v - (c.top_logprobs[n - 1]?.[j] as number)), `${c.text} next ${j}`).toBeLessThanOrEqual(TOL));
      expect(lp.tokens[n]).toBe(c.top_tokens[n - 1]?.[0]);
      expect(Math.abs((lp.token_logprobs[n] as number) - (c.top_logprobs[n - 1]?.[0] as number))).toBeLessThanOrEqual(TOL);
      // With token ids returned, the echoed prompt text is empty (vLLM's rule): only the new token's.
      const special = Object.values(g.special_tokens).includes(c.top_ids[n - 1]?.[0] as number);
      expect(ch.text).toBe(special ? '' : c.top_tokens[n - 1]?.[0]);
    }
  });

  it('logprobs -1 (with --max-logprobs -1) lists the whole vocabulary, summing to 1', async () => {
    const all = await startFakeVllm({ maxLogprobs: -1 });
    try {
      const g = golden();
      const c = g.cases[0] as GoldenCase;
      const r = await post(all.url, '/v1/completions', { prompt: c.input_ids, echo: true, logprobs: -1, max_tokens: 1, return_tokens_as_token_ids: true });
      expect(r.status).toBe(200);
      const lp = ((await r.json()) as Completion).choices[0]?.logprobs as Logprobs;
      for (let i = 1; i < lp.top_logprobs.length; i++) {
        const top = lp.top_logprobs[i] as Record<string, number>;
        expect(Object.keys(top)).toHaveLength(g.vocab_size);
        const mass = Object.values(top).reduce((s, v) => s + Math.exp(v), 0);
        expect(Math.abs(mass - 1)).toBeLessThan(1e-3);
      }
      expect(Math.abs((lp.token_logprobs[1] as number) - (c.logprobs[0] as number))).toBeLessThanOrEqual(TOL);
      // The default server caps at 20.
      expect((await post(server.url, '/v1/completions', { prompt: 'a', logprobs: -1 })).status).toBe(400);
    } finally {
      await all.close();
    }
  });

  it('greedy generation: argmax tokens, text offsets, usage, finish_reason length', async () => {
    const r = await complete({ prompt: 'The United States of America', max_tokens: 8, temperature: 0, logprobs: 5 });
    const ch = r.choices[0] as Choice;
    const lp = ch.logprobs as Logprobs;
    expect(r.object).toBe('text_completion');
    expect(r.id).toMatch(/^cmpl-/);
    expect(r.model).toBe(MODEL);
    expect(ch.finish_reason).toBe('length');
    expect(ch.stop_reason).toBeNull();
    expect(lp.tokens).toHaveLength(8);
    expect(lp.tokens.join('')).toBe(ch.text);
    expect(lp.text_offset).toEqual(expectedOffsets(lp.tokens));
    lp.top_logprobs.forEach((top, i) => {
      expect(Object.keys(top as object).length).toBe(5);
      expect(lp.token_logprobs[i]).toBe(sortedValues(top as Record<string, number>)[0]);
    });
    const ids = (await (await post(server.url, '/tokenize', { prompt: 'The United States of America' })).json()) as { count: number };
    expect(r.usage).toEqual({ prompt_tokens: ids.count, completion_tokens: 8, total_tokens: ids.count + 8, prompt_tokens_details: null });
    expect(ch.prompt_logprobs).toBeNull();
  });

  it('seeded sampling gives LmEngine.generate tokens; streaming gives the same text and tokens', async () => {
    const g = golden();
    const c = g.cases[1] as GoldenCase;
    const settings = { temperature: 0.9, topK: 50, topP: 0.95 };
    const body = { prompt: c.input_ids, max_tokens: 24, seed: 1234, temperature: 0.9, top_k: 50, top_p: 0.95, logprobs: 2, return_tokens_as_token_ids: true };
    const a = await complete(body);
    const b = await complete(body);
    expect(b.choices[0]?.text).toBe(a.choices[0]?.text);
    const ids = (a.choices[0]?.logprobs as Logprobs).tokens.map((t) => {
      expect(t).toMatch(/^token_id:\d+$/);
      return Number(t.slice('token_id:'.length));
    });
    for (const top of (a.choices[0]?.logprobs as Logprobs).top_logprobs) for (const key of Object.keys(top as object)) expect(key).toMatch(/^token_id:\d+$/);

    // The prompt starts with bos, so the engine adds none: the same model input, seed and sampler.
    const engine = await tinyEngine();
    const ref = await engine.generate({ prompt: { ids: c.input_ids }, settings, seed: 1234, maxTokens: 24 });
    expect(ids).toEqual(ref.tokens.map((t) => t.id));

    const s = await stream({ ...body, stream_options: { include_usage: true } });
    const tokenChunks = s.chunks.filter((ch) => ch.choices.length > 0);
    expect(tokenChunks).toHaveLength(ids.length);
    expect(tokenChunks.map((ch) => ch.choices[0]?.text).join('')).toBe(a.choices[0]?.text);
    expect(tokenChunks.flatMap((ch) => (ch.choices[0]?.logprobs as Logprobs).tokens)).toEqual((a.choices[0]?.logprobs as Logprobs).tokens);
    tokenChunks.forEach((ch, i) => {
      expect(ch.object).toBe('text_completion');
      expect(ch.id).toBe(tokenChunks[0]?.id);
      const last = i === tokenChunks.length - 1;
      expect(ch.choices[0]?.finish_reason).toBe(last ? a.choices[0]?.finish_reason : null);
      expect(ch.choices[0]?.stop_reason).toBe(last ? a.choices[0]?.stop_reason : null);
    });
    const usage = s.chunks[s.chunks.length - 1] as Completion;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({ prompt_tokens: c.input_ids.length, completion_tokens: ids.length, total_tokens: c.input_ids.length + ids.length });
  });

  it('streams an echo: the prompt and its log-probs come first', async () => {
    const c = golden().cases[0] as GoldenCase;
    const { chunks } = await stream({ prompt: c.input_ids, echo: true, logprobs: 1, max_tokens: 3, seed: 5 });
    const whole = await complete({ prompt: c.input_ids, echo: true, logprobs: 1, max_tokens: 3, seed: 5 });
    expect(chunks).toHaveLength(whole.usage?.completion_tokens as number);
    const first = chunks[0]?.choices[0] as Choice;
    expect(first.text.startsWith(`<|endoftext|>${c.text}`)).toBe(true);
    expect((first.logprobs as Logprobs).tokens.slice(0, c.input_ids.length)).toEqual(c.token_texts);
    expect((first.logprobs as Logprobs).token_logprobs[0]).toBeNull();
    expect(chunks.map((ch) => ch.choices[0]?.text).join('')).toBe(whole.choices[0]?.text);
  });

  it('stops: eos (stop_reason null), another end token (its id), a stop string, stop_token_ids', async () => {
    // Greedy continuation of this chat is <|endoftext|> (the tokenizer's eos).
    const eosPrompt = '<|user|>\nHi<|end|>\n<|assistant|>\nHi<|end|>\n';
    const e = (await complete({ prompt: eosPrompt, max_tokens: 4, temperature: 0, logprobs: 1 })).choices[0] as Choice;
    expect(e).toMatchObject({ text: '', finish_reason: 'stop', stop_reason: null });
    expect(e.logprobs?.tokens).toEqual(['<|endoftext|>']);
    // vLLM v0.10/v0.11 checks the length cap before eos.
    expect((await complete({ prompt: eosPrompt, max_tokens: 1, temperature: 0 })).choices[0]?.finish_reason).toBe('length');

    // After this assistant turn greedy decoding writes <|end|> (an eos id of generation_config.json).
    const ex = golden().chat_example;
    const content = ex.messages[2]?.content as string;
    const turn = ex.rendered.slice(0, ex.rendered.indexOf(content) + content.length);
    const end = (await complete({ prompt: turn, max_tokens: 4, temperature: 0, return_token_ids: true })).choices[0] as Choice;
    expect(end).toMatchObject({ text: '', finish_reason: 'stop', stop_reason: golden().special_tokens['<|end|>'] });
    expect(end.token_ids).toEqual([golden().special_tokens['<|end|>']]);

    // A stop string cuts the text before it, streamed or not.
    const prompt = 'The United States';
    const free = (await complete({ prompt, max_tokens: 20, temperature: 0, return_token_ids: true })).choices[0] as Choice;
    const stop = free.text.slice(6, 11);
    const want = free.text.slice(0, free.text.indexOf(stop));
    const cut = (await complete({ prompt, max_tokens: 20, temperature: 0, stop: [stop] })).choices[0] as Choice;
    expect(cut).toMatchObject({ text: want, finish_reason: 'stop', stop_reason: stop });
    const streamed = await stream({ prompt, max_tokens: 20, temperature: 0, stop });
    expect(streamed.chunks.map((ch) => ch.choices[0]?.text).join('')).toBe(want);
    expect(streamed.chunks[streamed.chunks.length - 1]?.choices[0]?.stop_reason).toBe(stop);

    // stop_token_ids: the token ends generation and adds no text.
    const firstId = (free.token_ids as number[])[0] as number;
    const byId = (await complete({ prompt, max_tokens: 20, temperature: 0, stop_token_ids: [firstId] })).choices[0] as Choice;
    expect(byId).toMatchObject({ text: '', finish_reason: 'stop', stop_reason: firstId });
  });

  it('rejects what vLLM rejects, with its error bodies', async () => {
    const err = async (r: Response, status: number): Promise<{ message: string; type: string; param: string | null; code: number }> => {
      expect(r.status).toBe(status);
      const b = (await r.json()) as { error: { message: string; type: string; param: string | null; code: number } };
      expect(b.error.code).toBe(status);
      return b.error;
    };
    expect(await err(await post(server.url, '/v1/completions', { model: MODEL, prompt: 'a', logprobs: 21 }), 400)).toEqual({
      message: 'Requested sample logprobs of 21, which is greater than max allowed: 20',
      type: 'BadRequestError',
      param: null,
      code: 400,
    });
    expect((await post(server.url, '/v1/completions', { model: MODEL, prompt: 'a', logprobs: 20, max_tokens: 1 })).status).toBe(200);
    expect(await err(await post(server.url, '/v1/completions', { model: 'gpt-4', prompt: 'a' }), 404)).toEqual({
      message: 'The model `gpt-4` does not exist.',
      type: 'NotFoundError',
      param: 'model',
      code: 404,
    });
    expect((await err(await post(server.url, '/tokenize', { model: 'gpt-4', prompt: 'a' }), 404)).type).toBe('NotFoundError');
    expect((await err(await post(server.url, '/v1/completions', { prompt: 'a', max_tokens: 0 }), 400)).message).toBe('max_tokens must be at least 1, got 0.');
    expect((await err(await post(server.url, '/v1/completions', { prompt: 'a', max_tokens: 300 }), 400)).message).toBe(
      "This model's maximum context length is 256 tokens. However, you requested 301 tokens (1 in the messages, 300 in the completion). Please reduce the length of the messages or completion.",
    );
    expect((await err(await post(server.url, '/v1/completions', { prompt: 'a', temperature: -1 }), 400)).message).toBe('temperature must be non-negative, got -1.');
    expect((await err(await post(server.url, '/v1/completions', { prompt: [1, 99999] }), 400)).message).toMatch(/out of vocabulary/);
    expect((await fetch(`${server.url}/v1/nothing`)).status).toBe(404);

    // maxLogprobs, and vLLM ≤ 0.10.0's flat error body.
    const r = await post(strict.url, '/v1/completions', { prompt: 'a', logprobs: 6 }, { Authorization: 'Bearer sk-test' });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ object: 'error', message: 'Requested sample logprobs of 6, which is greater than max allowed: 5', type: 'BadRequestError', param: null, code: 400 });
    expect((await post(strict.url, '/v1/completions', { prompt: 'a', logprobs: 5, max_tokens: 1 }, { Authorization: 'Bearer sk-test' })).status).toBe(200);
  });

  it('failure modes answer as set, and only until reset', async () => {
    const cases: [FakeVllmMode, number, unknown][] = [
      ['unauthorized', 401, { error: 'Unauthorized' }],
      ['forbidden', 403, { error: expect.objectContaining({ code: 403 }) }],
      ['rate-limited', 429, { error: expect.objectContaining({ code: 429 }) }],
      ['server-error', 500, { error: expect.objectContaining({ code: 500, type: 'InternalServerError' }) }],
    ];
    try {
      for (const [mode, status, body] of cases) {
        server.setMode(mode);
        for (const r of [await fetch(`${server.url}/v1/models`), await post(server.url, '/v1/completions', { prompt: 'a' })]) {
          expect(r.status, mode).toBe(status);
          expect(await r.json(), mode).toEqual(body);
          expect(r.headers.get('access-control-allow-origin'), mode).toBe('*');
          if (mode === 'rate-limited') {
            expect(r.headers.get('retry-after')).toBe('5');
            expect(r.headers.get('access-control-expose-headers')).toBe('Retry-After');
          }
        }
      }
      server.setMode('malformed');
      const bad = await post(server.url, '/v1/completions', { prompt: 'a' });
      expect(bad.status).toBe(200);
      expect(await bad.text()).toBe('{"choices": [');
      const models = (await (await fetch(`${server.url}/v1/models`)).json()) as Record<string, unknown>;
      expect(models).not.toHaveProperty('data');

      server.setMode('no-echo');
      const ne = await post(server.url, '/v1/completions', { prompt: 'a', echo: true, max_tokens: 1 });
      expect(ne.status).toBe(400);
      expect(await ne.json()).toEqual({ error: { code: 400, message: 'Only no echo is supported', type: 'invalid_request_error' } });
      expect((await post(server.url, '/v1/completions', { prompt: 'a', max_tokens: 1 })).status).toBe(200);

      server.setMode('hang');
      await expect(fetch(`${server.url}/health`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
      // Preflights are answered in every mode.
      expect((await fetch(`${server.url}/v1/models`, { method: 'OPTIONS', headers: { Origin: 'http://a.test', 'Access-Control-Request-Method': 'GET' } })).status).toBe(204);
    } finally {
      server.setMode('ok');
    }
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('close() finishes while a request hangs', async () => {
    const s = await startFakeVllm();
    s.setMode('hang');
    const pending = fetch(`${s.url}/v1/models`).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await pending).toBe('dropped');
  });

  it('CORS headers: present by default, absent in no-cors mode and for origins not allowed', async () => {
    const origin = { Origin: 'http://page.test' };
    const pre = await fetch(`${server.url}/v1/completions`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,authorization' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization');
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(pre.headers.get('access-control-allow-private-network')).toBe('true');
    const err = await post(server.url, '/v1/completions', { model: 'nope', prompt: 'a' }, origin);
    expect(err.status).toBe(404);
    expect(err.headers.get('access-control-allow-origin')).toBe('*');

    server.setMode('no-cors');
    try {
      const r = await fetch(`${server.url}/v1/models`, { headers: origin });
      expect(r.status).toBe(200);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      const p = await fetch(`${server.url}/v1/models`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'GET' } });
      expect(p.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      server.setMode('ok');
    }

    const auth = { Authorization: 'Bearer sk-test' };
    const ok = await fetch(`${strict.url}/v1/models`, { headers: { ...auth, Origin: 'http://allowed.test' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://allowed.test');
    const other = await fetch(`${strict.url}/v1/models`, { headers: { ...auth, Origin: 'http://other.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('--api-key guards /v1/* only; its 401 has no CORS headers when corsOnAuthError is false', async () => {
    const origin = { Origin: 'http://allowed.test' };
    const no = await fetch(`${strict.url}/v1/models`, { headers: origin });
    expect(no.status).toBe(401);
    expect(await no.json()).toEqual({ error: 'Unauthorized' });
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${strict.url}/v1/models`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${strict.url}/v1/models`, { headers: { Authorization: 'bearer sk-test' } })).status).toBe(200);
    expect((await post(strict.url, '/tokenize', { prompt: 'a' })).status).toBe(200);
    expect((await fetch(`${strict.url}/health`)).status).toBe(200);
    // Preflights never need the key.
    expect((await fetch(`${strict.url}/v1/models`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'GET' } })).status).toBe(204);
  });

  it('logs every request with its parsed body', async () => {
    const before = server.log.length;
    await post(server.url, '/tokenize', { prompt: 'log me' });
    await fetch(`${server.url}/health`);
    expect(server.log.slice(before)).toEqual([
      { method: 'POST', path: '/tokenize', body: { prompt: 'log me' } },
      { method: 'GET', path: '/health', body: undefined },
    ]);
  });
});
