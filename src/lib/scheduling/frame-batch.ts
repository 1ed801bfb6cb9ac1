/**
 * Batching for anything that streams into the page faster than it can be drawn (tokens of a
 * generation arrive every few milliseconds): items are collected and handed on at most once per
 * animation frame, all that arrived since the last time, so a widget re-renders once per frame
 * rather than once per item.
 */

/** The part of the browser's frame clock the batcher uses (tests pass a fake one). */
export interface FrameClock {
  /** Runs `callback` before the next repaint; returns a handle for `cancel`. */
  request(callback: () => void): number;
  /** Cancels a requested callback. */
  cancel(handle: number): void;
}

/**
 * The browser's `requestAnimationFrame`, or a 16 ms timer where there is none (Node, a worker):
 * either way at most about one callback per frame.
 */
export function animationFrames(): FrameClock {
  const g = globalThis as {
    requestAnimationFrame?: (cb: () => void) => number;
    cancelAnimationFrame?: (handle: number) => void;
  };
  const raf = g.requestAnimationFrame;
  const caf = g.cancelAnimationFrame;
  if (typeof raf === 'function' && typeof caf === 'function') {
    return { request: (cb) => raf(cb), cancel: (h) => caf(h) };
  }
  return { request: (cb) => setTimeout(cb, 16) as unknown as number, cancel: (h) => clearTimeout(h) };
}

/** A batcher: `push` items as they come; `flush` receives them once per frame. */
export interface FrameBatcher<T> {
  /** Adds an item; the next frame hands it on with everything else that came before it. */
  push(item: T): void;
  /** Hands on what is waiting now, without waiting for the frame (at the end of a stream). */
  flushNow(): void;
  /** Drops what is waiting and the frame requested for it. */
  cancel(): void;
}

/** Collects items and calls `flush` with all of them at most once per frame of `clock`. */
export function frameBatcher<T>(flush: (items: T[]) => void, clock: FrameClock = animationFrames()): FrameBatcher<T> {
  let waiting: T[] = [];
  let frame: number | null = null;
  const deliver = (): void => {
    frame = null;
    if (waiting.length === 0) return;
    const items = waiting;
    waiting = [];
    flush(items);
  };
  return {
    push(item) {
      waiting.push(item);
      if (frame === null) frame = clock.request(deliver);
    },
    flushNow() {
      if (frame !== null) clock.cancel(frame);
      deliver();
    },
    cancel() {
      if (frame !== null) clock.cancel(frame);
      frame = null;
      waiting = [];
    },
  };
}
