/**
 * The embedded model's download size in the registry (shown in the model picker and the
 * comparison figure) is the sum of the files transformers.js fetches for it, measured on disk.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/components/model/format';
import { MODELS } from '../../src/lib/lm/registry';
import { downloadBytes } from '../../src/lib/lm/download-size';

const DIR = fileURLToPath(new URL('../../public/models/lm-notes-tiny/', import.meta.url));
/** What a q8 load of a local model requests (the model card is not downloaded). */
const Q8_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];

describe('registry sizes', () => {
  it('states the embedded model at the bytes of the files it loads (the int8 file)', () => {
    const spec = MODELS.find((m) => m.id === 'lm-notes-tiny')!;
    const bytes = Q8_FILES.reduce((sum, f) => sum + statSync(DIR + f).size, 0);
    expect(spec.dtypes.wasm).toBe('q8');
    expect(spec.dtypes.webgpu).toBe('q8');
    expect(spec.approxBytes.wasm).toBe(bytes);
    expect(spec.approxBytes.webgpu).toBe(bytes);
  });

  it('gives the pages the same size as the model picker shows', () => {
    const spec = MODELS.find((m) => m.id === 'lm-notes-tiny')!;
    // What the picker prints ("20 MB"): model files + the ONNX Runtime build that runs them.
    const shown = formatBytes(downloadBytes(spec, 'wasm'));
    const page = (f: string): string =>
      readFileSync(fileURLToPath(new URL(`../../src/content/docs/${f}`, import.meta.url)), 'utf8').replace(/\s+/g, ' ');
    expect(page('model.mdx')).toContain(`a first visit downloads about ${shown} in all`);
    expect(page('index.mdx')).toContain(`(about ${shown} in all, less when the server compresses it)`);
  });

  it('the one figure is the model’s bytes plus the runtime’s, each measured on disk', () => {
    const spec = MODELS.find((m) => m.id === 'lm-notes-tiny')!;
    const ortDir = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));
    const runtime = statSync(`${ortDir}ort-wasm-simd-threaded.mjs`).size + statSync(`${ortDir}ort-wasm-simd-threaded.wasm`).size;
    const model = Q8_FILES.reduce((sum, f) => sum + statSync(DIR + f).size, 0);
    expect(downloadBytes(spec, 'wasm')).toBe(model + runtime);
  });
});
