/**
 * The registry's Hub entries against their own file lists and against the architecture
 * fixtures: every dtype a backend can pick names the file transformers.js will request, the
 * download size shown is the sum of the listed figures (a model whose figures could not be found
 * is named here, so a new one cannot slip in unverified), the known pitfalls are encoded (no
 * fp16 arithmetic for Gemma 3 on WebGPU), and each fixture has the files the registry asks for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS, dtypeSuffix, needsF16 } from '../../src/lib/lm/registry';
import type { ModelDtype, ModelSpec } from '../../src/lib/lm/registry';
import { fixtureDir } from '../mock-hub/server.mjs';

const HUB = MODELS.filter((m) => m.source === 'hub');
/** Hub models whose file sizes could not be found offline (their sizes are estimates). */
const UNVERIFIED_SIZES = ['onnx-community/gemma-3-270m-it-ONNX'];
const COMMON = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** Every dtype some backend may load for a model. */
function dtypesOf(m: ModelSpec): ModelDtype[] {
  return [...new Set([m.dtypes.wasm, m.dtypes.webgpu, ...(m.dtypes.webgpuWithoutF16 ? [m.dtypes.webgpuWithoutF16] : [])])];
}

/** Small files (a few kB) whose missing figure leaves the total right to well under 0.1 %. */
const SMALL = ['config.json', 'generation_config.json', 'tokenizer_config.json'];

/**
 * Sum of the known figures of what a load with `dtype` downloads, and whether a figure that
 * matters (weights, tokenizer.json) is missing.
 */
function download(m: ModelSpec, dtype: ModelDtype): { bytes: number; missing: boolean } {
  const files = [...m.hubFiles!.common, m.hubFiles!.weights[dtype]!];
  return { bytes: files.reduce((s, f) => s + (f.bytes ?? 0), 0), missing: files.some((f) => f.bytes === null && !SMALL.includes(f.path)) };
}

describe('registry: Hub models', () => {
  it('offers at least SmolLM2 135M and 360M, a Qwen and Gemma 3 270M', () => {
    const ids = HUB.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['HuggingFaceTB/SmolLM2-135M-Instruct', 'HuggingFaceTB/SmolLM2-360M-Instruct', 'onnx-community/gemma-3-270m-it-ONNX']));
    expect(ids.some((id) => /^onnx-community\/Qwen/.test(id))).toBe(true);
  });

  for (const m of HUB) {
    describe(m.id, () => {
      it('lists the files each of its dtypes downloads, under the names transformers.js requests', () => {
        expect(m.hubFiles, 'hubFiles').toBeDefined();
        expect(m.hubFiles!.common.map((f) => f.path).sort()).toEqual([...COMMON].sort());
        for (const d of dtypesOf(m)) {
          const w = m.hubFiles!.weights[d];
          expect(w, `weights for ${d}`).toBeDefined();
          expect(w!.path).toBe(`onnx/model${dtypeSuffix(d)}.onnx`);
        }
        for (const f of [...m.hubFiles!.common, ...Object.values(m.hubFiles!.weights)]) {
          expect(f!.source.length, `${f!.path}: where the figure came from`).toBeGreaterThan(0);
          if (f!.bytes === null) expect(f!.source).toMatch(/not found/);
          else expect(f!.bytes).toBeGreaterThan(0);
        }
      });

      it('shows as its size the sum of those figures (or is named as unverified)', () => {
        const wasm = download(m, m.dtypes.wasm);
        const gpu = download(m, m.dtypes.webgpu);
        if (wasm.missing || gpu.missing) {
          expect(UNVERIFIED_SIZES, `${m.id} has files without a size`).toContain(m.id);
          return;
        }
        expect(UNVERIFIED_SIZES).not.toContain(m.id);
        expect(m.approxBytes.wasm).toBe(wasm.bytes);
        expect(m.approxBytes.webgpu).toBe(gpu.bytes);
      });

      it('says what it is: licence, why pick it, pitfalls, and a runtime context within its own', () => {
        expect(m.licence).toBeTruthy();
        expect(m.whyPick).toBeTruthy();
        expect(m.pitfalls).toBeTruthy();
        expect(m.runtimeContext).toBeLessThanOrEqual(m.contextLength);
        expect(m.modelCard).toBe(`https://huggingface.co/${m.id}`);
      });

      it('never needs fp16 on the CPU or on a GPU without shader-f16', () => {
        expect(needsF16(m.dtypes.wasm)).toBe(false);
        if (needsF16(m.dtypes.webgpu)) expect(m.dtypes.webgpuWithoutF16, 'fallback without shader-f16').toBeDefined();
        if (m.dtypes.webgpuWithoutF16) expect(needsF16(m.dtypes.webgpuWithoutF16)).toBe(false);
      });
    });
  }

  it('keeps Gemma 3 off fp16 arithmetic on WebGPU (garbage output, onnxruntime issue 26732)', () => {
    for (const m of HUB.filter((x) => /gemma-3/i.test(x.id))) {
      expect(needsF16(m.dtypes.webgpu)).toBe(false);
      expect(['fp32', 'q4']).toContain(m.dtypes.webgpu);
    }
  });
});

describe('registry vs the architecture fixtures', () => {
  const withFixture = HUB.filter((m) => fixtureDir(m.id) !== null);

  it('has a fixture for each architecture it offers (llama, qwen2, gemma3_text)', () => {
    const types = withFixture.map((m) => (JSON.parse(readFileSync(`${fixtureDir(m.id)!}config.json`, 'utf8')) as { model_type: string }).model_type);
    expect(new Set(types)).toEqual(new Set(['llama', 'qwen2', 'gemma3_text']));
  });

  for (const m of withFixture) {
    it(`${m.id}: the fixture has the weights files the registry asks for without fp16, and its context`, () => {
      const dir = fixtureDir(m.id)!;
      for (const d of dtypesOf(m).filter((x) => !needsF16(x))) {
        expect(existsSync(`${dir}onnx/model${dtypeSuffix(d)}.onnx`), `${d}`).toBe(true);
      }
      for (const f of COMMON) expect(existsSync(`${dir}${f}`), f).toBe(true);
      const cfg = JSON.parse(readFileSync(`${dir}config.json`, 'utf8')) as { max_position_embeddings: number };
      expect(cfg.max_position_embeddings).toBe(m.contextLength);
    });
  }
});
