/**
 * A stand-in for a Web Worker in the client tests: it records what the page sends, and the test
 * answers, sends events or makes it die. `Req` is the worker's request union, `Msg` what it
 * may send back.
 */
import type { WorkerLike } from '../../../src/lib/rpc/client';

type Listener = (ev: { data?: unknown; message?: string }) => void;

/** A worker that records requests and lets the test answer them. */
export class FakeWorker<Req extends { type: string }, Msg = unknown> implements WorkerLike {
  readonly sent: Req[] = [];
  terminated = false;
  private readonly listeners: Record<string, Listener[]> = {};

  postMessage(message: unknown): void {
    this.sent.push(structuredClone(message) as Req);
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, listener: Listener): void {
    (this.listeners[type] ??= []).push(listener);
  }
  /** Delivers a message from the worker to the client. */
  reply(r: Msg): void {
    this.emit('message', { data: structuredClone(r) });
  }
  /** Simulates the worker dying. */
  crash(message = 'boom'): void {
    this.emit('error', { message });
  }
  /** Fires an event of the worker (`message`, `error`, `messageerror`). */
  emit(type: string, ev: { data?: unknown; message?: string }): void {
    for (const l of this.listeners[type] ?? []) l(ev);
  }
  /** The last request of a type. */
  last<T extends Req['type']>(type: T): Extract<Req, { type: T }> {
    const r = [...this.sent].reverse().find((m) => m.type === type);
    if (!r) throw new Error(`no ${type} request sent`);
    return r as Extract<Req, { type: T }>;
  }
}
