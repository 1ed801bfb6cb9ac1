/**
 * Two small hooks the widgets share, so that each `useEffect` can list every value it reads
 * (ESLint's react-hooks/exhaustive-deps is an error in this project).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { MutableRef } from 'preact/hooks';

/**
 * Runs `effect` once, right after hydration. The effect reads the first render's values on
 * purpose (the build-time state that the URL's state then replaces), so it has no deps.
 */
export function useHydrationEffect(effect: () => void): void {
  // Once by design: re-running it would throw away what the reader changed since.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(effect, []);
}

/**
 * A ref that always holds the latest `value` (e.g. a callback prop or a freshly built object):
 * an effect reads `ref.current` when it runs, without re-running every time the value's
 * identity changes.
 */
export function useLatest<T>(value: T): MutableRef<T> {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
