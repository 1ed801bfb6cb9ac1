/** The frame batcher with a fake frame clock: at most one flush per frame, nothing lost, nothing twice. */
import { describe, expect, it, vi } from 'vitest';
import { animationFrames, frameBatcher, type FrameClock } from '../../src/lib/scheduling/frame-batch';

/** A frame clock the test advances by hand. */
function fakeFrames() {
  let next = 1;
  const queued = new Map<number, () => void>();
  const clock: FrameClock = {
    request: (cb) => {
      const h = next++;
      queued.set(h, cb);
      return h;
    },
    cancel: (h) => void queued.delete(h),
  };
  /** Runs the callbacks requested before this frame. */
  const frame = () => {
    const due = [...queued.values()];
    queued.clear();
    for (const cb of due) cb();
  };
  return { clock, frame, pending: () => queued.size };
}

describe('frameBatcher', () => {
  it('hands on every item that came within a frame in one call, in order, and requests one frame for them', () => {
    const f = fakeFrames();
    const flushes: string[][] = [];
    const b = frameBatcher<string>((items) => flushes.push(items), f.clock);
    for (const t of ['The', ' cat', ' sat', ' on', ' the']) b.push(t);
    expect(flushes).toEqual([]);
    expect(f.pending()).toBe(1);
    f.frame();
    expect(flushes).toEqual([['The', ' cat', ' sat', ' on', ' the']]);
    // A frame with nothing new does not flush; the next item asks for a new frame.
    f.frame();
    expect(flushes).toHaveLength(1);
    b.push(' mat');
    b.push('.');
    f.frame();
    expect(flushes).toEqual([['The', ' cat', ' sat', ' on', ' the'], [' mat', '.']]);
  });

  it('100 items over 10 frames: 10 flushes, every item once', () => {
    const f = fakeFrames();
    const flush = vi.fn<(items: number[]) => void>();
    const b = frameBatcher<number>(flush, f.clock);
    for (let i = 0; i < 100; i++) {
      b.push(i);
      if (i % 10 === 9) f.frame();
    }
    expect(flush).toHaveBeenCalledTimes(10);
    expect(flush.mock.calls.flatMap(([items]) => items)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('flushNow hands on what waits at once and cancels its frame; cancel drops it', () => {
    const f = fakeFrames();
    const flushes: string[][] = [];
    const b = frameBatcher<string>((items) => flushes.push(items), f.clock);
    b.push('a');
    b.flushNow();
    expect(flushes).toEqual([['a']]);
    expect(f.pending()).toBe(0);
    b.flushNow(); // nothing waiting: no empty flush
    expect(flushes).toHaveLength(1);
    b.push('b');
    b.cancel();
    expect(f.pending()).toBe(0);
    f.frame();
    b.flushNow();
    expect(flushes).toHaveLength(1);
  });
});

describe('animationFrames', () => {
  it('uses requestAnimationFrame when the environment has it', () => {
    const raf = vi.fn((cb: () => void) => {
      cb();
      return 7;
    });
    const caf = vi.fn();
    vi.stubGlobal('requestAnimationFrame', raf);
    vi.stubGlobal('cancelAnimationFrame', caf);
    try {
      const clock = animationFrames();
      const cb = vi.fn();
      expect(clock.request(cb)).toBe(7);
      expect(cb).toHaveBeenCalledOnce();
      clock.cancel(7);
      expect(caf).toHaveBeenCalledWith(7);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('falls back to a 16 ms timer without it', () => {
    vi.useFakeTimers();
    try {
      const clock = animationFrames();
      const cb = vi.fn();
      clock.request(cb);
      vi.advanceTimersByTime(15);
      expect(cb).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(cb).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });
});
