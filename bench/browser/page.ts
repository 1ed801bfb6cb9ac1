/**
 * The bench page: `window.runForward(request)` runs one request in a fresh worker (a worker
 * holds one ONNX Runtime build: the plain one for WebAssembly, asyncify for WebGPU).
 */
import type { ForwardReply, ForwardRequest } from './worker';

let worker: Worker | null = null;

(globalThis as unknown as { runForward: (r: ForwardRequest) => Promise<ForwardReply> }).runForward = (req) =>
  new Promise((resolve) => {
    // A fresh worker per request: each loads the ONNX Runtime build its backend needs.
    worker?.terminate();
    const w = (worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
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
