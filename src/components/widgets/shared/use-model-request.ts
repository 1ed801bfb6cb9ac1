/**
 * Runs a model request for a widget, the way every live figure needs it: debounced while the
 * reader types, superseding the widget's previous request (a stale answer never overwrites a
 * newer one), with the result, a busy flag and a plain-words error as state. Cancellations
 * caused by a newer request are not errors. The previous result stays visible while a new one
 * is computed, so the figure does not flicker. When the page's model changes (the reader picks
 * another one, or a failed one falls back), a figure showing the old model's numbers asks again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { getModelClient } from '../../../lib/lm/client';
import type { ModelClient } from '../../../lib/lm/client';
import { LmError, classifyError } from '../../../lib/lm/errors';

/** What the widget renders from. */
export interface ModelRequestState<T> {
  /** The latest result (kept while a newer request runs). */
  value: T | null;
  /** Whether a request is waiting or running. */
  busy: boolean;
  /** The last error in plain words (null after a success). */
  error: string | null;
  /** The error's code, for widgets that react to one kind (e.g. `empty-input`). */
  errorCode: string | null;
}

/** Options of `useModelRequest`. */
export interface ModelRequestOptions {
  /** Supersede key: one per widget instance (a newer request with this key cancels the older). */
  key: string;
  /**
   * Wait this long after the last change before sending (0 sends at once). The first request
   * (when the figure is first used) goes out at once: there is no typing to wait for yet.
   */
  debounceMs?: number;
  /** When false, nothing is sent (e.g. before the reader's first interaction). */
  enabled?: boolean;
}

/**
 * Calls `run(client, key)` whenever `deps` change (after the debounce) and keeps its latest
 * result. `run` must pass `{ supersede: key }` to the client call.
 */
export function useModelRequest<T>(
  run: (client: ModelClient, key: string) => Promise<T>,
  deps: readonly unknown[],
  { key, debounceMs = 250, enabled = true }: ModelRequestOptions,
): ModelRequestState<T> & { retry: () => void } {
  const [state, setState] = useState<ModelRequestState<T>>({ value: null, busy: false, error: null, errorCode: null });
  const [attempt, setAttempt] = useState(0);
  const seq = useRef(0);
  /** Whether a request has been started (the first one is not debounced). */
  const started = useRef(false);
  /** The model the shown value came from (null: nothing shown yet). */
  const valueModel = useRef<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    return getModelClient().status.subscribe((s) => {
      if (s.phase !== 'ready' || valueModel.current === null || s.modelId === valueModel.current) return;
      valueModel.current = s.modelId; // the request about to go out is for this model
      setAttempt((n) => n + 1);
    });
  }, [enabled]);
  useEffect(() => {
    if (!enabled) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, busy: true }));
    const delay = started.current ? debounceMs : 0;
    started.current = true;
    const timer = setTimeout(() => {
      run(getModelClient(), key).then(
        (value) => {
          if (mine !== seq.current) return;
          valueModel.current = getModelClient().status.get().modelId;
          setState({ value, busy: false, error: null, errorCode: null });
        },
        (e: unknown) => {
          if (mine !== seq.current) return; // a newer request owns the state
          const err = e instanceof LmError ? e : classifyError(e);
          if (err.code === 'cancelled') return;
          setState((s) => ({ ...s, busy: false, error: err.message, errorCode: err.code }));
        },
      );
    }, delay);
    return () => clearTimeout(timer);
    // The caller lists what `run` depends on in `deps`, and ESLint checks that list at every
    // call site (useModelRequest is in exhaustive-deps' additionalHooks, eslint.config.js).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled, attempt]);
  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
