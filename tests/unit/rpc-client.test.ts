/**
 * The shared RPC layer on its own, with a two-request protocol: the request → result type link,
 * supersede and AbortSignal (with and without a cancel message for the worker), progress, worker
 * events, and a message error treated as a crash.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { RpcClient } from '../../src/lib/rpc/client';
import { answerRpc, dispatchRpc, RpcError, type RpcHandlers } from '../../src/lib/rpc/protocol';
import { FakeWorker as AnyFakeWorker } from './helpers/fake-worker';

/** A worker that records requests and lets the test answer them (any message). */
class FakeWorker extends AnyFakeWorker<{ id: number; type: string; [k: string]: unknown }> {}

interface Payloads {
  echo: { text: string };
  add: { a: number; b: number };
}
interface Results {
  echo: { text: string };
  add: number;
}

function setup(withCancel: boolean) {
  const workers: FakeWorker[] = [];
  const events: unknown[] = [];
  const crashes: RpcError[] = [];
  const client = new RpcClient<Payloads, Results, string, RpcError>({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    errors: {
      fromReply: (info) => new RpcError(info.code, info.message),
      crashed: (detail) => new RpcError('crashed', `gone (${detail ?? '?'})`),
      cancelled: (message) => new RpcError('cancelled', message),
    },
    ...(withCancel ? { cancelMessage: (id: number, targetId: number) => ({ id, type: 'cancel', targetId }) } : {}),
    onCrash: (e) => crashes.push(e),
    onEvent: (data) => events.push(data),
  });
  return { client, workers, events, crashes };
}

describe('RpcClient', () => {
  it('keeps the request → result type link', () => {
    const { client } = setup(false);
    const add = client.call('add', { a: 1, b: 2 });
    const echo = client.call('echo', { text: 'x' });
    expectTypeOf(add).toEqualTypeOf<Promise<number>>();
    expectTypeOf(echo).toEqualTypeOf<Promise<{ text: string }>>();
    // @ts-expect-error: an `add` request carries numbers, not text
    const wrong = client.call('add', { text: 'x' });
    for (const p of [add, echo, wrong]) p.catch(() => undefined);
    client.dispose(new RpcError('cancelled', 'done'));
  });

  it('sends { ...payload, id, type }, routes progress to its call and settles with the reply', async () => {
    const { client, workers } = setup(false);
    const seen: string[] = [];
    const p = client.call('add', { a: 1, b: 2 }, { onProgress: (d) => seen.push(d) });
    const w = workers[0]!;
    expect(w.sent).toEqual([{ a: 1, b: 2, id: 1, type: 'add' }]);
    w.reply({ id: 1, type: 'progress', data: 'half way' });
    w.reply({ id: 1, type: 'result', value: 3 });
    await expect(p).resolves.toBe(3);
    expect(seen).toEqual(['half way']);
    const q = client.call('echo', { text: 'x' });
    w.reply({ id: 2, type: 'error', error: { code: 'bad', message: 'no echo today' } });
    await expect(q).rejects.toMatchObject({ code: 'bad', message: 'no echo today' });
  });

  it('supersede: the older call rejects at once and its late reply is dropped; with a cancel message the worker is told', async () => {
    for (const withCancel of [false, true]) {
      const { client, workers } = setup(withCancel);
      const older = client.call('echo', { text: 'a' }, { supersede: 'k' });
      const newer = client.call('echo', { text: 'b' }, { supersede: 'k' });
      await expect(older).rejects.toMatchObject({ code: 'cancelled', message: 'Replaced by a newer request.' });
      const w = workers[0]!;
      expect(w.sent.filter((m) => m.type === 'cancel')).toEqual(withCancel ? [{ id: 3, type: 'cancel', targetId: 1 }] : []);
      w.reply({ id: 1, type: 'result', value: { text: 'a' } });
      w.reply({ id: 2, type: 'result', value: { text: 'b' } });
      await expect(newer).resolves.toEqual({ text: 'b' });
    }
  });

  it('an aborted signal cancels; an opened call that is cancelled before it is sent is never sent', async () => {
    const { client, workers } = setup(true);
    const ac = new AbortController();
    const c = client.open<'echo'>({ signal: ac.signal });
    ac.abort();
    await expect(c.promise).rejects.toMatchObject({ code: 'cancelled' });
    client.send(c, 'echo', { text: 'late' });
    expect(workers).toHaveLength(0);
  });

  it('messages that are not replies go to onEvent; a messageerror is a crash, and the next call starts a new worker', async () => {
    const { client, workers, events, crashes } = setup(false);
    const p = client.call('echo', { text: 'a' });
    const w = workers[0]!;
    w.reply({ type: 'progress', progress: { step: 1 } });
    expect(events).toEqual([{ type: 'progress', progress: { step: 1 } }]);
    w.emit('messageerror', {});
    await expect(p).rejects.toMatchObject({ code: 'crashed', message: 'gone (a message could not be read)' });
    expect(crashes).toHaveLength(1);
    expect(w.terminated).toBe(true);
    expect(client.hasWorker).toBe(false);
    w.reply({ type: 'late event' });
    expect(events).toHaveLength(1); // the dead worker's messages are dropped
    void client.call('echo', { text: 'b' });
    expect(workers).toHaveLength(2);
  });
});

describe('worker side', () => {
  const handlers: RpcHandlers<Payloads, Results, { scale: number }> = {
    echo: (req) => ({ text: req.text }),
    add: async (req, ctx) => (req.a + req.b) * ctx.scale,
  };

  it('dispatches each request to its kind’s handler, answering a synchronous one synchronously', async () => {
    const posted: unknown[] = [];
    const toError = (e: unknown) => ({ code: 'internal', message: String(e) });
    answerRpc(1, () => dispatchRpc(handlers, { id: 1, type: 'echo', text: 'hi' }, { scale: 1 }), (r) => posted.push(r), toError);
    expect(posted).toEqual([{ id: 1, type: 'result', value: { text: 'hi' } }]);
    answerRpc(2, () => dispatchRpc(handlers, { id: 2, type: 'add', a: 1, b: 2 }, { scale: 10 }), (r) => posted.push(r), toError);
    expect(posted).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(posted[1]).toEqual({ id: 2, type: 'result', value: 30 });
    answerRpc(3, () => { throw new Error('nope'); }, (r) => posted.push(r), toError);
    expect(posted[2]).toEqual({ id: 3, type: 'error', error: { code: 'internal', message: 'Error: nope' } });
  });
});
