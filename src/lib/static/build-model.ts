/**
 * The embedded model at BUILD time (Node, onnxruntime-node): widgets call this from their
 * `.astro` wrapper to compute the real numbers of their preset inputs, so the static HTML
 * (JavaScript off, Perusall, print) shows the same figures the live widget will show.
 *
 * One engine per build process, loaded on first use and shared by every page. Never import this
 * from browser code: it reads the model from disk.
 */
import { fileURLToPath } from 'node:url';
import { LmEngine } from '../lm/engine';
import { EMBEDDED_DTYPE } from '../lm/registry';

/** The model the static figures use: the site's embedded model, the same file as in the browser. */
export const STATIC_MODEL_ID = 'lm-notes-tiny';

let engine: Promise<LmEngine> | null = null;

/** `public/models/` on disk, found from the project root (Astro builds from there). */
function modelsDir(): string {
  return fileURLToPath(new URL('public/models/', `file://${process.cwd()}/`));
}

/** The shared build-time engine (loaded once per build). */
export function buildTimeEngine(): Promise<LmEngine> {
  engine ??= LmEngine.load({
    modelId: STATIC_MODEL_ID,
    source: 'local',
    device: 'cpu',
    dtype: EMBEDDED_DTYPE,
    localModelPath: modelsDir(),
    bosToken: '<|endoftext|>',
    // Multi-threaded reductions can differ in the last bits from build to build; the static
    // figures print full-precision numbers into the HTML, so the build uses one thread.
    threads: 1,
  });
  return engine;
}
