/**
 * The models at BUILD time (Node, onnxruntime-node): widgets call this from their `.astro`
 * wrapper to compute the real numbers of their preset inputs, so the static HTML (JavaScript
 * off, Perusall, print) shows real figures. `buildTimeEngine()` runs the figures model
 * (`siteConfig.figuresModel`, or `LM_NOTES_FIGURES_MODEL`); `embeddedBuildEngine()` runs
 * `lm-notes-tiny` itself, for what the notes say about that model (exercise answers, the
 * tokenizer playground's row for it).
 *
 * One engine per model and build process, loaded on first use and shared by every page. Never
 * import this from browser code: it reads the model from disk.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LmEngine } from '../lm/engine';
import { dtypeSuffix, findModel } from '../lm/registry';
import type { ModelSpec } from '../lm/registry';
import { siteConfig } from '../../site.config';
import { EMBEDDED_MODEL_ID, resolveFiguresModel } from './figures-model';

/** The environment variable that overrides `siteConfig.figuresModel` for one build (or a test). */
export const FIGURES_MODEL_ENV = 'LM_NOTES_FIGURES_MODEL';

/** Registry id of the model the static figures are computed with. */
export function figuresModelId(): string {
  return process.env[FIGURES_MODEL_ENV] || siteConfig.figuresModel;
}

const engines = new Map<string, Promise<LmEngine>>();

/**
 * `public/models/` on disk, found from the project root (Astro builds from there).
 * `LM_NOTES_MODELS_DIR` points elsewhere, for tests only: the site serves `public/models/`.
 */
function modelsDir(): string {
  const dir = process.env['LM_NOTES_MODELS_DIR'];
  if (dir) return dir.endsWith('/') ? dir : `${dir}/`;
  return fileURLToPath(new URL('public/models/', `file://${process.cwd()}/`));
}

/** The shared engine of a local model, loaded with the dtype, bos token and context cap the browser uses. */
function engineFor(spec: ModelSpec): Promise<LmEngine> {
  let engine = engines.get(spec.id);
  if (!engine) {
    const dir = modelsDir();
    const weights = `${dir}${spec.id}/onnx/model${dtypeSuffix(spec.dtypes.wasm)}.onnx`;
    if (!existsSync(`${dir}${spec.id}/config.json`) || !existsSync(weights)) {
      // Downloaded models are git-ignored: a fresh clone has the entry but not the files.
      throw new Error(
        `The figures model ${spec.id} is registered but its files are not in ${dir}${spec.id}/ (looked for config.json and ${weights.slice(dir.length + spec.id.length + 1)}): run npm run model:add -- ${spec.id} --dtype ${spec.dtypes.wasm} first.`,
      );
    }
    engine = LmEngine.load({
      modelId: spec.id,
      source: 'local',
      device: 'cpu',
      dtype: spec.dtypes.wasm,
      localModelPath: dir,
      bosToken: spec.bosToken,
      maxContext: spec.runtimeContext,
      // Multi-threaded reductions can differ in the last bits from build to build; the static
      // figures print full-precision numbers into the HTML, so the build uses one thread.
      threads: 1,
    });
    engines.set(spec.id, engine);
  }
  return engine;
}

/** The shared build-time engine of the figures model (rejects with a plain message when it cannot be used). */
export async function buildTimeEngine(): Promise<LmEngine> {
  return engineFor(resolveFiguresModel(figuresModelId()));
}

/** The shared build-time engine of the embedded model, whatever the figures model is. */
export async function embeddedBuildEngine(): Promise<LmEngine> {
  return engineFor(findModel(EMBEDDED_MODEL_ID)!);
}
