/**
 * Shared setup for the Node model tests: where the embedded model and its golden data live,
 * and a lazily loaded engine (onnxruntime-node, the file the site serves) shared by the test files' suites.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LmEngine } from '../../src/lib/lm/engine';
import { EMBEDDED_DTYPE } from '../../src/lib/lm/registry';

/** Directory holding local models (`public/models/`). */
export const MODELS_DIR = fileURLToPath(new URL('../../public/models/', import.meta.url));
/** The golden data file written from the PyTorch model. */
export const GOLDEN_PATH = fileURLToPath(new URL('../golden/lm-notes-tiny.json', import.meta.url));

const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];

/** Missing model files (empty when the embedded model is present). */
export const missingModelFiles: string[] = REQUIRED.filter((f) => !existsSync(`${MODELS_DIR}lm-notes-tiny/${f}`));

/** Whether the model and golden data are present (the model tests skip, saying so, when not). */
export const haveModel = missingModelFiles.length === 0 && existsSync(GOLDEN_PATH);

/**
 * What to do when the model is missing: skip the model tests, saying so, on a developer's
 * machine; fail under CI (`CI` set), where a missing model means a broken checkout, not a
 * shortcut. Exported for its own test.
 */
export function missingModelVerdict(missing: readonly string[], env: Record<string, string | undefined>): 'ok' | 'skip' | 'fail' {
  if (missing.length === 0) return 'ok';
  return env['CI'] ? 'fail' : 'skip';
}

const missing = [...missingModelFiles, existsSync(GOLDEN_PATH) ? '' : 'tests/golden/lm-notes-tiny.json'].filter(Boolean);
const verdict = missingModelVerdict(missing, process.env);
if (verdict === 'fail') {
  throw new Error(`[lm tests] CI is set and the embedded model or golden data is missing (${missing.join(', ')}): the model tests cannot run.`);
}
if (verdict === 'skip') console.warn(`[lm tests] SKIPPING model tests: embedded model or golden data missing (${missing.join(', ')}).`);

/** One golden case (see the `convention` field of the golden file). */
export interface GoldenCase {
  text: string;
  input_ids: number[];
  tokens: string[];
  token_texts: string[];
  logprobs: number[];
  sum_logprob: number;
  top_ids: number[][];
  top_logprobs: number[][];
}

/** A teaching probe (model/probes.json) as golden.py evaluated it in PyTorch. */
export interface GoldenProbe {
  id: string;
  ok: boolean;
  /** `pair`: ln p of the expected-better and expected-worse texts. */
  better_logprob?: number;
  worse_logprob?: number;
  /** `next`, `word`, `start`: ln p of the token in question. */
  logprob?: number;
  /** `next`: 1-based rank of the token; its ids. `word`: the most likely token's id. */
  rank?: number;
  token_ids?: number[];
  top_id?: number;
}

/** The golden file. */
export interface Golden {
  bos_token_id: number;
  n_positions: number;
  vocab_size: number;
  top_k: number;
  special_tokens: Record<string, number>;
  cases: GoldenCase[];
  /** The teaching probes, evaluated in PyTorch. */
  probes: GoldenProbe[];
  chat_example: {
    messages: { role: string; content: string }[];
    add_generation_prompt: boolean;
    rendered: string;
    input_ids: number[];
  };
}

/** Parsed golden data (only call when haveModel). */
export function golden(): Golden {
  return JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as Golden;
}

let engine: Promise<LmEngine> | null = null;

/** The embedded model on onnxruntime-node, loaded once per test file. */
export function tinyEngine(): Promise<LmEngine> {
  engine ??= LmEngine.load({
    modelId: 'lm-notes-tiny',
    source: 'local',
    device: 'cpu',
    dtype: EMBEDDED_DTYPE,
    localModelPath: MODELS_DIR,
    bosToken: '<|endoftext|>',
  });
  return engine;
}
