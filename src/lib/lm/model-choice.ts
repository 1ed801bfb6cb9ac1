/**
 * The reader's model choice, remembered in localStorage under `lm-notes:model`. A stored id
 * that is not in the registry (renamed model, hand-edited storage) is reported in plain words
 * and replaced by the site default from `site.config.ts`.
 */
import { siteConfig } from '../../site.config';
import type { LmErrorInfo } from './errors';
import { isKnownModel } from './registry';
import { readItem, removeItem, writeItem } from '../storage/safe-storage';
import type { KeyValueStorage } from '../storage/safe-storage';

export { browserStorage } from '../storage/safe-storage';

/** localStorage key of the reader's choice. */
export const MODEL_STORAGE_KEY = 'lm-notes:model';

/** A resolved choice: the id to use, and a notice when the saved one had to be replaced. */
export interface ResolvedChoice {
  /** Registry id to load. */
  id: string;
  /** Set when a saved id was unknown and the default is used instead. */
  notice: LmErrorInfo | null;
}

/** The model to use: the saved choice when it is known, else the site default. */
export function readModelChoice(storage: KeyValueStorage | null, defaultId: string = siteConfig.defaultModel): ResolvedChoice {
  const read = readItem(storage, MODEL_STORAGE_KEY);
  const saved = read.ok ? read.value : null; // blocked storage: as if nothing was saved
  if (saved === null || saved === defaultId) return { id: defaultId, notice: null };
  if (isKnownModel(saved)) return { id: saved, notice: null };
  removeItem(storage, MODEL_STORAGE_KEY); // if storage refuses, the notice still tells the reader
  return {
    id: defaultId,
    notice: {
      code: 'unknown-model',
      message: `The saved model "${saved}" is not one this site knows, so the default model (${defaultId}) is used instead.`,
    },
  };
}

/** Remembers the reader's choice (an unknown id is refused with an Error). */
export function saveModelChoice(storage: KeyValueStorage | null, id: string): void {
  if (!isKnownModel(id)) throw new Error(`Unknown model "${id}".`);
  writeItem(storage, MODEL_STORAGE_KEY, id); // full or disabled storage: the choice lasts for this page only
}
