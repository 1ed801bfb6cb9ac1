/**
 * The message envelope both workers speak (the model worker, `lib/lm`, and the training worker,
 * `lib/train`). Each worker declares two maps keyed by request kind, its payloads and its
 * results; the types here tie them together, so a request of kind `K` is answered by a value
 * of `Results[K]` on both sides of the wire.
 *
 * - a request is `{ id, type: K, ...Payloads[K] }`, with an id the page chooses;
 * - the worker answers it with any number of `progress` replies, then exactly one `result`
 *   (the request returned) or `error` (it threw: a code and a plain-words message);
 * - a message without an id is not a reply but a worker event (the training worker's slot
 *   progress), which the client hands on as it is.
 *
 * All payloads are plain structured-clone data.
 */

/** An error as it travels back to the page: a code from the worker's closed list, and a message. */
export interface RpcErrorInfo<C extends string = string> {
  /** Which problem. */
  code: C;
  /** One or two sentences a reader can act on. */
  message: string;
}

/** An Error with a code, thrown on the page for an `error` reply (each worker subclasses it). */
export class RpcError<C extends string = string> extends Error implements RpcErrorInfo<C> {
  /** Which problem. */
  readonly code: C;

  /** An error with a code and a plain-words message. */
  constructor(code: C, message: string) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
  }

  /** The serialisable form sent over the wire. */
  toInfo(): RpcErrorInfo<C> {
    return { code: this.code, message: this.message };
  }
}

/** A request of kind `K`: `{ id, type: K, ...Payloads[K] }`. */
export type RpcRequest<Payloads, K extends keyof Payloads> = { id: number; type: K } & Payloads[K];

/** Any request of a worker (a discriminated union on `type`). */
export type AnyRpcRequest<Payloads> = { [K in keyof Payloads]: RpcRequest<Payloads, K> }[keyof Payloads];

/** The request returned: the final successful reply. */
export interface RpcResultReply<V = unknown> {
  /** Id of the request answered. */
  id: number;
  /** Discriminant. */
  type: 'result';
  /** The request's result. */
  value: V;
}

/** The request threw: the final failed reply. */
export interface RpcErrorReply<E extends RpcErrorInfo = RpcErrorInfo> {
  /** Id of the request answered. */
  id: number;
  /** Discriminant. */
  type: 'error';
  /** What went wrong. */
  error: E;
}

/** An intermediate reply (any number, before the final one). */
export interface RpcProgressReply<P = unknown> {
  /** Id of the request this belongs to. */
  id: number;
  /** Discriminant. */
  type: 'progress';
  /** The progress event. */
  data: P;
}

/** Any reply to a request. */
export type RpcReply<V = unknown, P = unknown, E extends RpcErrorInfo = RpcErrorInfo> = RpcResultReply<V> | RpcErrorReply<E> | RpcProgressReply<P>;

/** Whether a value is a well-formed request of one of `types` (numeric id, known kind). */
export function isRpcRequest<Payloads>(value: unknown, types: readonly (keyof Payloads)[]): value is AnyRpcRequest<Payloads> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { id?: unknown; type?: unknown };
  return typeof v.id === 'number' && Number.isFinite(v.id) && types.includes(v.type as keyof Payloads);
}

/** Whether a value is a well-formed reply to a request (a numeric id and a reply kind). */
export function isRpcReply(value: unknown): value is RpcReply {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { id?: unknown; type?: unknown };
  return typeof v.id === 'number' && (v.type === 'result' || v.type === 'error' || v.type === 'progress');
}

/**
 * The worker side's handlers, one per request kind, each returning that kind's result: the
 * map is what keeps the request → result link inside the worker (a `switch` returning a union
 * would lose it).
 */
export type RpcHandlers<Payloads, Results extends { [K in keyof Payloads]: unknown }, Ctx> = {
  [K in keyof Payloads]: (request: RpcRequest<Payloads, K>, context: Ctx) => Results[K] | Promise<Results[K]>;
};

/** Runs the handler of `request`'s kind. */
export function dispatchRpc<Payloads, Results extends { [K in keyof Payloads]: unknown }, Ctx, K extends keyof Payloads>(
  handlers: RpcHandlers<Payloads, Results, Ctx>,
  request: RpcRequest<Payloads, K>,
  context: Ctx,
): Results[K] | Promise<Results[K]> {
  // TypeScript cannot follow `request.type` to `handlers[K]` across a union, hence the one cast.
  const handler = handlers[request.type] as (r: RpcRequest<Payloads, K>, c: Ctx) => Results[K] | Promise<Results[K]>;
  return handler(request, context);
}

/**
 * Answers one request on the worker side: posts `result` with what `run` returns, or `error`
 * with `toError` of what it throws. A synchronous `run` is answered synchronously (the training
 * worker relies on a reply leaving before its next time slice).
 */
export function answerRpc<V, E extends RpcErrorInfo>(
  id: number,
  run: () => V | Promise<V>,
  post: (reply: RpcResultReply<V> | RpcErrorReply<E>) => void,
  toError: (thrown: unknown) => E,
): void {
  let value: V | Promise<V>;
  try {
    value = run();
  } catch (e) {
    post({ id, type: 'error', error: toError(e) });
    return;
  }
  if (value instanceof Promise) {
    value.then(
      (v) => post({ id, type: 'result', value: v }),
      (e: unknown) => post({ id, type: 'error', error: toError(e) }),
    );
  } else {
    post({ id, type: 'result', value });
  }
}
