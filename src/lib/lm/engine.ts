/**
 * Model operations over transformers.js, free of any UI and of the worker: the same class runs
 * in Node (vitest, onnxruntime-node, `device: 'cpu'`) and inside the page's worker
 * (`device: 'webgpu' | 'wasm'`).
 *
 * - `score`: one forward pass over [bos] + text gives logits at every position; the log-softmax
 *   of row i scores token i + 1, and `topK` lists what the model expected instead.
 * - `next`: the distribution after a context, reusing the KV cache when the context only grew.
 * - `generate`: our own loop (KV-cached step, `sampleToken`, seeded `createRng`), streaming,
 *   cancellable, stopping on end tokens, stop strings or the token budget.
 *
 * Operations run one at a time (an internal queue); each checks its AbortSignal between steps.
 */
import { AutoConfig, AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import type { PreTrainedModel, PreTrainedTokenizer, ProgressInfo } from '@huggingface/transformers';
import { logSumExp } from '../math/softmax';
import { topK as topKOf } from '../sampling/top-k';
import { createRng } from '../sampling/prng';
import { sampleToken, validateSettings } from '../sampling/reshape';
import type { SamplingSettings } from '../sampling/reshape';
import { contextWindow, scoringWindow, slideWindow } from './context-window';
import { DecodeSession, logitRow } from './decode-session';
import type { LogitRows } from './decode-session';
import { LmError, classifyError } from './errors';
import { END_TOKEN_STRINGS } from './end-tokens';
import { tokenToId } from './tokenizer-adapter';
import type {
  Alternative,
  Backend,
  ChatMessage,
  ChatTemplateResult,
  FileProgress,
  GeneratedToken,
  GenerateResult,
  NextCandidate,
  NextResult,
  ScoredToken,
  ScoreResult,
  TextOrIds,
  TokenizeResult,
  TokenPiece,
  ToolSpec,
} from './protocol';
import type { ModelDtype, ModelSource } from './registry';
import { dedupingFetch } from './fetch-dedupe';
import type { FetchLike } from './fetch-dedupe';
import { findStop } from './stop-strings';
import type { TokenScheme } from './token-bytes';
import { Utf8Stream } from './token-pieces';
import { yielder } from '../scheduling/yield-to-other-tasks';
import { TokenView } from './token-view';

/** Where and how to load a model. */
export interface EngineLoadOptions {
  /** Model id: a folder name under `localModelPath` (local) or a Hub repository id (hub). */
  modelId: string;
  /** Where the files come from. */
  source: ModelSource;
  /** `cpu` in Node; `wasm` or `webgpu` in a browser. */
  device: Exclude<Backend, 'server'>;
  /** Weights variant (`fp32` for the reference numbers). */
  dtype: ModelDtype;
  /** Folder or URL path holding local models (`/models/` on the site, a directory in Node). */
  localModelPath?: string;
  /** Hub host with trailing slash (default `https://huggingface.co/`). */
  hubHost?: string;
  /** Use the browser's Cache API for downloaded files (default: only for Hub models). */
  useBrowserCache?: boolean;
  /** Cap on the context window (the runtime never feeds more; default: the model's own). */
  maxContext?: number;
  /** Token prepended when scoring (e.g. `<|endoftext|>`); default: the config's bos token. */
  bosToken?: string;
  /**
   * Most logits (positions × vocabulary) computed per forward pass when scoring; longer inputs
   * are scored in cached chunks. Default 32M floats (128 MB).
   */
  logitsBudget?: number;
  /** Per-file download progress. */
  onProgress?: (p: FileProgress) => void;
  /** Called with the tokenizer as soon as it is loaded, while the weights may still be loading. */
  onTokenizer?: (tokens: TokenView) => void;
  /**
   * Threads ONNX Runtime may use for one operator (Node only; default: its own choice). One
   * thread makes every float reproducible run to run, which a deterministic build needs.
   */
  threads?: number;
}

/** What the engine knows about the loaded model. */
export interface EngineInfo {
  /** Model id as loaded. */
  modelId: string;
  /** Device it runs on. */
  device: Backend;
  /** Weights variant. */
  dtype: ModelDtype;
  /** Context window used (tokens). */
  contextLength: number;
  /** Logits per position. */
  vocabSize: number;
  /** Token prepended when scoring, or null. */
  bosId: number | null;
  /** Tokens that end generation. */
  eosIds: number[];
  /** How the vocabulary writes bytes. */
  scheme: TokenScheme;
  /** Most logits computed per forward pass when scoring. */
  logitsBudget: number;
}

/** Options of `generate`. */
export interface GenerateOptions {
  /** The prompt (text is tokenized; bos is prepended). */
  prompt: TextOrIds;
  /** Temperature / top-k / top-p. */
  settings: SamplingSettings;
  /** Seed of the random draws (same seed, same output). */
  seed: number;
  /** Most tokens to generate. */
  maxTokens: number;
  /** Stop strings: generation ends when the text contains one (it is cut off). */
  stop?: readonly string[];
  /** Called with every generated token as soon as it is drawn. */
  onToken?: (t: GeneratedToken) => void;
  /** Aborts generation between steps. */
  signal?: AbortSignal;
}

/** Default logits budget per forward pass (floats): longer inputs are scored in cached chunks. */
const MAX_LOGITS_PER_PASS = 32 * 1024 * 1024;



/** Throws `cancelled` if the signal fired. */
function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new LmError('cancelled');
}

/** Milliseconds of uninterrupted work after which a loop lets other tasks run. */
const YIELD_EVERY_MS = 20;

/** The largest vocabulary whose token texts are worked out while the weights load. */
const PREPARED_VOCAB_MAX = 16_384;

/** Raw config.json fields this engine reads. */
interface RawConfig {
  n_positions?: number;
  max_position_embeddings?: number;
  n_ctx?: number;
  vocab_size?: number;
  bos_token_id?: number | number[] | null;
  eos_token_id?: number | number[] | null;
}

/** The fields of transformers.js's global `env` that a load sets. */
type LoadSettings = Pick<typeof env, 'allowLocalModels' | 'allowRemoteModels' | 'localModelPath' | 'remoteHost' | 'useBrowserCache' | 'fetch'>;

/** The end of the chain of loads (see `withLoadSettings`). */
let loads: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` with `settings` in transformers.js's global `env`, which the library reads while
 * it loads files. Two engines in one process (the Node tests, the site build, a page that
 * switches models) would otherwise race: one load's settings (say, Hub only) would apply to the
 * other's files. So loads run one at a time, each with its own settings, and `env` is put back
 * as it was afterwards: a load leaves nothing behind, and the same load twice does the same.
 */
function withLoadSettings<T>(settingsNow: () => Partial<LoadSettings>, task: () => Promise<T>): Promise<T> {
  const run = loads.then(async () => {
    const settings = settingsNow(); // built when this load's turn comes (it may wrap env.fetch)
    const target = env as unknown as Record<string, unknown>;
    const saved = new Map(Object.keys(settings).map((k) => [k, target[k]] as const));
    Object.assign(env, settings);
    try {
      return await task();
    } finally {
      for (const [k, v] of saved) target[k] = v;
    }
  });
  loads = run.catch(() => undefined);
  return run;
}

/** A language model ready to score, predict and generate. */
export class LmEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private nextSession: DecodeSession | null = null;
  private readonly tokenizer: PreTrainedTokenizer;
  private disposed = false;

  private constructor(
    private readonly model: PreTrainedModel,
    private readonly tokens: TokenView,
    /** What the engine knows about the model. */
    readonly info: EngineInfo,
  ) {
    this.tokenizer = tokens.tokenizer;
  }

  /**
   * Loads tokenizer and model, with transformers.js `env` set for this load only (see
   * `withLoadSettings`): local models never fall through to the Hub, Hub models never look for
   * local files.
   */
  static load(opts: EngineLoadOptions): Promise<LmEngine> {
    let dedupe: ReturnType<typeof dedupingFetch> | null = null;
    const settings = (): Partial<LoadSettings> => {
      // Share one request per file between transformers.js's size probes and its real fetches.
      dedupe = dedupingFetch(env.fetch as FetchLike);
      const s: Partial<LoadSettings> = {
        allowLocalModels: opts.source === 'local',
        allowRemoteModels: opts.source === 'hub',
        remoteHost: opts.hubHost ?? 'https://huggingface.co/',
        fetch: dedupe.fetch as typeof env.fetch,
      };
      if (opts.localModelPath !== undefined) s.localModelPath = opts.localModelPath;
      if (typeof caches !== 'undefined') s.useBrowserCache = opts.useBrowserCache ?? opts.source === 'hub';
      return s;
    };
    return withLoadSettings(settings, () => LmEngine.loadWithSettings(opts)).finally(() => dedupe?.clear());
  }

  /** The load itself, once `env` holds this load's settings. */
  private static async loadWithSettings(opts: EngineLoadOptions): Promise<LmEngine> {
    const onProgress = opts.onProgress;
    const progress_callback = onProgress
      ? (info: ProgressInfo): void => {
          const i = info as { status: string; file?: string; loaded?: number; total?: number };
          if (!i.file) return;
          if (i.status === 'initiate' || i.status === 'download' || i.status === 'progress' || i.status === 'done') {
            onProgress({ kind: 'file', file: i.file, loaded: i.loaded ?? 0, total: i.total ?? 0, status: i.status });
          }
        }
      : undefined;

    try {
      // config.json first: a wrong folder or repository fails here with a clear "not found".
      const pretrainedConfig = await AutoConfig.from_pretrained(opts.modelId, { progress_callback });
      // Tokenizer and weights download side by side; the tokenizer (a small file) is handed out
      // as soon as it is ready, so tokenizing never waits for the weights.
      const tokensReady = AutoTokenizer.from_pretrained(opts.modelId, { progress_callback }).then(
        (t) => {
          const view = new TokenView(t);
          opts.onTokenizer?.(view);
          // While the weights load, the texts of a small vocabulary's tokens (after any tokenize
          // requests waiting for this tokenizer have been answered).
          const n = (pretrainedConfig as unknown as RawConfig).vocab_size;
          if (typeof n === 'number' && n <= PREPARED_VOCAB_MAX) setTimeout(() => view.prepareTexts(n), 0);
          return view;
        },
        (e: unknown) => {
          // transformers.js probes tokenizer_config.json first and, when it is missing, fails
          // with a TypeError about `tokenizer_class` rather than a "not found".
          if (e instanceof TypeError && /tokenizer_class/.test(e.message)) {
            throw new LmError('file-not-found', `${new LmError('file-not-found').message} (tokenizer_config.json)`);
          }
          throw e;
        },
      );
      const modelReady = AutoModelForCausalLM.from_pretrained(opts.modelId, {
        config: pretrainedConfig,
        device: opts.device,
        dtype: opts.dtype,
        progress_callback,
        ...(opts.threads ? { session_options: { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } } : {}),
      });
      let tokens: TokenView;
      try {
        tokens = await tokensReady;
      } catch (e) {
        // The weights may still be on their way: release them when they arrive.
        modelReady.then((m) => m.dispose(), () => undefined);
        throw e;
      }
      const model = await modelReady;
      const tokenizer = tokens.tokenizer;
      const config = model.config as unknown as RawConfig;
      const modelContext = config.n_positions ?? config.max_position_embeddings ?? config.n_ctx ?? 1024;
      const contextLength = Math.min(modelContext, opts.maxContext ?? modelContext);
      const vocabSize = config.vocab_size ?? tokenizer.get_vocab().size;
      const first = (v: number | number[] | null | undefined): number | null =>
        Array.isArray(v) ? (v[0] ?? null) : typeof v === 'number' ? v : null;
      const bosFromName = opts.bosToken !== undefined ? tokenToId(tokenizer, opts.bosToken) : undefined;
      const bosId = bosFromName ?? first(config.bos_token_id) ?? (tokenizer.bos_token_id ?? null);
      const eos = new Set<number>();
      const cfgEos = config.eos_token_id;
      for (const id of Array.isArray(cfgEos) ? cfgEos : typeof cfgEos === 'number' ? [cfgEos] : []) eos.add(id);
      if (typeof tokenizer.eos_token_id === 'number') eos.add(tokenizer.eos_token_id);
      for (const name of END_TOKEN_STRINGS) {
        const id = tokenToId(tokenizer, name);
        if (id !== undefined) eos.add(id);
      }
      const info: EngineInfo = {
        modelId: opts.modelId,
        device: opts.device,
        dtype: opts.dtype,
        contextLength,
        vocabSize,
        bosId,
        eosIds: [...eos].sort((a, b) => a - b),
        scheme: tokens.scheme,
        logitsBudget: opts.logitsBudget ?? MAX_LOGITS_PER_PASS,
      };
      return new LmEngine(model, tokens, info);
    } catch (e) {
      throw classifyError(e);
    }
  }

  /** Runs `task` after every earlier operation has finished (one model call at a time). */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.disposed) throw new LmError('not-loaded');
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run.catch((e: unknown) => {
      throw classifyError(e);
    });
  }

  /** Vocabulary string of an id (`<id N>` for ids the tokenizer does not name). */
  tokenString(id: number): string {
    return this.tokens.tokenString(id);
  }

  /** Whether an id is a special token. */
  isSpecial(id: number): boolean {
    return this.tokens.isSpecial(id);
  }

  /** The bytes a token stands for (special tokens: the UTF-8 of their name). */
  tokenBytesOf(id: number): number[] {
    return this.tokens.tokenBytesOf(id);
  }

  /** Text of one token on its own (U+FFFD for a partial UTF-8 character). */
  tokenText(id: number): string {
    return this.tokens.tokenText(id);
  }

  /** Token ids of a text, exactly as the model sees them, without any added bos. */
  encode(text: string): number[] {
    return this.tokens.encode(text);
  }

  /** Text pieces for ids (byte-accurate, see `assignPieces`). */
  pieces(ids: readonly number[]): TokenPiece[] {
    return this.tokens.pieces(ids);
  }

  /** Splits text into tokens with their text pieces. An empty text gives no tokens. */
  tokenize(text: string): TokenizeResult {
    return this.tokens.tokenize(text);
  }

  /**
   * The start token to put before `ids`: the model's, unless they already begin with it (a chat
   * template that writes `<bos>` itself, as Gemma's does), so the model never sees it twice.
   */
  private startFor(ids: readonly number[]): number | null {
    const bos = this.info.bosId;
    return bos !== null && ids[0] === bos ? null : bos;
  }

  /** Ids of an input, checked against the vocabulary. */
  private idsOf(input: TextOrIds): number[] {
    if (typeof input.text === 'string') return this.encode(input.text);
    const ids = input.ids;
    if (!Array.isArray(ids)) throw new LmError('invalid-request', 'Give either a text or a list of token ids.');
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.info.vocabSize) {
        throw new LmError('invalid-request', `Token id ${String(id)} is not in the vocabulary (0 to ${this.info.vocabSize - 1}).`);
      }
    }
    return ids.slice();
  }

  /**
   * Runs the model over `ids` and hands every row of logits to `onRow(position, row)`: in one
   * forward pass, or, when positions × vocabulary would exceed the logits budget (262k-token
   * vocabularies), in consecutive chunks that reuse the KV cache, so memory stays bounded.
   */
  private async forEachRow(
    ids: readonly number[],
    onRow: (position: number, row: Float32Array) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const session = new DecodeSession(this.model, this.info.contextLength);
    try {
      const chunk = Math.max(1, Math.floor(this.info.logitsBudget / this.info.vocabSize));
      for (let s = 0; s < ids.length; s += chunk) {
        throwIfAborted(signal);
        const part = await session.append(ids.slice(s, s + chunk), true);
        for (let r = 0; r < part.rows; r++) onRow(s + r, logitRow(part, r));
      }
    } finally {
      await session.dispose();
    }
  }

  /**
   * Log-probability (nats) of every token of the input given the tokens before it, with the
   * top-k alternatives at each position, from one forward pass over [bos] + tokens. Inputs
   * longer than the context window keep their last part (see `scoringWindow`).
   */
  score(input: TextOrIds, topK = 10, signal?: AbortSignal): Promise<ScoreResult> {
    return this.exclusive(async () => {
      throwIfAborted(signal);
      const ids = this.idsOf(input);
      if (ids.length === 0) throw new LmError('empty-input');
      const C = this.info.contextLength;
      const start = this.startFor(ids);
      const win = scoringWindow(ids, start, C);
      const scoredCount = ids.length - win.firstScored;
      if (scoredCount <= 0) throw new LmError('empty-input', 'The text has only one token and the model has no start token to predict it from.');
      // Position of token ids[j] in the window: j - firstScored + lead; row p predicts position p + 1.
      const lead = win.input.length - scoredCount;
      const pieces = this.pieces(ids).slice(win.firstScored);
      const k = Math.max(0, Math.min(topK, this.info.vocabSize));
      const tokens: ScoredToken[] = [];
      let total = 0;
      await this.forEachRow(
        win.input,
        (position, row) => {
          const n = position - (lead - 1); // index among the scored tokens
          if (n < 0 || n >= scoredCount) return;
          const lse = logSumExp(row);
          const id = ids[win.firstScored + n] as number;
          const logprob = (row[id] as number) - lse;
          total += logprob;
          const best = topKOf(row, k);
          const top: Alternative[] = [];
          for (let j = 0; j < best.indices.length; j++) {
            const alt = best.indices[j] as number;
            top.push({ id: alt, token: this.tokenString(alt), text: this.tokenText(alt), logp: (best.values[j] as number) - lse });
          }
          tokens.push({ ...(pieces[n] as TokenPiece), logprob, top });
        },
        signal,
      );
      throwIfAborted(signal);
      return {
        tokens,
        totalLogprob: total,
        truncated: win.droppedTokens > 0 ? { droppedTokens: win.droppedTokens, contextLength: C } : null,
        bosPrepended: start !== null,
      };
    });
  }

  /**
   * Feeds `ids` to a session in chunks that respect the logits budget (a model without the
   * `num_logits_to_keep` input returns logits for every fed position) and returns the logits of
   * the last position.
   */
  private async feed(session: DecodeSession, ids: readonly number[], signal?: AbortSignal): Promise<Float32Array> {
    const chunk = Math.max(1, Math.floor(this.info.logitsBudget / this.info.vocabSize));
    let last: Float32Array | null = null;
    for (let s = 0; s < ids.length; s += chunk) {
      throwIfAborted(signal);
      last = (await session.append(ids.slice(s, s + chunk))).data;
    }
    if (!last) throw new LmError('empty-input');
    return last;
  }

  /** Last-position logits of a context, reusing the cached session when the context only grew. */
  private async contextLogits(input: readonly number[], signal?: AbortSignal): Promise<Float32Array> {
    let s = this.nextSession;
    const reusable =
      s !== null && s.length > 0 && s.length <= input.length && s.ids.every((id, i) => id === input[i]);
    if (!s || !reusable) {
      if (s) await s.reset();
      else s = this.nextSession = new DecodeSession(this.model, this.info.contextLength);
    }
    throwIfAborted(signal);
    const delta = input.slice(s.length);
    if (delta.length > 0) await this.feed(s, delta, signal);
    const last = s.lastLogits;
    if (!last) throw new LmError('internal', 'No logits for an empty context.');
    return last;
  }

  /**
   * The k most likely next tokens after the input ([bos] + tokens, last C kept), with
   * probabilities, and the probability of everything else. An empty text asks for the first
   * token of a text.
   */
  next(input: TextOrIds, k = 10, signal?: AbortSignal): Promise<NextResult> {
    return this.exclusive(async () => {
      throwIfAborted(signal);
      const ids = this.idsOf(input);
      const win = contextWindow(ids, this.startFor(ids), this.info.contextLength);
      if (win.input.length === 0) throw new LmError('empty-input', 'This model has no start token, so it needs at least one token of context.');
      const row = await this.contextLogits(win.input, signal);
      const lse = logSumExp(row);
      const best = topKOf(row, Math.max(0, Math.min(k, this.info.vocabSize)));
      let mass = 0;
      const top: NextCandidate[] = Array.from(best.indices, (id, j) => {
        const logp = (best.values[j] as number) - lse;
        const p = Math.exp(logp);
        mass += p;
        return { id, token: this.tokenString(id), text: this.tokenText(id), logp, p, special: this.isSpecial(id) };
      });
      return {
        top,
        otherMass: Math.max(0, 1 - mass),
        contextTokens: win.input.length,
        truncated: win.droppedTokens > 0 ? { droppedTokens: win.droppedTokens, contextLength: this.info.contextLength } : null,
      };
    });
  }

  /**
   * Raw last-position logits after a context of ids (no bos added), via the cached session.
   * Exposed for tests and for widgets that need the full distribution.
   */
  logitsAfter(ids: readonly number[], signal?: AbortSignal): Promise<Float32Array> {
    return this.exclusive(async () => {
      if (ids.length === 0) throw new LmError('empty-input');
      if (ids.length > this.info.contextLength) throw new LmError('context-too-long');
      return (await this.contextLogits(ids, signal)).slice();
    });
  }

  /** Logits at every position of ids in one forward pass (no bos added, no cache). For tests. */
  logitsAll(ids: readonly number[]): Promise<LogitRows> {
    return this.exclusive(async () => {
      if (ids.length === 0) throw new LmError('empty-input');
      if (ids.length > this.info.contextLength) throw new LmError('context-too-long');
      const session = new DecodeSession(this.model, this.info.contextLength);
      try {
        return await session.append(ids, true);
      } finally {
        await session.dispose();
      }
    });
  }

  /**
   * Samples a continuation token by token with a KV cache: each step draws from the reshaped
   * distribution (temperature 0 is greedy) with a seeded generator, so the same seed gives the
   * same text. Stops on an end token, a stop string, `maxTokens`, or the signal (`cancelled`).
   */
  generate(opts: GenerateOptions): Promise<GenerateResult> {
    return this.exclusive(async () => {
      const { signal } = opts;
      throwIfAborted(signal);
      try {
        validateSettings(opts.settings);
      } catch (e) {
        throw new LmError('invalid-request', (e as Error).message);
      }
      if (!(Number.isInteger(opts.maxTokens) && opts.maxTokens >= 0)) {
        throw new LmError('invalid-request', `maxTokens must be a whole number ≥ 0 (got ${opts.maxTokens}).`);
      }
      const C = this.info.contextLength;
      const promptIds = this.idsOf(opts.prompt);
      const win = contextWindow(promptIds, this.startFor(promptIds), C);
      if (win.input.length === 0) throw new LmError('empty-input', 'This model has no start token, so it needs a prompt.');
      const rng = createRng(opts.seed);
      const eos = new Set(this.info.eosIds);
      const stops = (opts.stop ?? []).filter((s) => s.length > 0);
      const session = new DecodeSession(this.model, C);
      const utf8 = new Utf8Stream();
      const tokens: GeneratedToken[] = [];
      let seq = win.input.slice(); // the ids in the window, as the model sees them
      let text = '';
      let stopReason: GenerateResult['stopReason'] = 'max-tokens';
      let stopString: string | null = null;
      let slides = 0;
      const maybeYield = yielder(YIELD_EVERY_MS);
      try {
        let logits = await this.feed(session, seq, signal);
        for (let i = 0; i < opts.maxTokens; i++) {
          throwIfAborted(signal);
          const drawn = sampleToken(logits, opts.settings, rng);
          const logp = (logits[drawn.id] as number) - logSumExp(logits);
          const isEnd = eos.has(drawn.id);
          const piece = isEnd || this.isSpecial(drawn.id) ? '' : utf8.push(this.tokenBytesOf(drawn.id));
          const tok: GeneratedToken = { index: i, id: drawn.id, token: this.tokenString(drawn.id), text: piece, p: drawn.p, logp };
          tokens.push(tok);
          opts.onToken?.(tok);
          if (isEnd) {
            stopReason = 'eos';
            break;
          }
          const before = text.length;
          text += piece;
          const hit = findStop(text, stops, before);
          if (hit) {
            text = text.slice(0, hit.index);
            stopReason = 'stop-string';
            stopString = hit.stop;
            break;
          }
          if (i === opts.maxTokens - 1) break;
          seq.push(drawn.id);
          if (session.length + 1 > C) {
            // Slide: restart the cache on the last part of the sequence (never feed > C).
            seq = slideWindow(seq, C);
            slides++;
            await session.reset();
            logits = await this.feed(session, seq, signal);
          } else {
            logits = (await session.append([drawn.id])).data;
          }
          await maybeYield();
        }
        if (stopReason !== 'stop-string') text += utf8.flush();
      } finally {
        await session.dispose();
      }
      return {
        text,
        tokens,
        stopReason,
        stopString,
        windowSlides: slides,
        promptTruncated: win.droppedTokens > 0 ? { droppedTokens: win.droppedTokens, contextLength: C } : null,
      };
    });
  }

  /** Renders a conversation with the model's chat template and tokenizes it. */
  chatTemplate(messages: readonly ChatMessage[], tools: readonly ToolSpec[] | undefined, addGenerationPrompt: boolean): ChatTemplateResult {
    if (messages.length === 0) throw new LmError('empty-input', 'There are no messages to render.');
    try {
      const text = this.tokenizer.apply_chat_template(messages.map((m) => (m.tool_calls && m.tool_calls.length > 0 ? { role: m.role, content: m.content, tool_calls: m.tool_calls } : { role: m.role, content: m.content })), {
        tools: tools ? tools.map((t) => ({ ...t })) : null,
        add_generation_prompt: addGenerationPrompt,
        tokenize: false,
      }) as unknown as string;
      return { text, ids: this.encode(text) };
    } catch (e) {
      throw new LmError('invalid-request', `The chat template could not be applied: ${(e as Error).message}`);
    }
  }

  /** Frees the sessions and model (GPU buffers included). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await this.nextSession?.dispose();
    this.nextSession = null;
    await this.model.dispose();
  }
}
