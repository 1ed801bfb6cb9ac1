/**
 * Readies the page's model runtime once a model-backed figure is on screen (islands hydrate when
 * visible): in idle time, `ModelClient.prepare` starts the worker, or loads the whole model when
 * this browser has it cached from an earlier visit (see src/lib/lm/warm-start.ts). Returns a
 * pointer-enter handler that does the same at once, since a pointer entering a figure often
 * comes just before a click.
 */
import { useEffect } from 'preact/hooks';
import { getModelClient } from '../../../lib/lm/client';

/** Prepares the model in idle time after mount; the handler prepares it now. */
export function usePrepareModel(): () => void {
  useEffect(() => whenIdle(() => void getModelClient().prepare()), []);
  return prepareNow;
}

function prepareNow(): void {
  getModelClient().prepare();
}

/** Runs `task` when the main thread is idle (at most a second later); returns a canceller. */
function whenIdle(task: () => void): () => void {
  const w = globalThis as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number; cancelIdleCallback?: (h: number) => void };
  if (w.requestIdleCallback && w.cancelIdleCallback) {
    const h = w.requestIdleCallback(task, { timeout: 1000 });
    return () => w.cancelIdleCallback?.(h);
  }
  const t = setTimeout(task, 200);
  return () => clearTimeout(t);
}
