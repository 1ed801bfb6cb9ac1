/**
 * A tiny observable value: `get`, `set`, `subscribe`. Enough for a status panel to follow the
 * model runtime without a state library.
 */

/** A value that can be read, replaced and watched. */
export interface Store<T> {
  /** The current value. */
  get(): T;
  /** Replaces the value and notifies subscribers (also when it is the same object). */
  set(value: T): void;
  /** Replaces the value with `fn(current)`. */
  update(fn: (current: T) => T): void;
  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: (value: T) => void): () => void;
}

/** A store holding `initial`. */
export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  const set = (next: T): void => {
    value = next;
    for (const l of [...listeners]) l(value);
  };
  return {
    get: () => value,
    set,
    update: (fn) => set(fn(value)),
    subscribe(listener) {
      listeners.add(listener);
      listener(value);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
