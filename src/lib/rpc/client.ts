/**
 * The page side of a worker, shared by the model client (`lib/lm/client`) and the training
 * client (`lib/train/client`). An `RpcClient` owns one worker, started on the first request,
 * and keeps the request → result type link: `call('score', …)` is a `Promise<Results['score']>`.
 *
 * - requests are matched to replies by id (a map of pending calls);
 * - `supersede: key`: a newer call with the same key cancels the older one, which rejects at
 *   once (and the worker is told to stop it), so a stale result never lands after a newer one;
 * - `signal`: an AbortSignal cancels the call the same way;
 * - a call can be opened first and sent later (the model client loads the model in between),
 *   or refused without being sent;
 * - if the worker dies (`error` or `messageerror` event), every call it was running or that
 *   was still waiting to be sent rejects with the worker's crash error, replies from the dead
 *   worker are dropped, and the next call starts a fresh worker.
 */
import { isRpcReply, type RpcErrorInfo } from './protocol';

/** What the client needs from a Worker (a real one, or a fake in tests). */
export interface WorkerLike {
  /** Sends a message to the worker. */
  postMessage(message: unknown): void;
  /** Stops the worker. */
  terminate(): void;
  /** Listens for replies (`message`) and for the worker dying (`error`, `messageerror`). */
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (ev: { data?: unknown; message?: string }) => void): void;
}

/** Options every call accepts. */
export interface CallOptions<Progress> {
  /** A newer call with the same key cancels this one (which rejects as cancelled). */
  supersede?: string;
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Progress replies of this call. */
  onProgress?: (data: Progress) => void;
  /** The request id to use (from `newId()`), when the caller needs to know it beforehand. */
  id?: number;
}

/** How a worker's failures become errors on the page (each worker has its own error class). */
export interface RpcErrorFactory<E extends Error> {
  /** An `error` reply. */
  fromReply(info: RpcErrorInfo): E;
  /** The worker died; `detail` is what the browser said, if anything. */
  crashed(detail: string | undefined): E;
  /** The call was cancelled (superseded, aborted). */
  cancelled(message: string): E;
}

/** How to build an RPC client. */
export interface RpcClientOptions<E extends Error> {
  /** Creates the worker (called lazily, and again after a crash). */
  createWorker: () => WorkerLike;
  /** The worker's error class. */
  errors: RpcErrorFactory<E>;
  /**
   * The message that tells the worker to stop request `targetId` (sent with a fresh `id`); omit
   * it for a worker that has no such request (a cancelled call then only rejects on the page).
   */
  cancelMessage?: (id: number, targetId: number) => unknown;
  /** Called after a crash, once the calls it affected have rejected. */
  onCrash?: (error: E) => void;
  /** A message from the worker that is not a reply to a call (a worker event). */
  onEvent?: (data: unknown) => void;
}

/** A call that has been opened; `send` posts it, `fail` rejects it without sending. */
export interface OpenCall<R> {
  /** The request id. */
  readonly id: number;
  /** Settles with the reply. */
  readonly promise: Promise<R>;
  /** Whether it has been answered, failed or cancelled. */
  readonly settled: boolean;
  /** The worker it was sent to (null until sent). */
  readonly worker: WorkerLike | null;
}

interface Pending<Progress, E> {
  id: number;
  key: string | undefined;
  worker: WorkerLike | null;
  sent: boolean;
  settled: boolean;
  onProgress: ((d: Progress) => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: E) => void;
  promise: Promise<unknown>;
}

/** A request kind both maps know. */
type Kind<Payloads, Results> = keyof Payloads & keyof Results & string;

/** Typed calls to one worker: `Payloads[K]` goes out, `Results[K]` comes back, `Progress` in between. */
export class RpcClient<Payloads, Results, Progress, E extends Error> {
  private worker: WorkerLike | null = null;
  private readonly pending = new Map<number, Pending<Progress, E>>();
  private readonly byKey = new Map<string, Pending<Progress, E>>();
  private nextId = 1;

  /** A client; no worker starts until the first call is sent. */
  constructor(private readonly options: RpcClientOptions<E>) {}

  /** Whether a worker is running. */
  get hasWorker(): boolean {
    return this.worker !== null;
  }

  /** A fresh request id (for a call whose id the caller needs beforehand). */
  newId(): number {
    return this.nextId++;
  }

  /** Sends a request and settles with its reply. */
  call<K extends Kind<Payloads, Results>>(type: K, payload: Payloads[K], opts: CallOptions<Progress> = {}): Promise<Results[K]> {
    const c = this.open<K>(opts);
    this.send(c, type, payload);
    return c.promise;
  }

  /**
   * Registers a call without sending it: it supersedes an older call with the same key at once
   * and listens to its signal. Send it with `send`, or reject it with `fail`.
   */
  open<K extends Kind<Payloads, Results>>(opts: CallOptions<Progress> = {}): OpenCall<Results[K]> {
    let resolve!: (v: unknown) => void;
    let reject!: (e: E) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const p: Pending<Progress, E> = {
      id: opts.id ?? this.nextId++,
      key: opts.supersede,
      worker: null,
      sent: false,
      settled: false,
      onProgress: opts.onProgress,
      resolve,
      reject,
      promise,
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
    return p as unknown as OpenCall<Results[K]>;
  }

  /** Posts an opened call to the worker (starting one if needed), unless it was cancelled meanwhile. */
  send<K extends Kind<Payloads, Results>>(call: OpenCall<Results[K]>, type: K, payload: Payloads[K]): void {
    const p = this.pending.get(call.id);
    if (!p || p.settled) return;
    const w = this.ensureWorker();
    p.worker = w;
    p.sent = true;
    w.postMessage({ ...payload, id: p.id, type });
  }

  /** Rejects an opened call with `error` (nothing is sent; a call already settled stays as it is). */
  fail(call: OpenCall<unknown>, error: E): void {
    const p = this.pending.get(call.id);
    if (!p || p.settled) return;
    this.finish(p);
    p.reject(error);
  }

  /**
   * Stops worker `w` on purpose (if it is the current one); the calls it was running reject
   * with `error`. Returns whether it was the current worker.
   */
  retire(w: WorkerLike, error: E): boolean {
    if (w !== this.worker) return false;
    this.worker = null;
    for (const p of [...this.pending.values()]) {
      if (p.worker === w) {
        this.finish(p);
        p.reject(error);
      }
    }
    terminate(w);
    return true;
  }

  /** Stops the worker; every pending call rejects with `error`. */
  dispose(error: E): void {
    const w = this.worker;
    this.worker = null;
    for (const p of [...this.pending.values()]) {
      this.finish(p);
      p.reject(error);
    }
    w?.terminate();
  }

  /** Starts the worker now (if none is running), before any call needs it. */
  start(): void {
    this.ensureWorker();
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

  /** Routes a reply to its call; replies from an old worker or for settled calls are dropped. */
  private onMessage(from: WorkerLike, data: unknown): void {
    if (from !== this.worker) return;
    if (!isRpcReply(data)) {
      this.options.onEvent?.(data);
      return;
    }
    const p = this.pending.get(data.id);
    if (!p || p.settled) return;
    if (data.type === 'progress') {
      p.onProgress?.(data.data as Progress);
      return;
    }
    this.finish(p);
    if (data.type === 'result') p.resolve(data.value);
    else p.reject(this.options.errors.fromReply(data.error));
  }

  /** The worker died: reject what it was running or waiting to send; the next call starts a new one. */
  private onCrash(w: WorkerLike, detail: string | undefined): void {
    if (w !== this.worker) return;
    this.worker = null;
    terminate(w);
    const err = this.options.errors.crashed(detail);
    for (const p of [...this.pending.values()]) {
      if (p.worker === w || !p.sent) {
        this.finish(p);
        p.reject(err);
      }
    }
    this.options.onCrash?.(err);
  }

  /** Marks a call as settled and forgets it. */
  private finish(p: Pending<Progress, E>): void {
    p.settled = true;
    this.pending.delete(p.id);
    if (p.key !== undefined && this.byKey.get(p.key) === p) this.byKey.delete(p.key);
  }

  /** Rejects a call as cancelled and tells the worker to stop it. */
  private abandon(p: Pending<Progress, E>, message: string): void {
    if (p.settled) return;
    this.finish(p);
    const cancel = this.options.cancelMessage;
    if (cancel && p.sent && p.worker && p.worker === this.worker) p.worker.postMessage(cancel(this.nextId++, p.id));
    p.reject(this.options.errors.cancelled(message));
  }
}

/** Terminates a worker that may already be gone. */
function terminate(w: WorkerLike): void {
  try {
    w.terminate();
  } catch {
    // Already gone.
  }
}
