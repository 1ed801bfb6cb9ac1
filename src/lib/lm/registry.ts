/**
 * The models a reader can run: the embedded `lm-notes-tiny` (served by this site, works
 * offline) and a few small instruction-tuned models from the Hugging Face Hub that a reader may
 * opt into. Plain data, no runtime imports, so the UI can list it without loading the model code.
 */

/** ONNX weight variants transformers.js can load (file suffix: fp32 none, q4 `_q4`, …). */
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

/** Where a model's files come from. */
export type ModelSource = 'local' | 'hub';

/** How a model runs on each backend. */
export interface BackendDtypes {
  /** Weights used on WebAssembly (CPU). */
  wasm: ModelDtype;
  /** Weights used on WebGPU when the adapter has the `shader-f16` feature. */
  webgpu: ModelDtype;
  /** Weights used on WebGPU without `shader-f16` (only needed when `webgpu` is an f16 type). */
  webgpuWithoutF16?: ModelDtype;
}

/** One entry of the registry. */
export interface ModelSpec {
  /** Registry id; for Hub models the repository id (`owner/name`). */
  id: string;
  /** Short name for pickers. */
  label: string;
  /** One sentence on what the model is. */
  description: string;
  /** `local`: served from `/models/{id}/` by this site; `hub`: downloaded from the Hub host. */
  source: ModelSource;
  /** Rough download size in bytes per backend (for the picker; the real sizes come from the server). */
  approxBytes: { wasm: number; webgpu: number };
  /** The context window the model was trained with, in tokens. */
  contextLength: number;
  /**
   * The longest context this runtime feeds the model, in tokens (≤ contextLength): a cap that
   * keeps memory and time sane in a browser tab. Longer texts are truncated or slid.
   */
  runtimeContext: number;
  /** Weights per backend. */
  dtypes: BackendDtypes;
  /**
   * Token put before a text when scoring it, so that its first token gets a probability too
   * (the document separator the model saw in training).
   */
  bosToken: string;
  /** Where to read about the model (a path on this site for the embedded model). */
  modelCard: string;
}

/** Whether a dtype needs fp16 arithmetic on the GPU (the WebGPU `shader-f16` feature). */
export function needsF16(dtype: ModelDtype): boolean {
  return dtype === 'fp16' || dtype === 'q4f16';
}

/** ONNX file suffix for a dtype, as transformers.js names the files (`onnx/model{suffix}.onnx`). */
export function dtypeSuffix(dtype: ModelDtype): string {
  const suffix: Record<ModelDtype, string> = {
    fp32: '',
    fp16: '_fp16',
    q8: '_quantized',
    int8: '_int8',
    uint8: '_uint8',
    q4: '_q4',
    q4f16: '_q4f16',
    bnb4: '_bnb4',
  };
  return suffix[dtype];
}

/**
 * The weights variant of the embedded model that every figure uses, in the browser and at build
 * time: `onnx/model_quantized.onnx`, int8 weights with one scale per output channel, turned back
 * into fp32 when the file is loaded (model/quantize.py), so all arithmetic is fp32.
 */
export const EMBEDDED_DTYPE: ModelDtype = 'q8';

/** A megabyte as download dialogs count it (10^6 bytes). */
const MB = 1_000_000;

/** All models, the embedded one first. */
export const MODELS: readonly ModelSpec[] = [
  {
    id: 'lm-notes-tiny',
    label: 'LM Notes tiny (embedded)',
    description:
      'A very small GPT-2-style model trained for these notes on the Brown corpus and the State of the Union addresses. It ships with the site, so it works offline.',
    source: 'local',
    // The exact bytes of the files it loads (config, generation config, tokenizer, tokenizer
    // config, onnx/model_quantized.onnx), checked against the files by
    // tests/unit/registry-sizes.test.ts.
    approxBytes: { wasm: 5_730_687, webgpu: 5_730_687 },
    contextLength: 256,
    runtimeContext: 256,
    // The weight-only int8 file everywhere (a quarter of the bytes, fp32 arithmetic): the golden
    // data, the build-time figures and the notes' numbers are all computed from its weights.
    dtypes: { wasm: EMBEDDED_DTYPE, webgpu: EMBEDDED_DTYPE },
    bosToken: '<|endoftext|>',
    modelCard: 'model/card/',
  },
  {
    id: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    label: 'SmolLM2 135M Instruct (Hugging Face Hub)',
    description:
      'A 135-million-parameter chat model by Hugging Face. Much better text than the embedded model; downloaded from the Hub once, then cached by the browser.',
    source: 'hub',
    approxBytes: { wasm: 200 * MB, webgpu: 134 * MB },
    contextLength: 8192,
    runtimeContext: 2048,
    // 4-bit weights: q4 runs on the CPU; q4f16 needs shader-f16 on the GPU, else q4 there too.
    dtypes: { wasm: 'q4', webgpu: 'q4f16', webgpuWithoutF16: 'q4' },
    bosToken: '<|endoftext|>',
    modelCard: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct',
  },
  {
    id: 'onnx-community/gemma-3-270m-it-ONNX',
    label: 'Gemma 3 270M Instruct (Hugging Face Hub)',
    description:
      'A 270-million-parameter chat model by Google with a very large vocabulary (262,144 tokens). Large download.',
    source: 'hub',
    approxBytes: { wasm: 400 * MB, webgpu: 1100 * MB },
    contextLength: 32768,
    runtimeContext: 1024,
    // fp16 and q4f16 overflow on WebGPU for Gemma 3 (onnxruntime issue 26732): fp32 on the GPU.
    dtypes: { wasm: 'q4', webgpu: 'fp32' },
    bosToken: '<bos>',
    modelCard: 'https://huggingface.co/onnx-community/gemma-3-270m-it-ONNX',
  },
];

/** The registry entry for an id, or undefined when the id is unknown. */
export function findModel(id: string): ModelSpec | undefined {
  return MODELS.find((m) => m.id === id);
}

/** Whether `id` names a model in the registry. */
export function isKnownModel(id: string): boolean {
  return findModel(id) !== undefined;
}
