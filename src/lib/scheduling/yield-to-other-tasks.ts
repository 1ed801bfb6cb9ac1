/**
 * Cooperative multitasking for long loops in JavaScript: a loop that runs for a long time on one
 * thread (a generation loop in the worker, parsing a 200,000-token vocabulary on the page) stops
 * every few milliseconds so that other tasks (a cancel message, a keystroke, a repaint) can run.
 */

/**
 * Lets tasks already queued run, then resumes. A message on a fresh MessageChannel
 * (setImmediate in Node) is a new task without the timer clamp: a `setTimeout(…, 0)` costs about
 * 1 ms (4 ms when nested in browsers), which in a loop that yields every 20 ms adds 5–20 %.
 */
export function nextTask(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === 'function') {
    const immediate = g.setImmediate;
    return new Promise((resolve) => void immediate(resolve));
  }
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Returns a function to await inside a loop: it lets other tasks run (`pause`, by default
 * `nextTask`) once at least `everyMs` milliseconds of work have passed since the last pause,
 * and otherwise returns at once.
 */
export function yielder(everyMs: number, pause: () => Promise<void> = nextTask): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await pause();
    last = performance.now();
  };
}
