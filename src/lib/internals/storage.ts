/**
 * Keeps the reader's conversation across reloads in the browser's storage. A saved value that
 * cannot be read (edited by hand, from an older version, cut off) is never trusted: it is moved
 * aside (so nothing is silently lost) and the tool starts fresh with a notice.
 */
import type { InternalsState } from './conversation';
import { parseState, stateToJson } from './validate';
import { readItem, removeItem, writeItem } from '../storage/safe-storage';
import type { KeyValueStorage } from '../storage/safe-storage';

export type { KeyValueStorage } from '../storage/safe-storage';

/** The storage key of the saved conversation. */
export const STORAGE_KEY = 'lm-notes.internals.conversation';

/** Where an unreadable saved value is moved. */
export const CORRUPT_KEY = 'lm-notes.internals.conversation.unreadable';

/** The saved state, if any, and a notice when a saved value could not be used. */
export interface Loaded {
  /** The saved state, or null (nothing saved or unreadable). */
  state: InternalsState | null;
  /** Plain-words notice for the reader, or null. */
  notice: string | null;
}

/** Reads the saved state; an unreadable one is moved to `CORRUPT_KEY`. */
export function loadSaved(storage: KeyValueStorage | null): Loaded {
  const read = readItem(storage, STORAGE_KEY);
  if (!read.ok) return { state: null, notice: 'Your browser does not let this page read its storage, so the conversation will not be kept after a reload.' };
  const raw = read.value;
  if (raw === null) return { state: null, notice: null };
  const r = parseState(raw);
  if (r.ok) return { state: r.value, notice: null };
  // Storage full or blocked: the notice still tells the reader.
  if (writeItem(storage, CORRUPT_KEY, raw)) removeItem(storage, STORAGE_KEY);
  return { state: null, notice: `The conversation saved in this browser could not be read (${r.error}), so the tool started fresh. The old text was kept under "${CORRUPT_KEY}" in this site's storage.` };
}

/** Saves the state; returns false when the browser refused (full or blocked storage). */
export function saveState(storage: KeyValueStorage | null, state: InternalsState): boolean {
  return writeItem(storage, STORAGE_KEY, stateToJson(state));
}
