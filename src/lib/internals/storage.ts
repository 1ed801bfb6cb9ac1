/**
 * Keeps the reader's conversation across reloads in the browser's storage. A saved value that
 * cannot be read (edited by hand, from an older version, cut off) is never trusted: it is moved
 * aside (so nothing is silently lost) and the tool starts fresh with a notice.
 */
import type { InternalsState } from './conversation';
import { parseState, stateToJson } from './validate';

/** The storage key of the saved conversation. */
export const STORAGE_KEY = 'lm-notes.internals.conversation';

/** Where an unreadable saved value is moved. */
export const CORRUPT_KEY = 'lm-notes.internals.conversation.unreadable';

/** What the tool needs from storage (`localStorage`, or a fake in tests). */
export interface KeyValueStorage {
  /** The value of a key, or null. */
  getItem(key: string): string | null;
  /** Sets a key. */
  setItem(key: string, value: string): void;
  /** Removes a key. */
  removeItem(key: string): void;
}

/** The saved state, if any, and a notice when a saved value could not be used. */
export interface Loaded {
  /** The saved state, or null (nothing saved or unreadable). */
  state: InternalsState | null;
  /** Plain-words notice for the reader, or null. */
  notice: string | null;
}

/** Reads the saved state; an unreadable one is moved to `CORRUPT_KEY`. */
export function loadSaved(storage: KeyValueStorage | null): Loaded {
  if (!storage) return { state: null, notice: null };
  let raw: string | null;
  try {
    raw = storage.getItem(STORAGE_KEY);
  } catch {
    return { state: null, notice: 'Your browser does not let this page read its storage, so the conversation will not be kept after a reload.' };
  }
  if (raw === null) return { state: null, notice: null };
  const r = parseState(raw);
  if (r.ok) return { state: r.value, notice: null };
  try {
    storage.setItem(CORRUPT_KEY, raw);
    storage.removeItem(STORAGE_KEY);
  } catch {
    // Storage full or blocked: the notice still tells the reader.
  }
  return { state: null, notice: `The conversation saved in this browser could not be read (${r.error}), so the tool started fresh. The old text was kept under "${CORRUPT_KEY}" in this site's storage.` };
}

/** Saves the state; returns false when the browser refused (full or blocked storage). */
export function saveState(storage: KeyValueStorage | null, state: InternalsState): boolean {
  if (!storage) return false;
  try {
    storage.setItem(STORAGE_KEY, stateToJson(state));
    return true;
  } catch {
    return false;
  }
}
