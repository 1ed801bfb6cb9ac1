/**
 * Benchmarks of the embedded model in Node (onnxruntime-node, `device: 'cpu'`): scoring in one
 * pass vs token by token, our generation loop vs transformers.js `generate()`, and a plain
 * forward pass (the native reference for the browser comparison).
 */
import { readFileSync } from 'node:fs';
import { AutoModelForCausalLM, Tensor, env } from '@huggingface/transformers';
import type { PreTrainedModel } from '@huggingface/transformers';
import { DecodeSession } from '../src/lib/lm/decode-session';
import { LmEngine } from '../src/lib/lm/engine';
import type { ModelDtype } from '../src/lib/lm/registry';
import { logSumExp } from '../src/lib/math/softmax';
import { median } from '../src/lib/bench/median';
import { topK } from '../src/lib/sampling/top-k';
import { timeRuns } from './timing';
import type { RunPlan, Timings } from './timing';

/** The project root (`npm run bench` runs there; the bundled code lives elsewhere). */
export const ROOT = `${process.cwd()}/`;
/** `public/models/` on disk. */
export const MODELS_DIR = `${ROOT}public/models/`;
/** The model every part of the benchmark uses. */
export const MODEL_ID = 'lm-notes-tiny';
/** The text the inputs are cut from (a public-domain chapter shipped with the site). */
export const TEXT = readFileSync(`${ROOT}public/corpora/alice-chapter-1.txt`, 'utf8');

/** The embedded model through the project's engine, as the build and the tests load it. */
export function loadEngine(dtype: ModelDtype): Promise<LmEngine> {
  return LmEngine.load({ modelId: MODEL_ID, source: 'local', device: 'cpu', dtype, localModelPath: MODELS_DIR, bosToken: '<|endoftext|>' });
}

/**
 * The same model loaded by transformers.js alone, for its own `generate()`; `threads` limits
 * ONNX Runtime to that many threads (default: its own choice, one per core).
 */
export function loadPlainModel(dtype: ModelDtype, threads?: number): Promise<PreTrainedModel> {
  const session_options = threads === undefined ? undefined : { intraOpNumThreads: threads, interOpNumThreads: 1 };
  // transformers.js reads these globals while it loads (LmEngine sets them only for its own loads).
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = MODELS_DIR;
  return AutoModelForCausalLM.from_pretrained(MODEL_ID, { device: 'cpu', dtype, ...(session_options ? { session_options } : {}) });
}

/** What the model reads out at one scored position: log-probability of the token and the top 10. */
function readOut(row: Float32Array, id: number): number {
  const lse = logSumExp(row);
  topK(row, 10);
  return (row[id] as number) - lse;
}

/** Scoring timings (ms, medians) and how far the methods' log-probabilities are apart. */
export interface ScoringResult {
  /** Positions fed ([bos] + text tokens). */
  positions: number;
  /** `engine.score()` (one forward over the sequence, top-10 per token, token texts). */
  score: Timings;
  /** One forward over the sequence (`logitsAll`), then the per-position read-out. */
  onePass: Timings;
  /** One forward per prefix (no cache), the last row read out (null when not run). */
  perPrefix: Timings | null;
  /** One cached step per token (the engine's `next` path, `logitsAfter`). */
  perStep: Timings;
  /** Largest difference in log-probability between the methods (nats). */
  maxDiff: number;
}

/**
 * Scores `[bos] + textIds` (the window must fit the context) in one pass and token by token
 * (`slowPlan` for the token-by-token ways; a forward per prefix only when `perPrefix`).
 */
export async function benchScoring(engine: LmEngine, textIds: number[], plan: RunPlan, slowPlan: RunPlan, withPerPrefix = true): Promise<ScoringResult> {
  const bos = engine.info.bosId as number;
  const seq = [bos, ...textIds];
  const n = seq.length;
  let a: number[] = [];
  let b: number[] = [];
  let c: number[] = [];
  let d: number[] = [];

  const score = await timeRuns(async () => {
    a = (await engine.score({ ids: textIds }, 10)).tokens.map((t) => t.logprob);
  }, plan);
  const onePass = await timeRuns(async () => {
    const block = await engine.logitsAll(seq);
    b = [];
    for (let p = 0; p < n - 1; p++) b.push(readOut(block.data.subarray(p * block.vocab, (p + 1) * block.vocab), seq[p + 1] as number));
  }, plan);
  const perPrefix = !withPerPrefix ? null : await timeRuns(async () => {
    c = [];
    for (let p = 1; p < n; p++) {
      const block = await engine.logitsAll(seq.slice(0, p));
      c.push(readOut(block.data.subarray((block.rows - 1) * block.vocab), seq[p] as number));
    }
  }, slowPlan);
  const perStep = await timeRuns(async () => {
    d = [];
    await engine.logitsAfter([bos ^ 1]); // a different first token: the cached session starts afresh
    for (let p = 1; p < n; p++) d.push(readOut(await engine.logitsAfter(seq.slice(0, p)), seq[p] as number));
  }, slowPlan);

  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) {
    for (const other of withPerPrefix ? [b, c, d] : [b, d]) maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (other[i] as number)));
  }
  if (a.length !== n - 1 || b.length !== n - 1 || (withPerPrefix && c.length !== n - 1) || d.length !== n - 1) maxDiff = Number.NaN;
  return { positions: n, score, onePass, perPrefix, perStep, maxDiff };
}

/** Generation timings: whole runs (ms, medians) and whether both made the same tokens. */
export interface DecodeResult {
  /** New tokens per run. */
  tokens: number;
  /** `engine.generate()` (greedy): our step loop with its distribution read-out. */
  ours: Timings;
  /** transformers.js `model.generate()` (greedy, `do_sample: false`). */
  generate: Timings;
  /** Both produced exactly the same token ids. */
  same: boolean;
}

/** Greedy generation of `newTokens` tokens after `[bos] + promptIds`, both ways. */
export async function benchDecode(
  engine: LmEngine,
  model: PreTrainedModel,
  promptIds: number[],
  newTokens: number,
  plan: RunPlan,
): Promise<DecodeResult> {
  const bos = engine.info.bosId as number;
  const input = [bos, ...promptIds];
  let oursIds: number[] = [];
  let theirIds: number[] = [];
  const runOurs = async (): Promise<void> => {
    const r = await engine.generate({ prompt: { ids: promptIds }, settings: { temperature: 0, topK: 0, topP: 1 }, seed: 1, maxTokens: newTokens });
    oursIds = r.tokens.map((t) => t.id);
  };
  const runTheirs = async (): Promise<void> => {
    const out = (await model.generate({
      input_ids: new Tensor('int64', BigInt64Array.from(input, (x) => BigInt(x)), [1, input.length]),
      attention_mask: new Tensor('int64', new BigInt64Array(input.length).fill(1n), [1, input.length]),
      max_new_tokens: newTokens,
      do_sample: false,
      repetition_penalty: 1, // the model's generation_config asks for 1.1; plain greedy like ours
    } as Parameters<PreTrainedModel['generate']>[0])) as Tensor;
    theirIds = Array.from(out.data as BigInt64Array, Number).slice(input.length);
  };
  // Interleave the two so that load from other processes hits both alike.
  for (let i = 0; i < plan.warmup; i++) {
    await runOurs();
    await runTheirs();
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < plan.runs; i++) {
    let t0 = performance.now();
    await runOurs();
    ours.push(performance.now() - t0);
    t0 = performance.now();
    await runTheirs();
    theirs.push(performance.now() - t0);
  }
  return {
    tokens: oursIds.length,
    ours: { ms: ours, median: median(ours) },
    generate: { ms: theirs, median: median(theirs) },
    same: oursIds.length === theirIds.length && oursIds.every((id, i) => id === theirIds[i]),
  };
}

/** One forward pass over `ids` (all rows of logits), as the browser part measures it. */
export function benchForward(engine: LmEngine, ids: number[], plan: RunPlan): Promise<Timings> {
  return timeRuns(() => engine.logitsAll(ids), plan);
}

/** The same forward pass on a plain model (what `logitsAll` runs: a fresh DecodeSession). */
export function benchForwardPlain(model: PreTrainedModel, ids: number[], plan: RunPlan): Promise<Timings> {
  return timeRuns(async () => {
    const session = new DecodeSession(model, 256);
    await session.append(ids, true);
    await session.dispose();
  }, plan);
}
