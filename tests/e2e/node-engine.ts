/**
 * The embedded model on onnxruntime-node inside the Playwright test process, for a cross-backend
 * consistency check of the numbers the widgets show in the browser (which run the same model on
 * WebAssembly). It is the same `LmEngine` code, so it is not an independent computation: it
 * catches what differs between the backends and the page (worker, protocol, rendering), not a
 * mistake in the engine itself. The independent references are the PyTorch golden data
 * (tests/golden/) and the formulas written out in the tests.
 */
import { LmEngine } from '../../src/lib/lm/engine';
import type { NextResult } from '../../src/lib/lm/protocol';
import { EMBEDDED_DTYPE } from '../../src/lib/lm/registry';

let engine: Promise<LmEngine> | null = null;

/** The engine, loaded once per worker. */
export function nodeEngine(): Promise<LmEngine> {
  engine ??= LmEngine.load({
    modelId: 'lm-notes-tiny',
    source: 'local',
    device: 'cpu',
    dtype: EMBEDDED_DTYPE,
    localModelPath: `${process.cwd()}/public/models/`,
    bosToken: '<|endoftext|>',
  });
  return engine;
}

/** The full next-token distribution (the whole vocabulary, most likely first) after `text`. */
export async function nodeNext(text: string): Promise<NextResult> {
  const e = await nodeEngine();
  return e.next({ text }, e.info.vocabSize);
}
