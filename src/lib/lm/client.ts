/**
 * The page side of the model runtime. One `ModelClient` per page (see `getModelClient`) owns
 * one worker, created lazily on the first request, and gives every widget typed methods:
 *
 * - requests go through the shared RPC layer (`lib/rpc/client`): matched to replies by id,
 *   `supersede: key` (a newer request with the same key cancels the older one, which rejects
 *   with `cancelled` at once, so a stale result can never overwrite a newer one), `signal` (an
 *   AbortSignal cancels the request in the worker), and a crash (every pending request rejects
 *   with `worker-crashed`; the next request starts a fresh worker and reloads the model);
 * - the model is loaded on demand (the reader's saved choice, else the site default);
 * - `status` is a store of what the model is doing, for status panels.
 */
import { backendFromQuery } from './backend';
import { LmError, type LmErrorCode } from './errors';
import { browserStorage, forgetModelChoice, modelLabel, readModelChoice, saveModelChoice } from './model-choice';
import { applyProgress, initialStatus, statusError, statusFallingBack, statusLoading, statusReady } from './model-status';
import { findServer, isServerId, serverTarget } from './server/servers';
import { EMBEDDED_MODEL_ID, findModel } from './registry';
import { downloadBytes } from './download-size';
import { loadedBefore, rememberLoaded, warmStartPlan } from './warm-start';
import type { WarmStart } from './warm-start';
import type { ModelStatus } from './model-status';
import { RpcClient, type CallOptions as RpcCallOptions, type OpenCall, type WorkerLike } from '../rpc/client';
import type {
  ChatMessage,
  ModelChoice,
  ModelInfo,
  ProgressData,
  RequestOf,
  RequestPayloads,
  RequestType,
  ResultValues,
  SamplingSettings,
  TextOrIds,
  ToolSpec,
} from './protocol';
import { createStore } from './store';
import type { Store } from './store';

/** What the client needs from a Worker (a real one, or a fake in tests): the shared RPC layer's. */
export type { WorkerLike } from '../rpc/client';

/** Options every request accepts (supersede key, AbortSignal, progress of file downloads or tokens). */
export type CallOptions = RpcCallOptions<ProgressData>;

/** Parameters of `generate`. */
export interface GenerateParams {
  /** Prompt text or ids (bos is prepended). */
  prompt: TextOrIds;
  /** Temperature / top-k / top-p. */
  settings: SamplingSettings;
  /** Seed of the draws. */
  seed: number;
  /** Most tokens to generate. */
  maxTokens: number;
  /** Stop strings. */
  stop?: string[];
}

/** How to build a client. */
export interface ModelClientOptions {
  /** Creates the worker (called lazily, and again after a crash). */
  createWorker: () => WorkerLike;
  /** The model (and backend preference) to load on demand. */
  choice: ModelChoice;
  /** Notices to show from the start (e.g. an unknown saved model was replaced). */
  notices?: ModelStatus['notices'];
  /**
   * The model the figures fall back to when the chosen one cannot be loaded (default: the
   * embedded `lm-notes-tiny`, which the site serves itself). Null: no fallback (tests).
   */
  fallbackModel?: string | null;
}


/** A choice as the worker needs it: a class server's id carries its address and model (the worker cannot read the reader's storage). */
function withServerTarget(choice: ModelChoice): ModelChoice | LmError {
  if (!isServerId(choice.id)) return { ...choice };
  const server = findServer(choice.id, browserStorage());
  if (!server) return new LmError('unknown-model', `There is no class server called "${choice.id}" in this browser or in the site's settings.`);
  return { ...choice, server: serverTarget(server) };
}

/** The key that tells two choices apart (model and backend preference). */
function keyOf(choice: ModelChoice): string {
  return `${choice.id}|${choice.backend ?? 'auto'}`;
}

/** Typed access to the model worker. */
export class ModelClient {
  /** What the model is doing, for status panels. */
  readonly status: Store<ModelStatus>;
  private readonly rpc: RpcClient<RequestPayloads, ResultValues, ProgressData, LmError>;
  private loaded: { key: string; promise: Promise<ModelInfo> } | null = null;
  private loadSeq = 0;
  private choice: ModelChoice;
  private readonly fallbackId: string | null;
  private prepared = false;

  /** A client; nothing starts until the first request (or `prepare`). */
  constructor(options: ModelClientOptions) {
    this.choice = { ...options.choice };
    this.fallbackId = options.fallbackModel === undefined ? EMBEDDED_MODEL_ID : options.fallbackModel;
    this.status = createStore(initialStatus(options.choice.id, options.notices ?? []));
    this.rpc = new RpcClient({
      createWorker: options.createWorker,
      errors: {
        fromReply: (info) => new LmError(info.code as LmErrorCode, info.message),
        crashed: (detail) => new LmError('worker-crashed', `${new LmError('worker-crashed').message}${detail ? ` (${detail})` : ''}`),
        cancelled: (message) => new LmError('cancelled', message),
      },
      cancelMessage: (id, targetId): RequestOf<'cancel'> => ({ id, type: 'cancel', targetId }),
      onCrash: (err) => {
        this.loaded = null;
        this.status.update((s) => statusError(s, err.toInfo()));
      },
    });
  }

  /** The model and backend preference used for on-demand loads. */
  get currentChoice(): ModelChoice {
    return { ...this.choice };
  }

  /** Whether a worker is running. */
  get hasWorker(): boolean {
    return this.rpc.hasWorker;
  }

  /** Sends a request that needs the model: loads it first if needed. */
  private call<T extends Exclude<RequestType, 'load' | 'cancel' | 'unload'>>(
    type: T,
    payload: RequestPayloads[T],
    opts: CallOptions = {},
  ): Promise<ResultValues[T]> {
    const c = this.rpc.open<T>(opts);
    const sentFor = this.choice.id;
    const loaded = this.ensureLoaded();
    if (type === 'tokenize') {
      // The worker answers as soon as the tokenizer is in, before the weights: send it right
      // behind the load. If the load fails, the worker is retired and this request with it;
      // when the figures then fell back to another model, ask that one.
      this.rpc.send(c, type, payload);
      loaded.catch(() => undefined);
      return c.promise.catch(async (e: unknown) => {
        if (!(e instanceof LmError) || e.code === 'cancelled') throw e;
        const fellBack = await loaded.then(
          () => this.choice.id !== sentFor,
          () => false,
        );
        if (fellBack) return this.call(type, payload, opts);
        throw e;
      });
    }
    loaded.then(
      () => this.rpc.send(c, type, payload),
      (e: unknown) => this.rpc.fail(c, e instanceof LmError ? e : new LmError('internal', String(e))),
    );
    return c.promise;
  }

  /**
   * Rejects a request without sending it. It is still registered first, so it supersedes an
   * older request with the same key, which therefore cannot land after this answer.
   */
  private refuse<T extends RequestType>(error: LmError, opts: CallOptions = {}): Promise<ResultValues[T]> {
    const c = this.rpc.open<T>(opts);
    this.rpc.fail(c, error);
    return c.promise;
  }

  /**
   * Loads the current choice unless it is loaded or loading. If it cannot be loaded (offline,
   * a missing file, a server that is down), the figures fall back to the embedded model: the
   * status gets one notice saying what failed, and the failed choice is not kept for later
   * visits (`retryFallback` tries it again).
   */
  ensureLoaded(): Promise<ModelInfo> {
    const key = keyOf(this.choice);
    if (this.loaded && this.loaded.key === key) return this.loaded.promise;
    const failing = this.choice;
    const attempt = this.load();
    if (this.fallbackId === null || failing.id === this.fallbackId) return attempt;
    const guarded = attempt.catch((e: unknown) => {
      const err = e instanceof LmError ? e : new LmError('internal', String(e));
      // Cancelled, or another model was chosen meanwhile: nothing to fall back from.
      if (err.code === 'cancelled' || keyOf(this.choice) !== key) throw err;
      return this.fallBack(failing, err);
    });
    this.loaded = { key, promise: guarded };
    return guarded;
  }

  /** Replaces a choice that failed to load by the fallback model, with a notice. */
  private fallBack(failed: ModelChoice, err: LmError): Promise<ModelInfo> {
    const fallbackId = this.fallbackId as string;
    forgetModelChoice(browserStorage());
    const message = `${modelLabel(failed.id)} could not be loaded, so every figure uses ${modelLabel(fallbackId)} instead. What failed: ${err.message}`;
    this.status.update((s) => statusFallingBack(s, failed.id, { code: 'model-fallback', message }));
    this.choice = { id: fallbackId, backend: failed.backend ?? 'auto' };
    return this.load(this.choice);
  }

  /** Tries the model that failed (and was replaced by the fallback) once more. */
  retryFallback(): Promise<ModelInfo> | null {
    const id = this.status.get().fallbackFrom;
    if (id === null) return null;
    return this.selectModel(id);
  }

  /**
   * Loads a model (default: the current choice) and makes it the current choice. Progress goes
   * to `status` and to `opts.onProgress`.
   */
  load(choice: ModelChoice = this.choice, opts: CallOptions = {}): Promise<ModelInfo> {
    return this.loadIn(choice, opts, false);
  }

  /**
   * `load`, once more in a fresh worker if the worker answers `needs-fresh-worker` (it runs the
   * WebAssembly-only ONNX Runtime build and the new model wants WebGPU).
   */
  private loadIn(choice: ModelChoice, opts: CallOptions, freshWorker: boolean): Promise<ModelInfo> {
    this.choice = { ...choice };
    const key = `${choice.id}|${choice.backend ?? 'auto'}`;
    const seq = ++this.loadSeq;
    const current = (): boolean => seq === this.loadSeq;
    this.status.update((s) => statusLoading(s, choice.id));
    const c: OpenCall<ModelInfo> = this.rpc.open<'load'>({
      ...opts,
      onProgress: (d) => {
        if (current()) this.status.update((s) => applyProgress(s, d));
        opts.onProgress?.(d);
      },
    });
    const model = withServerTarget(choice);
    if (model instanceof LmError) this.rpc.fail(c, model);
    else this.rpc.send(c, 'load', { model });
    const tracked = c.promise.then(
      (info) => {
        if (current()) this.status.update((s) => statusReady(s, info));
        if (info.origin !== 'server') rememberLoaded(browserStorage(), info.modelId);
        return info;
      },
      (e: LmError) => {
        if (e.code === 'needs-fresh-worker' && !freshWorker && current() && c.worker) {
          this.retire(c.worker, e);
          return this.loadIn(choice, opts, true);
        }
        if (this.loaded?.promise === tracked) this.loaded = null;
        if (current() && e.code !== 'worker-crashed') this.status.update((s) => statusError(s, e.toInfo()));
        // transformers.js remembers file lookups (a 404 included) for the life of the worker,
        // so after a failed load the next attempt starts from a fresh worker.
        if (e.code !== 'cancelled' && e.code !== 'worker-crashed' && c.worker) this.retire(c.worker, e);
        throw e;
      },
    );
    this.loaded = { key, promise: tracked };
    return tracked;
  }

  /**
   * Readies the runtime before first use (a model-backed figure came into view): loads the
   * model when this browser loaded it before and it is small, else only starts the worker (see
   * warm-start.ts). Once per page; does nothing when a worker is already running. Returns the
   * plan it followed, or null.
   */
  prepare(): WarmStart | null {
    if (this.prepared || this.loaded !== null || this.rpc.hasWorker) return null;
    this.prepared = true;
    const spec = findModel(this.choice.id);
    const plan = warmStartPlan({
      loadedBefore: loadedBefore(browserStorage(), this.choice.id),
      downloadBytes: spec ? downloadBytes(spec) : null,
      saveData: saveDataRequested(),
    });
    if (plan === 'load-model') this.ensureLoaded().catch(() => undefined); // a failure shows when a figure asks
    else this.rpc.start();
    return plan;
  }

  /**
   * Makes model `id` the current choice (remembered for next visits) without loading it: the
   * next request, or `load()`, loads it. Throws for an id that is not in the registry.
   */
  setModel(id: string): void {
    saveModelChoice(browserStorage(), id);
    if (id === this.choice.id) return;
    this.choice = { id, backend: this.choice.backend ?? 'auto' };
    this.loaded = null;
    this.loadSeq++; // a load still running for the old choice no longer updates the status
    // A new choice: an old "could not be loaded" notice no longer applies (unless it is the retry).
    this.status.update((s) =>
      s.fallbackFrom === id ? initialStatus(id, s.notices, s.fallbackFrom) : initialStatus(id, s.notices.filter((n) => n.code !== 'model-fallback')),
    );
  }

  /** Switches to model `id` (remembered for next visits) and loads it (falling back if it fails). */
  selectModel(id: string): Promise<ModelInfo> {
    this.setModel(id);
    return this.ensureLoaded();
  }

  /** Tokens of a text, with byte-accurate text pieces. */
  tokenize(text: string, opts?: CallOptions): Promise<ResultValues['tokenize']> {
    return this.call('tokenize', { text }, opts);
  }

  /** Per-token log-probabilities (nats) and top-k alternatives of a text. */
  score(input: TextOrIds, topK = 10, opts?: CallOptions): Promise<ResultValues['score']> {
    // Nothing to score: say so at once rather than loading the model first.
    if (isEmptyText(input)) return this.refuse<'score'>(new LmError('empty-input'), opts);
    return this.call('score', { input, topK }, opts);
  }

  /** The next-token distribution after a text or ids. */
  next(input: TextOrIds, k = 10, opts?: CallOptions): Promise<ResultValues['next']> {
    return this.call('next', { input, k }, opts);
  }

  /** Samples a continuation; each token arrives as a `token` progress event. */
  generate(params: GenerateParams, opts?: CallOptions): Promise<ResultValues['generate']> {
    const payload: RequestPayloads['generate'] = { ...params };
    return this.call('generate', payload, opts);
  }

  /** Renders messages with the model's chat template. */
  chatTemplate(
    messages: ChatMessage[],
    addGenerationPrompt: boolean,
    tools?: ToolSpec[],
    opts?: CallOptions,
  ): Promise<ResultValues['chatTemplate']> {
    const payload: RequestPayloads['chatTemplate'] = tools ? { messages, tools, addGenerationPrompt } : { messages, addGenerationPrompt };
    return this.call('chatTemplate', payload, opts);
  }

  /** Frees the model in the worker (the next request loads it again). */
  async unload(): Promise<ResultValues['unload']> {
    if (!this.rpc.hasWorker) return { unloaded: false };
    this.loaded = null;
    const r = await this.rpc.call('unload', {});
    this.status.update((s) => initialStatus(s.modelId, s.notices));
    return r;
  }

  /** Stops the worker and rejects everything pending (`cancelled`). */
  dispose(): void {
    this.loaded = null;
    this.rpc.dispose(new LmError('cancelled', 'The model runtime was shut down.'));
  }

  /** Stops a worker on purpose; what it was still doing rejects with `error`. */
  private retire(w: WorkerLike, error: LmError): void {
    if (this.rpc.retire(w, error)) this.loaded = null;
  }
}

/** The real module worker of the site. */
function createModelWorker(): WorkerLike {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'lm-notes-model' });
}

const SINGLETON = Symbol.for('lm-notes.model-client');

/**
 * The page's shared client: every widget on a page uses the same worker and model. The model is
 * the reader's saved choice (else the site default); `?backend=wasm|webgpu` in the page URL
 * forces a backend (used by the tests and handy for comparing the two).
 */
export function getModelClient(): ModelClient {
  const g = globalThis as { [SINGLETON]?: ModelClient };
  const existing = g[SINGLETON];
  if (existing) return existing;
  const resolved = readModelChoice(browserStorage());
  const search = typeof location !== 'undefined' ? location.search : '';
  const client = new ModelClient({
    createWorker: createModelWorker,
    choice: { id: resolved.id, backend: backendFromQuery(search) },
    notices: resolved.notice ? [resolved.notice] : [],
  });
  g[SINGLETON] = client;
  return client;
}

/** Whether the browser says the reader wants to save data (Network Information API, Chromium). */
function saveDataRequested(): boolean {
  const nav = (globalThis as { navigator?: { connection?: { saveData?: boolean } } }).navigator;
  return nav?.connection?.saveData === true;
}

/** Whether an input is a text with no characters (a score of it has nothing to work on). */
function isEmptyText(input: TextOrIds): boolean {
  return typeof input.text === 'string' && input.text.length === 0;
}
