/**
 * Getting a figure's model ready before the reader's first use, where that costs the reader
 * nothing they did not already agree to. When a model-backed figure comes into view the page
 * either starts the model worker alone (its script is small and the site's own), or, when this
 * browser has loaded the same model before (so its files are in the browser's cache) and the
 * model is small, loads the model too: a revisit then finds the model ready by the time the
 * reader clicks. A model never loaded in this browser is never downloaded unasked.
 *
 * Which models this browser has loaded is kept in localStorage under `lm-notes:loaded`
 * (model id → time of the last successful load).
 */
import { readItem, writeItem } from '../storage/safe-storage';
import type { KeyValueStorage } from '../storage/safe-storage';

/** localStorage key of the models this browser has loaded. */
export const LOADED_MODELS_KEY = 'lm-notes:loaded';

/** How long a load is taken as a sign that the files are still cached: 30 days. */
export const LOADED_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * The largest download (model files + runtime, bytes) that is loaded ahead of use. The embedded
 * model is about 10 MB; a Hub model of hundreds of megabytes would cost seconds of CPU and
 * hundreds of megabytes of memory on every page view, so it waits for first use.
 */
export const WARM_START_MAX_BYTES = 32 * 1024 * 1024;

/** What to do when a model-backed figure comes into view. */
export type WarmStart = 'load-model' | 'start-worker';

/** Model id → last successful load (ms since the epoch), as stored; junk reads as nothing. */
function readLoaded(storage: KeyValueStorage | null): Record<string, number> {
  const r = readItem(storage, LOADED_MODELS_KEY);
  if (!r.ok || r.value === null) return {};
  try {
    const parsed: unknown = JSON.parse(r.value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, number> = {};
    for (const [id, t] of Object.entries(parsed)) if (typeof t === 'number' && Number.isFinite(t)) out[id] = t;
    return out;
  } catch {
    return {};
  }
}

/** Notes that model `id` loaded in this browser at `now` (storage that refuses: nothing noted). */
export function rememberLoaded(storage: KeyValueStorage | null, id: string, now: number = Date.now()): void {
  const loaded = readLoaded(storage);
  loaded[id] = now;
  writeItem(storage, LOADED_MODELS_KEY, JSON.stringify(loaded));
}

/** Whether model `id` loaded in this browser within `maxAgeMs` before `now`. */
export function loadedBefore(storage: KeyValueStorage | null, id: string, now: number = Date.now(), maxAgeMs = LOADED_MAX_AGE_MS): boolean {
  const t = readLoaded(storage)[id];
  return t !== undefined && t <= now && now - t <= maxAgeMs;
}

/**
 * The plan for a figure coming into view: load the model when it loaded here before, its
 * download is at most `WARM_START_MAX_BYTES` and the reader has not asked to save data;
 * otherwise only start the worker. `downloadBytes` is null for a model with no download (a
 * class server), which is left alone until first use.
 */
export function warmStartPlan(opts: { loadedBefore: boolean; downloadBytes: number | null; saveData: boolean }): WarmStart {
  if (opts.downloadBytes === null || opts.saveData || !opts.loadedBefore) return 'start-worker';
  return opts.downloadBytes <= WARM_START_MAX_BYTES ? 'load-model' : 'start-worker';
}
