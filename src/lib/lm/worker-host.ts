/**
 * The worker side of the protocol, independent of the worker global: it receives request
 * messages, runs each with its kind's handler (a map from request kind to a handler returning
 * that kind's result, `lib/rpc/protocol`) on the loaded engine, and posts progress, result and
 * error replies.
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
import type { LmErrorInfo, LmReply, ModelChoice, ModelInfo, ProgressData, RequestPayloads, RequestType, ResultValues } from './protocol';
import { isRequest } from './protocol';
import { answerRpc, dispatchRpc, type RpcHandlers } from '../rpc/protocol';

/** The engine methods the host uses: an LmEngine, a class server (`ServerEngine`), or a fake in tests. */
export interface EngineLike {
  /** See LmEngine.tokenize (a server answers asynchronously). */
  tokenize(text: string): ReturnType<LmEngine['tokenize']> | Promise<ReturnType<LmEngine['tokenize']>>;
  /** See LmEngine.score. */
  score: LmEngine['score'];
  /** See LmEngine.next. */
  next: LmEngine['next'];
  /** See LmEngine.generate. */
  generate: LmEngine['generate'];
  /** See LmEngine.chatTemplate (a server answers asynchronously). */
  chatTemplate(...args: Parameters<LmEngine['chatTemplate']>): ReturnType<LmEngine['chatTemplate']> | Promise<ReturnType<LmEngine['chatTemplate']>>;
  /** See LmEngine.dispose. */
  dispose: LmEngine['dispose'];
}

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

/** What a request's handler gets besides the request: its cancellation and its progress channel. */
interface RequestContext {
  /** Aborted when the page cancels the request. */
  signal: AbortSignal;
  /** Sends a progress reply (dropped once the request is cancelled). */
  progress: (d: ProgressData) => void;
}

/** Sends a reply to the page. */
export type PostReply = (reply: LmReply) => void;

/** Same model and same backend preference. */
function sameChoice(a: ModelChoice, b: ModelChoice): boolean {
  const server = (c: ModelChoice): string => (c.server ? `${c.server.url}|${c.server.model}|${c.server.apiKey ?? ''}` : '');
  return a.id === b.id && (a.backend ?? 'auto') === (b.backend ?? 'auto') && server(a) === server(b);
}

/** The request dispatcher of the model worker. */
export class WorkerHost {
  private current: { choice: ModelChoice; model: LoadedModel } | null = null;
  private loading: Promise<void> = Promise.resolve();
  /**
   * The latest load asked for and its tokenizer, which arrives before the weights (null once that
   * load is over). A newer load replaces it at once, so a `tokenize` never gets an older model's.
   */
  private earlyTokenizer: Promise<TokenizerLike | null> | null = null;
  private readonly running = new Map<number, AbortController>();

  /** One handler per request kind, each returning that kind's result (the request → result link). */
  private readonly handlers: RpcHandlers<RequestPayloads, ResultValues, RequestContext> = {
    load: (req, c) => this.load(req.model, c.progress, c.signal),
    unload: () => this.unload(),
    cancel: (req) => {
      const ac = this.running.get(req.targetId);
      ac?.abort();
      return { cancelled: ac !== undefined };
    },
    tokenize: (req, c) => this.tokenize(req.text, c),
    score: (req, c) => this.onEngine('score', c, (engine) => engine.score(req.input, req.topK, c.signal)),
    next: (req, c) => this.onEngine('next', c, (engine) => engine.next(req.input, req.k, c.signal)),
    generate: (req, c) =>
      this.onEngine('generate', c, (engine) =>
        engine.generate({
          prompt: req.prompt,
          settings: req.settings,
          seed: req.seed,
          maxTokens: req.maxTokens,
          stop: req.stop ?? [],
          signal: c.signal,
          onToken: (token) => c.progress({ kind: 'token', token }),
        }),
      ),
    chatTemplate: (req, c) => this.onEngine('chatTemplate', c, (engine) => engine.chatTemplate(req.messages, req.tools, req.addGenerationPrompt)),
  };

  /** A host that posts replies with `post` and loads models with `deps.load`. */
  constructor(
    private readonly post: PostReply,
    private readonly deps: HostDeps,
  ) {}

  /**
   * Handles one incoming message (anything that is not a request gets an error reply if it has
   * an id). `cancel` is answered at once; every other request can be cancelled while it runs.
   */
  handle(message: unknown): void {
    if (!isRequest(message)) {
      const id = (message as { id?: unknown } | null)?.id;
      if (typeof id === 'number') {
        this.post({ id, type: 'error', error: new LmError('invalid-request', 'Unknown request type.').toInfo() });
      }
      return;
    }
    const ac = new AbortController();
    if (message.type !== 'cancel') this.running.set(message.id, ac);
    const progress = (data: ProgressData): void => {
      if (!ac.signal.aborted) this.post({ id: message.id, type: 'progress', data });
    };
    answerRpc<ResultValues[RequestType], LmErrorInfo>(
      message.id,
      () => dispatchRpc(this.handlers, message, { signal: ac.signal, progress }),
      (reply) => {
        this.running.delete(message.id);
        this.post(reply);
      },
      (e): LmErrorInfo => classifyError(e).toInfo(),
    );
  }

  /** Frees the model (after any load in progress). */
  private async unload(): Promise<ResultValues['unload']> {
    await this.loading;
    const had = this.current !== null;
    const model = this.current?.model;
    this.current = null;
    await model?.engine.dispose();
    return { unloaded: had };
  }

  /**
   * Tokenizes: as soon as the model being loaded has its tokenizer (before its weights), else
   * on the engine like any operation.
   */
  private async tokenize(text: string, c: RequestContext): Promise<ResultValues['tokenize']> {
    if (this.earlyTokenizer) {
      const tokenizer = await this.earlyTokenizer;
      if (c.signal.aborted) throw new LmError('cancelled');
      if (tokenizer) return tokenizer.tokenize(text);
    }
    return this.onEngine('tokenize', c, (engine) => engine.tokenize(text));
  }

  /** Runs an engine operation once any load in progress is done (with GPU-loss recovery). */
  private async onEngine<T>(type: RequestType, c: RequestContext, op: (engine: EngineLike) => T | Promise<T>): Promise<T> {
    await this.loading;
    if (c.signal.aborted) throw new LmError('cancelled');
    return this.withRecovery(type, op);
  }

  /** Loads `choice` unless it is already loaded; loads never overlap. */
  private load(choice: ModelChoice, progress: (d: ProgressData) => void, signal: AbortSignal): Promise<ModelInfo> {
    let tokenizerReady!: (t: TokenizerLike | null) => void;
    const early = new Promise<TokenizerLike | null>((r) => (tokenizerReady = r));
    this.earlyTokenizer = early;
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
        if (this.earlyTokenizer === early) this.earlyTokenizer = null;
      }
    });
    this.loading = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Runs `op` on the engine; if the GPU was lost, reloads on WebAssembly and runs it again. */
  private async withRecovery<T>(type: RequestType, op: (engine: EngineLike) => T | Promise<T>): Promise<T> {
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
}
