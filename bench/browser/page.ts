/** The bench page: `window.runForward(request)` runs one request in a fresh worker. */
import type { ForwardReply, ForwardRequest } from './worker';

(globalThis as unknown as { runForward: (r: ForwardRequest) => Promise<ForwardReply> }).runForward = (req) =>
  new Promise((resolve) => {
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    w.addEventListener('message', (ev: MessageEvent<ForwardReply>) => {
      w.terminate();
      resolve(ev.data);
    });
    w.addEventListener('error', (ev) => {
      w.terminate();
      resolve({ ok: false, error: `worker error: ${ev.message}` });
    });
    w.postMessage(req);
  });
