/**
 * The worker side of the protocol, independent of the worker global: it receives request
 * messages, runs them on the loaded engine, and posts progress, result and error replies.
 * `worker.ts` wires it to `self`; tests drive it directly in Node.
 *
 * - `cancel` is handled at once (it aborts the target's AbortSignal); everything else waits for
 *   any load in progress, then runs on the engine (which runs one operation at a time).
 * - `load` of the model already loaded answers at once; another model replaces the current one.
 * - If an operation fails because the GPU was lost, the model is reloaded on WebAssembly and the
 *   operation is run once more.
 */
import type { LmEngine } from './engine';
import { LmError, classifyError } from './errors';
import type {
  LmReply,
  LmRequest,
  ModelChoice,
  ModelInfo,
  ProgressData,
  RequestOf,
  RequestType,
  ResultValues,
} from './protocol';
import { isRequest } from './protocol';

/** The engine methods the host uses (LmEngine, or a fake in tests). */
export type EngineLike = Pick<LmEngine, 'tokenize' | 'score' | 'next' | 'generate' | 'chatTemplate' | 'dispose'>;

/** A loaded model: the engine and what to tell the page about it. */
export interface LoadedModel {
  /** The engine. */
  engine: EngineLike;
  /** What the `load` result reports. */
  info: ModelInfo;
}

/** What tokenizing needs: the tokenizer alone, ready before the weights. */
export type TokenizerLike = Pick<LmEngine, 'tokenize'>;

/** What the host needs from its environment. */
export interface HostDeps {
  /**
   * Loads a model (choosing the backend, reporting progress), calling `onTokenizer` as soon as
   * its tokenizer is ready (before the weights, if it can).
   */
  load(choice: ModelChoice, progress: (d: ProgressData) => void, onTokenizer?: (t: TokenizerLike) => void): Promise<LoadedModel>;
}

/** Sends a reply to the page. */
export type PostReply = (reply: LmReply) => void;

/** Same model and same backend preference. */
function sameChoice(a: ModelChoice, b: ModelChoice): boolean {
  return a.id === b.id && (a.backend ?? 'auto') === (b.backend ?? 'auto');
}

/** The request dispatcher of the model worker. */
export class WorkerHost {
  private current: { choice: ModelChoice; model: LoadedModel } | null = null;
  private loading: Promise<void> = Promise.resolve();
  /** The model the latest `load` asked for (what a `tokenize` must use). */
  private wanted: ModelChoice | null = null;
  /** The load running now and its tokenizer, which arrives before the weights (null: none yet). */
  private early: { choice: ModelChoice; tokenizer: Promise<TokenizerLike | null> } | null = null;
  private readonly running = new Map<number, AbortController>();

  /** A host that posts replies with `post` and loads models with `deps.load`. */
  constructor(
    private readonly post: PostReply,
    private readonly deps: HostDeps,
  ) {}

  /** Handles one incoming message (anything that is not a request gets an error reply if it has an id). */
  handle(message: unknown): void {
    if (!isRequest(message)) {
      const id = (message as { id?: unknown } | null)?.id;
      if (typeof id === 'number') {
        this.post({ id, type: 'error', error: new LmError('invalid-request', 'Unknown request type.').toInfo() });
      }
      return;
    }
    if (message.type === 'cancel') {
      const ac = this.running.get(message.targetId);
      ac?.abort();
      this.reply(message.id, 'cancel', { cancelled: ac !== undefined });
      return;
    }
    const ac = new AbortController();
    this.running.set(message.id, ac);
    void this.dispatch(message, ac.signal).then(
      (value) => {
        this.running.delete(message.id);
        this.post({ id: message.id, type: 'result', value });
      },
      (e: unknown) => {
        this.running.delete(message.id);
        this.post({ id: message.id, type: 'error', error: classifyError(e).toInfo() });
      },
    );
  }

  /** Posts a typed result. */
  private reply<T extends RequestType>(id: number, _type: T, value: ResultValues[T]): void {
    this.post({ id, type: 'result', value });
  }

  /** Runs a request and returns its result value. */
  private async dispatch(req: Exclude<LmRequest, RequestOf<'cancel'>>, signal: AbortSignal): Promise<ResultValues[RequestType]> {
    const progress = (data: ProgressData): void => {
      if (!signal.aborted) this.post({ id: req.id, type: 'progress', data });
    };
    if (req.type === 'load') return this.load(req.model, progress, signal);
    if (req.type === 'unload') {
      await this.loading;
      const had = this.current !== null;
      const model = this.current?.model;
      this.current = null;
      await model?.engine.dispose();
      return { unloaded: had };
    }
    if (req.type === 'tokenize') {
      // Tokenizing needs only the tokenizer: answer as soon as the model being loaded has one.
      const early = this.early;
      if (early && this.wanted && sameChoice(early.choice, this.wanted)) {
        const tokenizer = await early.tokenizer;
        if (signal.aborted) throw new LmError('cancelled');
        if (tokenizer) return tokenizer.tokenize(req.text);
      }
    }
    await this.loading;
    if (signal.aborted) throw new LmError('cancelled');
    return this.withRecovery(req.type, (engine) => this.run(engine, req, signal, progress));
  }

  /** Loads `choice` unless it is already loaded; loads never overlap. */
  private load(choice: ModelChoice, progress: (d: ProgressData) => void, signal: AbortSignal): Promise<ModelInfo> {
    this.wanted = { ...choice };
    let tokenizerReady!: (t: TokenizerLike | null) => void;
    const early = { choice, tokenizer: new Promise<TokenizerLike | null>((r) => (tokenizerReady = r)) };
    this.early = early;
    const result = this.loading.then(async () => {
      try {
        if (this.current && sameChoice(this.current.choice, choice)) return this.current.model.info;
        if (signal.aborted) throw new LmError('cancelled');
        const previous = this.current;
        this.current = null;
        await previous?.model.engine.dispose();
        const model = await this.deps.load(choice, progress, (t) => tokenizerReady(t));
        this.current = { choice, model };
        return model.info;
      } finally {
        // Loaded (or failed, or already loaded) without an early tokenizer: waiting tokenize
        // requests take the usual way, through the engine (or to the load's error).
        tokenizerReady(null);
        if (this.early === early) this.early = null;
      }
    });
    this.loading = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Runs `op` on the engine; if the GPU was lost, reloads on WebAssembly and runs it again. */
  private async withRecovery<T>(type: RequestType, op: (engine: EngineLike) => Promise<T>): Promise<T> {
    const cur = this.current;
    if (!cur) throw new LmError('not-loaded');
    try {
      return await op(cur.model.engine);
    } catch (e) {
      const err = classifyError(e);
      if (err.code !== 'webgpu-lost' || cur.model.info.backend !== 'webgpu' || type === 'load') throw err;
      const choice: ModelChoice = { id: cur.choice.id, backend: 'wasm' };
      const reloaded = await this.load(choice, () => undefined, new AbortController().signal);
      reloaded.notices.push(new LmError('webgpu-lost').toInfo());
      if (!this.current) throw err;
      return op(this.current.model.engine);
    }
  }

  /** The engine call for a request. */
  private async run(
    engine: EngineLike,
    req: Exclude<LmRequest, RequestOf<'cancel'> | RequestOf<'load'> | RequestOf<'unload'>>,
    signal: AbortSignal,
    progress: (d: ProgressData) => void,
  ): Promise<ResultValues[RequestType]> {
    switch (req.type) {
      case 'tokenize':
        return engine.tokenize(req.text);
      case 'score':
        return engine.score(req.input, req.topK, signal);
      case 'next':
        return engine.next(req.input, req.k, signal);
      case 'generate':
        return engine.generate({
          prompt: req.prompt,
          settings: req.settings,
          seed: req.seed,
          maxTokens: req.maxTokens,
          stop: req.stop ?? [],
          signal,
          onToken: (token) => progress({ kind: 'token', token }),
        });
      case 'chatTemplate':
        return engine.chatTemplate(req.messages, req.tools, req.addGenerationPrompt);
    }
  }
}
