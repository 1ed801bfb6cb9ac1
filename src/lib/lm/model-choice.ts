/**
 * The reader's model choice, remembered in localStorage under `lm-notes:model`. A stored id
 * that is not in the registry (renamed model, hand-edited storage) is reported in plain words
 * and replaced by the site default from `site.config.ts`.
 */
import { siteConfig } from '../../site.config';
import type { LmErrorInfo } from './errors';
import { findModel } from './registry';
import { findServer, isServerId } from './server/servers';
import { browserStorage, readItem, removeItem, writeItem } from '../storage/safe-storage';
import type { KeyValueStorage } from '../storage/safe-storage';

export { browserStorage };

/** Whether `id` is a registry model or a class server this browser knows. */
export function isKnownChoice(id: string, storage: KeyValueStorage | null): boolean {
  return findModel(id) !== undefined || findServer(id, storage) !== undefined;
}

/** The name to show for a model id: the registry's label, the server's, or the id itself. */
export function modelLabel(id: string, storage: KeyValueStorage | null = browserStorage()): string {
  const spec = findModel(id);
  if (spec) return spec.label;
  const server = isServerId(id) ? findServer(id, storage) : undefined;
  return server ? `${server.label} (class server)` : id;
}

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
  if (isKnownChoice(saved, storage)) return { id: saved, notice: null };
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
  if (!isKnownChoice(id, storage)) throw new Error(`Unknown model "${id}".`);
  writeItem(storage, MODEL_STORAGE_KEY, id); // full or disabled storage: the choice lasts for this page only
}

/** Forgets the reader's choice (the site default applies on the next visit). */
export function forgetModelChoice(storage: KeyValueStorage | null): void {
  removeItem(storage, MODEL_STORAGE_KEY);
}
