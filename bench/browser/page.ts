/**
 * The bench page: `window.runForward(request)` runs one request in the page's worker. One
 * worker serves every request (as on the site), so ONNX Runtime's WebAssembly is compiled once.
 */
import type { ForwardReply, ForwardRequest } from './worker';

let worker: Worker | null = null;

(globalThis as unknown as { runForward: (r: ForwardRequest) => Promise<ForwardReply> }).runForward = (req) =>
  new Promise((resolve) => {
    const w = (worker ??= new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
    const onMessage = (ev: MessageEvent<ForwardReply>): void => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      resolve(ev.data);
    };
    const onError = (ev: ErrorEvent): void => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      w.terminate();
      worker = null;
      resolve({ ok: false, error: `worker error: ${ev.message}` });
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    w.postMessage(req);
  });
