/**
 * Which model the build-time static figures are computed with, and how their captions name it.
 * Pure (registry data only), so both the build (`build-model.ts`) and the islands can use it.
 */
import { EMBEDDED_MODEL_ID, findModel } from '../lm/registry';
import type { ModelSpec } from '../lm/registry';

/** Exercises and the tokenizer playground's "site's small model" row always use the embedded model. */
export { EMBEDDED_MODEL_ID };

/**
 * The registry entry of the figures model `id`, or an Error with a plain message: it must be
 * known and served by this site (`source: 'local'`), since the build reads its files from disk.
 */
export function resolveFiguresModel(id: string, lookup: (id: string) => ModelSpec | undefined = findModel): ModelSpec {
  const spec = lookup(id);
  if (!spec) {
    throw new Error(
      `figuresModel "${id}" is not a model of this site: use lm-notes-tiny, or add the model first with npm run model:add -- ${id} (see src/site.config.ts and LM_NOTES_FIGURES_MODEL).`,
    );
  }
  if (spec.source !== 'local') {
    throw new Error(
      `figuresModel "${id}" is downloaded from the Hub by readers' browsers, but the static figures are computed from files on disk: add it to the site with npm run model:add -- ${id}, or use lm-notes-tiny.`,
    );
  }
  return spec;
}

/** The token a model scores after (`<|endoftext|>`, Gemma's `<bos>`), for the figures' explanations. */
export function startTokenOf(id: string): string {
  return findModel(id)?.bosToken ?? '<|endoftext|>';
}

/** How a figure's caption names the model its build-time numbers come from ("the embedded model", or the id). */
export function builtWithName(id: string): string {
  return id === EMBEDDED_MODEL_ID ? 'the embedded model' : id;
}
