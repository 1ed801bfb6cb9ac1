/**
 * The page side of the model runtime. One `ModelClient` per page (see `getModelClient`) owns
 * one worker, created lazily on the first request, and gives every widget typed methods:
 *
 * - requests are matched to replies by id (a map of pending promises);
 * - the model is loaded on demand (the reader's saved choice, else the site default);
 * - `supersede: key`: a newer request with the same key cancels the older one, which rejects
 *   with `cancelled` at once, so a stale result can never overwrite a newer one;
 * - `signal`: an AbortSignal cancels the request in the worker;
 * - if the worker dies (`error` event), every pending request rejects with `worker-crashed`
 *   and the next request starts a fresh worker and reloads the model;
 * - `status` is a store of what the model is doing, for status panels.
 */
import { backendFromQuery } from './backend';
import { LmError } from './errors';
import { browserStorage, readModelChoice, saveModelChoice } from './model-choice';
import { applyProgress, initialStatus, statusError, statusLoading, statusReady } from './model-status';
import type { ModelStatus } from './model-status';
import { isReply } from './protocol';
import type {
  ChatMessage,
  ModelChoice,
  ModelInfo,
  ProgressData,
  RequestPayloads,
  RequestType,
  ResultValues,
  SamplingSettings,
  TextOrIds,
  ToolSpec,
} from './protocol';
import { createStore } from './store';
import type { Store } from './store';

/** What the client needs from a Worker (a real one, or a fake in tests). */
export interface WorkerLike {
  /** Sends a message to the worker. */
  postMessage(message: unknown): void;
  /** Stops the worker. */
  terminate(): void;
  /** Listens for replies (`message`) and for the worker dying (`error`, `messageerror`). */
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (ev: { data?: unknown; message?: string }) => void): void;
}

/** Options every request accepts. */
export interface CallOptions {
  /** A newer request with the same key cancels this one (which rejects with `cancelled`). */
  supersede?: string;
  /** Cancels the request. */
  signal?: AbortSignal;
  /** Progress events of this request (file downloads for `load`, tokens for `generate`). */
  onProgress?: (data: ProgressData) => void;
}

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
}

interface Pending {
  id: number;
  key: string | undefined;
  worker: WorkerLike | null;
  sent: boolean;
  settled: boolean;
  onProgress: ((d: ProgressData) => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: LmError) => void;
}

/** Typed access to the model worker. */
export class ModelClient {
  /** What the model is doing, for status panels. */
  readonly status: Store<ModelStatus>;
  private worker: WorkerLike | null = null;
  private loaded: { key: string; promise: Promise<ModelInfo> } | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly byKey = new Map<string, Pending>();
  private nextId = 1;
  private loadSeq = 0;
  private choice: ModelChoice;

  /** A client; nothing starts until the first request. */
  constructor(private readonly options: ModelClientOptions) {
    this.choice = { ...options.choice };
    this.status = createStore(initialStatus(options.choice.id, options.notices ?? []));
  }

  /** The model and backend preference used for on-demand loads. */
  get currentChoice(): ModelChoice {
    return { ...this.choice };
  }

  /** Whether a worker is running. */
  get hasWorker(): boolean {
    return this.worker !== null;
  }

  /** Starts the worker if none is running. */
  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.options.createWorker();
    this.worker = w;
    w.addEventListener('message', (ev) => this.onMessage(w, ev.data));
    w.addEventListener('error', (ev) => this.onCrash(w, ev.message));
    w.addEventListener('messageerror', () => this.onCrash(w, 'a message could not be read'));
    return w;
  }

  /** Routes a reply to its pending request (replies from an old worker or for settled requests are dropped). */
  private onMessage(from: WorkerLike, data: unknown): void {
    if (from !== this.worker || !isReply(data)) return;
    const p = this.pending.get(data.id);
    if (!p || p.settled) return;
    if (data.type === 'progress') {
      p.onProgress?.(data.data);
      return;
    }
    this.finish(p);
    if (data.type === 'result') p.resolve(data.value);
    else p.reject(new LmError(data.error.code, data.error.message));
  }

  /** The worker died: reject what it was doing; the next request starts a new one. */
  private onCrash(w: WorkerLike, detail: string | undefined): void {
    if (w !== this.worker) return;
    this.worker = null;
    this.loaded = null;
    try {
      w.terminate();
    } catch {
      // Already gone.
    }
    const err = new LmError(
      'worker-crashed',
      `${new LmError('worker-crashed').message}${detail ? ` (${detail})` : ''}`,
    );
    for (const p of [...this.pending.values()]) {
      if (p.worker === w || !p.sent) {
        this.finish(p);
        p.reject(err);
      }
    }
    this.status.update((s) => statusError(s, err.toInfo()));
  }

  /** Stops a worker on purpose; what it was still doing rejects with `error`. */
  private retire(w: WorkerLike, error: LmError): void {
    if (w !== this.worker) return;
    this.worker = null;
    this.loaded = null;
    for (const p of [...this.pending.values()]) {
      if (p.worker === w) {
        this.finish(p);
        p.reject(error);
      }
    }
    try {
      w.terminate();
    } catch {
      // Already gone.
    }
  }

  /** Marks a request as settled and forgets it. */
  private finish(p: Pending): void {
    p.settled = true;
    this.pending.delete(p.id);
    if (p.key !== undefined && this.byKey.get(p.key) === p) this.byKey.delete(p.key);
  }

  /** Rejects a request with `cancelled` and tells the worker to stop it. */
  private abandon(p: Pending, message: string): void {
    if (p.settled) return;
    this.finish(p);
    if (p.sent && p.worker && p.worker === this.worker) {
      p.worker.postMessage({ id: this.nextId++, type: 'cancel', targetId: p.id });
    }
    p.reject(new LmError('cancelled', message));
  }

  /** Registers a request (superseding an older one with the same key) and returns it with its promise. */
  private register<T extends RequestType>(opts: CallOptions): { p: Pending; promise: Promise<ResultValues[T]> } {
    let resolve!: (v: unknown) => void;
    let reject!: (e: LmError) => void;
    const promise = new Promise<ResultValues[T]>((res, rej) => {
      resolve = res as (v: unknown) => void;
      reject = rej;
    });
    const p: Pending = {
      id: this.nextId++,
      key: opts.supersede,
      worker: null,
      sent: false,
      settled: false,
      onProgress: opts.onProgress,
      resolve,
      reject,
    };
    if (p.key !== undefined) {
      const older = this.byKey.get(p.key);
      if (older) this.abandon(older, 'Replaced by a newer request.');
      this.byKey.set(p.key, p);
    }
    this.pending.set(p.id, p);
    if (opts.signal) {
      if (opts.signal.aborted) this.abandon(p, 'The request was cancelled.');
      else opts.signal.addEventListener('abort', () => this.abandon(p, 'The request was cancelled.'), { once: true });
    }
    return { p, promise };
  }

  /** Posts a registered request to the worker (unless it was cancelled meanwhile). */
  private send<T extends RequestType>(p: Pending, type: T, payload: RequestPayloads[T]): void {
    if (p.settled) return;
    const w = this.ensureWorker();
    p.worker = w;
    p.sent = true;
    w.postMessage({ ...payload, id: p.id, type });
  }

  /** Sends a request that needs the model: loads it first if needed. */
  private call<T extends Exclude<RequestType, 'load' | 'cancel' | 'unload'>>(
    type: T,
    payload: RequestPayloads[T],
    opts: CallOptions = {},
  ): Promise<ResultValues[T]> {
    const { p, promise } = this.register<T>(opts);
    const loaded = this.ensureLoaded();
    if (type === 'tokenize') {
      // The worker answers as soon as the tokenizer is in, before the weights: send it right
      // behind the load. If the load fails, the worker is retired and this request with it.
      this.send(p, type, payload);
      loaded.catch(() => undefined);
      return promise;
    }
    loaded.then(
      () => this.send(p, type, payload),
      (e: unknown) => {
        if (p.settled) return;
        this.finish(p);
        p.reject(e instanceof LmError ? e : new LmError('internal', String(e)));
      },
    );
    return promise;
  }

  /**
   * Rejects a request without sending it. It is still registered first, so it supersedes an
   * older request with the same key, which therefore cannot land after this answer.
   */
  private refuse<T extends RequestType>(error: LmError, opts: CallOptions = {}): Promise<ResultValues[T]> {
    const { p, promise } = this.register<T>(opts);
    this.finish(p);
    p.reject(error);
    return promise;
  }

  /** Loads the current choice unless it is loaded or loading. */
  ensureLoaded(): Promise<ModelInfo> {
    const key = `${this.choice.id}|${this.choice.backend ?? 'auto'}`;
    if (this.loaded && this.loaded.key === key) return this.loaded.promise;
    return this.load();
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
    const { p, promise } = this.register<'load'>({
      ...opts,
      onProgress: (d) => {
        if (current()) this.status.update((s) => applyProgress(s, d));
        opts.onProgress?.(d);
      },
    });
    this.send(p, 'load', { model: { ...choice } });
    const tracked = promise.then(
      (info) => {
        if (current()) this.status.update((s) => statusReady(s, info));
        return info;
      },
      (e: LmError) => {
        if (e.code === 'needs-fresh-worker' && !freshWorker && current() && p.worker) {
          this.retire(p.worker, e);
          return this.loadIn(choice, opts, true);
        }
        if (this.loaded?.promise === tracked) this.loaded = null;
        if (current() && e.code !== 'worker-crashed') this.status.update((s) => statusError(s, e.toInfo()));
        // transformers.js remembers file lookups (a 404 included) for the life of the worker,
        // so after a failed load the next attempt starts from a fresh worker.
        if (e.code !== 'cancelled' && e.code !== 'worker-crashed' && p.worker) this.retire(p.worker, e);
        throw e;
      },
    );
    this.loaded = { key, promise: tracked };
    return tracked;
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
    this.status.update((s) => initialStatus(id, s.notices));
  }

  /** Switches to model `id` (remembered for next visits) and loads it. */
  selectModel(id: string, opts: CallOptions = {}): Promise<ModelInfo> {
    this.setModel(id);
    return this.load(this.choice, opts);
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
    if (!this.worker) return { unloaded: false };
    this.loaded = null;
    const { p, promise } = this.register<'unload'>({});
    this.send(p, 'unload', {});
    const r = await promise;
    this.status.update((s) => initialStatus(s.modelId, s.notices));
    return r;
  }

  /** Stops the worker and rejects everything pending (`cancelled`). */
  dispose(): void {
    const w = this.worker;
    this.worker = null;
    this.loaded = null;
    for (const p of [...this.pending.values()]) {
      this.finish(p);
      p.reject(new LmError('cancelled', 'The model runtime was shut down.'));
    }
    w?.terminate();
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

/** Whether an input is a text with no characters (a score of it has nothing to work on). */
function isEmptyText(input: TextOrIds): boolean {
  return typeof input.text === 'string' && input.text.length === 0;
}
