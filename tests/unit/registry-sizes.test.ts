/**
 * The embedded model's download size in the registry (shown in the model picker and the
 * comparison figure) is the sum of the files transformers.js fetches for it, measured on disk.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/components/model/format';
import { MODELS } from '../../src/lib/lm/registry';

const DIR = fileURLToPath(new URL('../../public/models/lm-notes-tiny/', import.meta.url));
/** What an fp32 load of a local model requests (the model card is not downloaded). */
const FP32_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

describe('registry sizes', () => {
  it('states the embedded model at the bytes of its fp32 files', () => {
    const spec = MODELS.find((m) => m.id === 'lm-notes-tiny')!;
    const bytes = FP32_FILES.reduce((sum, f) => sum + statSync(DIR + f).size, 0);
    expect(spec.dtypes.wasm).toBe('fp32');
    expect(spec.dtypes.webgpu).toBe('fp32');
    expect(spec.approxBytes.wasm).toBe(bytes);
    expect(spec.approxBytes.webgpu).toBe(bytes);
  });

  it('gives the pages the same size as the model picker shows', () => {
    const spec = MODELS.find((m) => m.id === 'lm-notes-tiny')!;
    const shown = formatBytes(spec.approxBytes.wasm); // what the picker prints, "22 MB"
    const page = (f: string): string => readFileSync(fileURLToPath(new URL(`../../src/content/docs/${f}`, import.meta.url)), 'utf8');
    expect(page('model.mdx')).toContain(`its files are about ${shown}`);
    expect(page('index.mdx')).toContain(`The model (about ${shown})`);
  });
});
