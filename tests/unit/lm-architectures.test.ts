/**
 * One tiny random-weight model per architecture the registry offers (llama for SmolLM2, qwen2
 * for Qwen2.5, gemma3_text for Gemma 3), built by model/fixtures/make_fixtures.py in the form of
 * the Hub's ONNX exports, loaded with the project's LmEngine on onnxruntime-node. Expected
 * numbers come from elsewhere: token ids and log-probs from the script's own tokenizer and
 * PyTorch model (the golden JSON next to the fixtures), greedy continuations from a raw
 * onnxruntime-node loop written below (no project code, no transformers.js).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { LmEngine } from '../../src/lib/lm/engine';
import { dtypeSuffix, findModel } from '../../src/lib/lm/registry';

const FIXTURES = fileURLToPath(new URL('../fixtures/hub/', import.meta.url));
const TOL = 1e-4;

interface FixtureGolden {
  family: string;
  repo: string;
  bos_token: string;
  bos_id: number;
  vocab_size: number;
  tokenizer_size: number;
  top_k: number;
  end_ids: number[];
  special_tokens: Record<string, number>;
  cases: {
    text: string;
    ids: number[];
    tokens: string[];
    logprobs: number[];
    sum_logprob: number;
    top_ids: number[][];
    top_logprobs: number[][];
    next_ids: number[];
    next_logprobs: number[];
  }[];
  greedy: { prompt: string; input_ids: number[]; ids: number[]; min_margin: number }[];
  chat: { messages: { role: string; content: string }[]; add_generation_prompt: boolean; rendered: string; ids: number[] };
  /** The LM internals document of one question (see make_fixtures.py, internals_golden). */
  internals: {
    question: string;
    document: string;
    doc_ids: number[];
    input_ids: number[];
    shown_ids: number[];
    logprobs: number[];
    greedy_ids: number[];
  };
}

/**
 * A top-k list against the golden one: the k log-probs, rank by rank, within TOL (so two tokens
 * closer than TOL may swap ranks), and every listed id with its own golden log-prob.
 */
function expectTopK(ids: number[], logps: number[], goldIds: number[], goldLogps: number[], what: string): void {
  expect(ids, what).toHaveLength(goldIds.length);
  const gold = new Map(goldIds.map((id, j) => [id, goldLogps[j] as number]));
  logps.forEach((lp, j) => {
    expect(Math.abs(lp - (goldLogps[j] as number)), `${what} rank ${j}`).toBeLessThanOrEqual(TOL);
    const g = gold.get(ids[j] as number);
    // An id outside the golden top-k is only acceptable at the last rank, tied within TOL.
    if (g === undefined) expect(j, `${what}: id ${ids[j]} at rank ${j} not in the golden top-k`).toBe(ids.length - 1);
    else expect(Math.abs(lp - g), `${what} id ${ids[j]}`).toBeLessThanOrEqual(TOL);
  });
}

/** Greedy decoding straight on onnxruntime-node: full prompt, then one token at a time with the cache. */
async function rawGreedy(modelPath: string, config: Record<string, unknown>, input: number[], steps: number, endIds: number[]): Promise<number[]> {
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1 });
  try {
    const layers = config['num_hidden_layers'] as number;
    const kv = config['num_key_value_heads'] as number;
    const headDim = (config['head_dim'] as number | undefined) ?? (config['hidden_size'] as number) / (config['num_attention_heads'] as number);
    const past: Record<string, ort.Tensor> = {};
    for (let l = 0; l < layers; l++) {
      for (const n of ['key', 'value']) past[`past_key_values.${l}.${n}`] = new ort.Tensor('float32', new Float32Array(0), [1, kv, 0, headDim]);
    }
    const out: number[] = [];
    let feed = input.slice();
    let total = 0;
    for (let s = 0; s < steps; s++) {
      const t = feed.length;
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(feed, BigInt), [1, t]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(total + t).fill(1n), [1, total + t]),
        position_ids: new ort.Tensor('int64', BigInt64Array.from({ length: t }, (_, i) => BigInt(total + i)), [1, t]),
        ...past,
      };
      const res = await session.run(feeds);
      const logits = res['logits']!;
      const vocab = logits.dims[2]!;
      const data = logits.data as Float32Array;
      let best = 0;
      const row = data.subarray((t - 1) * vocab, t * vocab);
      for (let i = 1; i < vocab; i++) if (row[i]! > row[best]!) best = i;
      out.push(best);
      if (endIds.includes(best)) break;
      for (let l = 0; l < layers; l++) {
        for (const n of ['key', 'value']) past[`past_key_values.${l}.${n}`] = res[`present.${l}.${n}`]!;
      }
      total += t;
      feed = [best];
    }
    return out;
  } finally {
    await session.release();
  }
}

/**
 * Logits of `ids` straight on onnxruntime-node: in one forward pass, and fed `split` tokens first
 * then one at a time through the KV cache (last-position rows of each step). Both [T, vocab].
 */
async function rawFullAndCached(modelPath: string, config: Record<string, unknown>, ids: number[], split: number): Promise<{ full: Float32Array; cached: Float32Array; vocab: number }> {
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1 });
  try {
    const layers = config['num_hidden_layers'] as number;
    const kv = config['num_key_value_heads'] as number;
    const headDim = (config['head_dim'] as number | undefined) ?? (config['hidden_size'] as number) / (config['num_attention_heads'] as number);
    const empty = (): Record<string, ort.Tensor> => {
      const p: Record<string, ort.Tensor> = {};
      for (let l = 0; l < layers; l++) for (const n of ['key', 'value']) p[`past_key_values.${l}.${n}`] = new ort.Tensor('float32', new Float32Array(0), [1, kv, 0, headDim]);
      return p;
    };
    const step = async (feed: number[], past: Record<string, ort.Tensor>, done: number) => {
      const t = feed.length;
      return session.run({
        input_ids: new ort.Tensor('int64', BigInt64Array.from(feed, BigInt), [1, t]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(done + t).fill(1n), [1, done + t]),
        position_ids: new ort.Tensor('int64', BigInt64Array.from({ length: t }, (_, i) => BigInt(done + i)), [1, t]),
        ...past,
      });
    };
    const fullOut = await step(ids, empty(), 0);
    const full = fullOut['logits']!.data as Float32Array;
    const vocab = fullOut['logits']!.dims[2]!;
    const cached = new Float32Array(full.length);
    let past = empty();
    let done = 0;
    for (const part of [ids.slice(0, split), ...ids.slice(split).map((x) => [x])]) {
      const out = await step(part, past, done);
      cached.set(out['logits']!.data as Float32Array, done * vocab);
      past = {};
      for (let l = 0; l < layers; l++) for (const n of ['key', 'value']) past[`past_key_values.${l}.${n}`] = out[`present.${l}.${n}`]!;
      done += part.length;
    }
    return { full, cached, vocab };
  } finally {
    await session.release();
  }
}

const FAMILIES = ['llama', 'qwen2', 'gemma3_text'] as const;
const SCHEME = { llama: 'byte-level', qwen2: 'byte-level', gemma3_text: 'sentencepiece' } as const;
const engines: LmEngine[] = [];
afterAll(async () => {
  for (const e of engines) await e.dispose();
});

for (const family of FAMILIES) {
  const golden = JSON.parse(readFileSync(`${FIXTURES}${family}.golden.json`, 'utf8')) as FixtureGolden;
  const dir = `${FIXTURES}${golden.repo}/`;
  const config = JSON.parse(readFileSync(`${dir}config.json`, 'utf8')) as Record<string, unknown>;
  const spec = findModel(golden.repo);
  let engine: Promise<LmEngine> | null = null;
  const load = (): Promise<LmEngine> => {
    engine ??= LmEngine.load({
      modelId: golden.repo,
      source: 'local',
      device: 'cpu',
      // The weights file the registry picks for WebAssembly (the fixture's q4 name holds fp32 weights).
      dtype: spec!.dtypes.wasm,
      localModelPath: FIXTURES,
      bosToken: spec!.bosToken,
      threads: 1,
    }).then((e) => (engines.push(e), e));
    return engine;
  };

  describe(`${family} fixture (${golden.repo})`, () => {
    it('onnxruntime-node: a cached decode (prefix, then token by token) equals one full forward', async () => {
      // The longest golden text: longer than Gemma's sliding window (8), so the cache crosses it.
      const c = golden.cases.reduce((a, b) => (b.ids.length > a.ids.length ? b : a));
      const ids = [golden.bos_id, ...c.ids];
      expect(ids.length).toBeGreaterThan(12);
      const r = await rawFullAndCached(`${dir}onnx/model.onnx`, config, ids, 3);
      expect(r.vocab).toBe(golden.vocab_size);
      let worst = 0;
      for (let i = 0; i < r.full.length; i++) worst = Math.max(worst, Math.abs(r.full[i]! - r.cached[i]!));
      expect(worst).toBeLessThanOrEqual(TOL);
    });

    it('is the registry’s model, with the config’s architecture, and loads with its ids', async () => {
      expect(spec, 'registry entry').toBeDefined();
      expect(config['model_type']).toBe(family);
      expect(spec!.bosToken).toBe(golden.bos_token);
      const e = await load();
      expect(e.info.vocabSize).toBe(golden.vocab_size);
      expect(e.info.bosId).toBe(golden.bos_id);
      for (const id of golden.end_ids) expect(e.info.eosIds).toContain(id);
      expect(e.info.scheme).toBe(SCHEME[family]);
    });

    it('tokenizes to the ids of the script’s own tokenizer, pieces rebuilding the text', async () => {
      const e = await load();
      for (const c of golden.cases) {
        const r = e.tokenize(c.text);
        expect(r.ids, c.text).toEqual(c.ids);
        expect(r.tokens.map((t) => t.token), c.text).toEqual(c.tokens);
        expect(r.tokens.map((t) => t.text).join(''), c.text).toBe(c.text);
        for (const t of r.tokens) expect(c.text.slice(t.start, t.end)).toBe(t.text);
      }
    });

    it('scores every text within 1e-4 nats of PyTorch, with PyTorch’s top-k', async () => {
      const e = await load();
      for (const c of golden.cases) {
        const r = await e.score({ text: c.text }, golden.top_k);
        expect(r.bosPrepended).toBe(true);
        expect(r.tokens.map((t) => t.id)).toEqual(c.ids);
        r.tokens.forEach((t, i) => {
          expect(Math.abs(t.logprob - c.logprobs[i]!), `${c.text} token ${i}`).toBeLessThanOrEqual(TOL);
          expectTopK(t.top.map((a) => a.id), t.top.map((a) => a.logp), c.top_ids[i]!, c.top_logprobs[i]!, `${c.text} top at ${i}`);
        });
        expect(Math.abs(r.totalLogprob - c.sum_logprob)).toBeLessThanOrEqual(TOL * c.logprobs.length);
      }
    });

    it('gives PyTorch’s next-token distribution after every text', async () => {
      const e = await load();
      for (const c of golden.cases) {
        const r = await e.next({ text: c.text }, golden.top_k);
        expect(r.contextTokens).toBe(c.ids.length + 1);
        expectTopK(r.top.map((t) => t.id), r.top.map((t) => t.logp), c.next_ids, c.next_logprobs, `next after ${c.text}`);
      }
    });

    it('generates greedily exactly what a raw onnxruntime-node loop (and PyTorch) generates', async () => {
      const e = await load();
      const modelPath = `${dir}onnx/model${dtypeSuffix(spec!.dtypes.wasm)}.onnx`;
      for (const g of golden.greedy) {
        const r = await e.generate({ prompt: { text: g.prompt }, settings: { temperature: 0, topK: 0, topP: 1 }, seed: 1, maxTokens: g.ids.length });
        const raw = await rawGreedy(modelPath, config, g.input_ids, g.ids.length, golden.end_ids);
        expect(raw, `raw ORT vs PyTorch, ${g.prompt}`).toEqual(g.ids);
        expect(r.tokens.map((t) => t.id), g.prompt).toEqual(raw);
      }
    });

    it('reads a chat document with the model’s start token once (Gemma’s template writes <bos> itself)', async () => {
      const e = await load();
      const gi = golden.internals;
      const doc = e.chatTemplate([{ role: 'user', content: gi.question }], undefined, true);
      expect(doc.text).toBe(gi.document);
      expect(doc.ids).toEqual(gi.doc_ids);
      // The model's input: one start token, whether the template wrote it or the engine adds it.
      expect(gi.input_ids.filter((id) => id === golden.bos_id)).toHaveLength(1);
      const r = await e.score({ text: doc.text }, 1);
      expect(r.bosPrepended).toBe(gi.doc_ids[0] !== golden.bos_id);
      expect(r.tokens.map((t) => t.id)).toEqual(gi.shown_ids);
      r.tokens.forEach((t, i) => expect(Math.abs(t.logprob - gi.logprobs[i]!), `token ${i}`).toBeLessThanOrEqual(TOL));
      // Greedy reply of up to 100 tokens: the engine, a raw onnxruntime-node loop over the same
      // input ids, and PyTorch agree token for token.
      const gen = await e.generate({ prompt: { text: doc.text }, settings: { temperature: 0, topK: 0, topP: 1 }, seed: 1, maxTokens: 100 });
      const raw = await rawGreedy(`${dir}onnx/model${dtypeSuffix(spec!.dtypes.wasm)}.onnx`, config, gi.input_ids, 100, golden.end_ids);
      expect(raw).toEqual(gi.greedy_ids);
      expect(gen.tokens.map((t) => t.id)).toEqual(gi.greedy_ids);
    });

    it('renders the chat template in the family’s format', async () => {
      const e = await load();
      const r = e.chatTemplate(golden.chat.messages, undefined, golden.chat.add_generation_prompt);
      expect(r.text).toBe(golden.chat.rendered);
      expect(r.ids).toEqual(golden.chat.ids);
    });
  });
}
