/**
 * The reader's model choice, remembered in localStorage under `lm-notes:model`. A stored id
 * that is not in the registry (renamed model, hand-edited storage) is reported in plain words
 * and replaced by the site default from `site.config.ts`.
 */
import { siteConfig } from '../../site.config';
import type { LmErrorInfo } from './errors';
import { isKnownModel } from './registry';

/** localStorage key of the reader's choice. */
export const MODEL_STORAGE_KEY = 'lm-notes:model';

/** The part of `Storage` used here (so tests can pass a Map-backed fake). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A resolved choice: the id to use, and a notice when the saved one had to be replaced. */
export interface ResolvedChoice {
  /** Registry id to load. */
  id: string;
  /** Set when a saved id was unknown and the default is used instead. */
  notice: LmErrorInfo | null;
}

/** localStorage if the environment has a usable one. */
export function browserStorage(): StorageLike | null {
  try {
    const s = (globalThis as { localStorage?: StorageLike }).localStorage;
    return s ?? null;
  } catch {
    return null; // storage disabled (privacy settings)
  }
}

/** The model to use: the saved choice when it is known, else the site default. */
export function readModelChoice(storage: StorageLike | null, defaultId: string = siteConfig.defaultModel): ResolvedChoice {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(MODEL_STORAGE_KEY) ?? null;
  } catch {
    saved = null;
  }
  if (saved === null || saved === defaultId) return { id: defaultId, notice: null };
  if (isKnownModel(saved)) return { id: saved, notice: null };
  try {
    storage?.removeItem(MODEL_STORAGE_KEY);
  } catch {
    // Storage not writable: the notice still tells the reader.
  }
  return {
    id: defaultId,
    notice: {
      code: 'unknown-model',
      message: `The saved model "${saved}" is not one this site knows, so the default model (${defaultId}) is used instead.`,
    },
  };
}

/** Remembers the reader's choice (an unknown id is refused with an Error). */
export function saveModelChoice(storage: StorageLike | null, id: string): void {
  if (!isKnownModel(id)) throw new Error(`Unknown model "${id}".`);
  try {
    storage?.setItem(MODEL_STORAGE_KEY, id);
  } catch {
    // Storage full or disabled: the choice lasts for this page only.
  }
}
