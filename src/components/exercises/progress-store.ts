/**
 * The browser side of saved exercise progress: reads and writes one localStorage entry per
 * page (schema and validation in src/lib/exercises/saved-progress.ts) and tells every
 * exercise island on the page when something changed, so the progress line and a reset
 * reach all of them.
 */
import {
  emptyExercise,
  readSavedProgress,
  serialiseProgress,
  storageKey,
  type ReadResult,
  type SavedExercise,
} from '../../lib/exercises/saved-progress';
import { browserStorage, readItem, removeItem, writeItem } from '../../lib/storage/safe-storage';

/** Window event fired after a page's saved progress changed. */
export const CHANGED_EVENT = 'lm-notes:exercises-changed';

/** What the change event carries. */
export interface ChangedDetail {
  /** The page whose progress changed. */
  page: string;
  /** True when the reader reset all answers of the page. */
  reset: boolean;
}

/** The page's saved progress (a corrupt entry reads as empty, with the reason). */
export function loadProgress(page: string): ReadResult {
  const read = readItem(browserStorage(), storageKey(page));
  // Storage blocked: nothing to read.
  if (!read.ok) return { ok: true, progress: { version: 1, exercises: {} } };
  return readSavedProgress(read.value);
}

function announce(detail: ChangedDetail) {
  window.dispatchEvent(new CustomEvent<ChangedDetail>(CHANGED_EVENT, { detail }));
}

/** Saves one exercise's state (a corrupt entry is replaced by a valid one). */
export function saveExercise(page: string, id: string, state: SavedExercise): void {
  const { progress } = loadProgress(page);
  progress.exercises[id] = { ...emptyExercise(), ...state };
  // Storage full or blocked: the answer still works for this visit.
  writeItem(browserStorage(), storageKey(page), serialiseProgress(progress));
  announce({ page, reset: false });
}

/** Forgets every saved answer of the page. */
export function resetProgress(page: string): void {
  // Storage refused: nothing we can do; the islands still clear themselves.
  removeItem(browserStorage(), storageKey(page));
  announce({ page, reset: true });
}

/** Calls `fn` whenever the page's progress changes; returns the unsubscribe function. */
export function onProgressChange(page: string, fn: (d: ChangedDetail) => void): () => void {
  const handler = (e: Event) => {
    const d = (e as CustomEvent<ChangedDetail>).detail;
    if (d?.page === page) fn(d);
  };
  window.addEventListener(CHANGED_EVENT, handler);
  return () => window.removeEventListener(CHANGED_EVENT, handler);
}
