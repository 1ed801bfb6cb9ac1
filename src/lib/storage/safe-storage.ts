/**
 * The browser's `localStorage`, used so that it can never break a page: storage can be missing
 * (Node, build time), blocked (privacy settings throw on access), full (a write throws) or
 * hand-edited. Every access here catches, and says whether it worked.
 */

/** The part of `Storage` the site uses (tests pass a Map-backed fake). */
export interface KeyValueStorage {
  /** The value of a key, or null. */
  getItem(key: string): string | null;
  /** Sets a key (may throw: full or blocked storage). */
  setItem(key: string, value: string): void;
  /** Removes a key. */
  removeItem(key: string): void;
}

/** `localStorage` when this environment has a usable one, else null (never throws). */
export function browserStorage(): KeyValueStorage | null {
  try {
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage ?? null;
  } catch {
    return null; // access itself throws when storage is disabled
  }
}

/** What a read gave: the value (null when nothing is saved), or `blocked` when reading threw. */
export type ReadItem = { ok: true; value: string | null } | { ok: false; blocked: true };

/** Reads a key; no storage reads as nothing saved, a throwing storage as `blocked`. */
export function readItem(storage: KeyValueStorage | null, key: string): ReadItem {
  if (!storage) return { ok: true, value: null };
  try {
    return { ok: true, value: storage.getItem(key) };
  } catch {
    return { ok: false, blocked: true };
  }
}

/** Writes a key; false when there is no storage or it refused (full or blocked). */
export function writeItem(storage: KeyValueStorage | null, key: string, value: string): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Removes a key; false when there is no storage or it refused. */
export function removeItem(storage: KeyValueStorage | null, key: string): boolean {
  if (!storage) return false;
  try {
    storage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}
