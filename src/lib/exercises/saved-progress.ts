/**
 * What the browser remembers about a page's exercises (in localStorage, one entry per page),
 * and how saved data is read back: anything that does not match the schema is rejected as a
 * whole with a reason, so a corrupt entry is set aside instead of crashing the page.
 */

/** Version of the saved format; bump it when the shape changes. */
export const SAVED_VERSION = 1;

/** Prefix of the localStorage keys; the page's path follows. */
export const STORAGE_PREFIX = 'lm-notes:exercises:';

/** The saved state of one exercise. */
export interface SavedExercise {
  /** The reader's last response (typed text, or the chosen option's index as text). */
  response: string;
  /** Outcome of the last check, or null when never checked since the last change. */
  status: 'correct' | 'incorrect' | 'invalid' | null;
  /** How many hints have been revealed. */
  hintsShown: number;
  /** Whether the worked solution has been revealed. */
  solutionShown: boolean;
}

/** The saved state of one page's exercises. */
export interface SavedProgress {
  /** Format version ({@link SAVED_VERSION}). */
  version: number;
  /** Saved exercises by exercise id. */
  exercises: Record<string, SavedExercise>;
}

/** Result of reading saved data: the progress, or why it was set aside. */
export type ReadResult =
  | { ok: true; progress: SavedProgress }
  | { ok: false; progress: SavedProgress; reason: string };

/** The localStorage key for a page (its path, e.g. "/unit-1/sampling/"). */
export function storageKey(page: string): string {
  return STORAGE_PREFIX + page;
}

/** A page with nothing saved yet. */
export function emptyProgress(): SavedProgress {
  return { version: SAVED_VERSION, exercises: {} };
}

/** A fresh, untouched exercise. */
export function emptyExercise(): SavedExercise {
  return { response: '', status: null, hintsShown: 0, solutionShown: false };
}

const STATUSES = new Set(['correct', 'incorrect', 'invalid', null]);

/** Why `x` is not a valid saved exercise, or null when it is. */
function exerciseProblem(x: unknown): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'an exercise entry is not an object';
  const e = x as Record<string, unknown>;
  if (typeof e.response !== 'string' || e.response.length > 10_000) return 'a saved response is not text';
  if (!STATUSES.has(e.status as string | null)) return 'a saved check result is unknown';
  if (!(Number.isInteger(e.hintsShown) && (e.hintsShown as number) >= 0 && (e.hintsShown as number) <= 100)) return 'a hint count is invalid';
  if (typeof e.solutionShown !== 'boolean') return 'a solution flag is invalid';
  return null;
}

/**
 * Reads the raw localStorage value of a page. Nothing saved (null) is fine; anything that is
 * not valid JSON of the current schema gives `ok: false`, an empty progress and the reason.
 */
export function readSavedProgress(raw: string | null): ReadResult {
  if (raw === null) return { ok: true, progress: emptyProgress() };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, progress: emptyProgress(), reason: 'the saved data is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, progress: emptyProgress(), reason: 'the saved data is not an object' };
  }
  const d = data as Record<string, unknown>;
  if (d.version !== SAVED_VERSION) {
    return { ok: false, progress: emptyProgress(), reason: `the saved data has an unknown version (${String(d.version)})` };
  }
  if (typeof d.exercises !== 'object' || d.exercises === null || Array.isArray(d.exercises)) {
    return { ok: false, progress: emptyProgress(), reason: 'the saved data has no list of exercises' };
  }
  const exercises: Record<string, SavedExercise> = {};
  for (const [id, e] of Object.entries(d.exercises as Record<string, unknown>)) {
    const problem = exerciseProblem(e);
    if (problem) return { ok: false, progress: emptyProgress(), reason: problem };
    const v = e as SavedExercise;
    exercises[id] = { response: v.response, status: v.status, hintsShown: v.hintsShown, solutionShown: v.solutionShown };
  }
  return { ok: true, progress: { version: SAVED_VERSION, exercises } };
}

/** The JSON text stored for a page's progress. */
export function serialiseProgress(p: SavedProgress): string {
  return JSON.stringify({ version: SAVED_VERSION, exercises: p.exercises });
}

/** How many of the given exercises are answered correctly. */
export function countDone(p: SavedProgress, ids: readonly string[]): number {
  return ids.filter((id) => p.exercises[id]?.status === 'correct').length;
}

/** "3 of 5 done", the progress line of a page. */
export function progressLabel(done: number, total: number): string {
  return `${done} of ${total} done`;
}
