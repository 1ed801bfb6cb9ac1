/**
 * The models a reader can run: the embedded `lm-notes-tiny` (served by this site, works
 * offline), a few small instruction-tuned models from the Hugging Face Hub that a reader may
 * opt into, and the models an instructor added with `npm run model:add` (src/models.added.json,
 * served by this site). Plain data, no runtime imports, so the UI can list it without loading
 * the model code.
 */
import addedModels from '../../models.added.json' with { type: 'json' };

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
  /** Hub models: the files a load downloads, with their sizes and where each figure came from. */
  hubFiles?: HubFiles;
  /** Hub models: the licence the weights are published under. */
  licence?: string;
  /** Hub models: one line on why a reader would pick it. */
  whyPick?: string;
  /** Hub models: known problems the dtypes above avoid, in words. */
  pitfalls?: string;
  /** Added models: the files `model:add` downloaded, with their exact sizes (README.md, the card, is not loaded). */
  files?: readonly { path: string; bytes: number }[];
}

/** One file of a Hub repository, as the Hub lists it. */
export interface HubFile {
  /** Path in the repository (`onnx/model_q4.onnx`). */
  path: string;
  /**
   * Size in bytes, or null when no listing could be found. The Hub's file pages round large
   * files to three significant digits ("200 MB"); `exact` says whether this is such a figure.
   */
  bytes: number | null;
  /** Whether `bytes` is exact (small files are listed to the byte) or the Hub's rounded figure. */
  exact: boolean;
  /** Where the figure was read (a Hub page, with the revision when known). */
  source: string;
}

/** What a Hub model's load downloads: the same small files always, and one weights file per dtype. */
export interface HubFiles {
  /** config.json, generation_config.json, tokenizer.json, tokenizer_config.json. */
  common: readonly HubFile[];
  /** The ONNX file of each dtype the registry uses for this model. */
  weights: Partial<Record<ModelDtype, HubFile>>;
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

/** The model that ships with the site (served from `public/models/`, so it works offline). */
export const EMBEDDED_MODEL_ID = 'lm-notes-tiny';

/** A megabyte as download dialogs count it (10^6 bytes). */
const MB = 1_000_000;

/** The models that ship with the site, the embedded one first. */
const BUILT_IN_MODELS: readonly ModelSpec[] = [
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
      'A 135-million-parameter chat model by Hugging Face (llama architecture). Much better text than the embedded model; downloaded from the Hub once, then cached by the browser.',
    source: 'hub',
    // The sum of the hubFiles figures for each backend's dtype (q4 on WebAssembly, the one figure
    // the pages show; q4f16 on WebGPU), checked by tests/unit/registry-sizes.test.ts. Mostly the
    // Hub's rounded figures, and without tokenizer_config.json (a few kB, not found offline).
    approxBytes: { wasm: 202_100_946, webgpu: 136_100_946 },
    contextLength: 8192,
    runtimeContext: 2048,
    // 4-bit weights: q4 runs on the CPU; q4f16 needs shader-f16 on the GPU, else q4 there too.
    dtypes: { wasm: 'q4', webgpu: 'q4f16', webgpuWithoutF16: 'q4' },
    bosToken: '<|endoftext|>',
    modelCard: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct',
    licence: 'Apache-2.0',
    whyPick: 'The smallest real chat model: a 200 MB download that answers simple questions and writes fluent English.',
    pitfalls: 'Its config names <|im_start|> as bos; the runtime scores after <|endoftext|>, the document separator of its pretraining.',
    hubFiles: {
      common: [
        { path: 'config.json', bytes: 814, exact: true, source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/tree/e682e54cd28bfbd993ed4549dbab7aafbd3e44b7' },
        { path: 'generation_config.json', bytes: 132, exact: true, source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/blob/4dc8c839ca5df567aa4f5c36798705eac8f35f0e/generation_config.json' },
        { path: 'tokenizer.json', bytes: 2_100_000, exact: false, source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/blob/refs%2Fpr%2F13/tokenizer.json ("2.1 MB")' },
        // Not found offline for the Instruct repository (the base SmolLM2-135M lists 3.66 kB;
        // the Instruct one adds a chat template).
        { path: 'tokenizer_config.json', bytes: null, exact: false, source: 'not found offline' },
      ],
      weights: {
        q4: { path: 'onnx/model_q4.onnx', bytes: 200_000_000, exact: false, source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/tree/main/onnx ("200 MB", after "Upload improved fp16 ONNX weights (#6)")' },
        q4f16: { path: 'onnx/model_q4f16.onnx', bytes: 134_000_000, exact: false, source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/tree/main/onnx ("134 MB")' },
      },
    },
  },
  {
    id: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    label: 'SmolLM2 360M Instruct (Hugging Face Hub)',
    description:
      'A 360-million-parameter chat model by Hugging Face (llama architecture, same tokenizer as the 135M one). Better facts and answers, about twice the download.',
    source: 'hub',
    approxBytes: { wasm: 419_100_946, webgpu: 301_100_946 },
    contextLength: 8192,
    runtimeContext: 2048,
    dtypes: { wasm: 'q4', webgpu: 'q4f16', webgpuWithoutF16: 'q4' },
    bosToken: '<|endoftext|>',
    modelCard: 'https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct',
    licence: 'Apache-2.0',
    whyPick: 'The same family as SmolLM2 135M but with better facts and more confident next tokens, for the figures whose point needs them.',
    pitfalls: 'As SmolLM2 135M.',
    hubFiles: {
      common: [
        // The 360M repository's small files were not found offline; SmolLM2 models share one
        // tokenizer, so the 135M figures stand in (marked inexact).
        { path: 'config.json', bytes: 814, exact: false, source: 'the 135M figure (not found offline for 360M)' },
        { path: 'generation_config.json', bytes: 132, exact: false, source: 'the 135M figure (not found offline for 360M)' },
        { path: 'tokenizer.json', bytes: 2_100_000, exact: false, source: 'the 135M figure (same tokenizer; not found offline for 360M)' },
        { path: 'tokenizer_config.json', bytes: null, exact: false, source: 'not found offline' },
      ],
      weights: {
        q4: { path: 'onnx/model_q4.onnx', bytes: 417_000_000, exact: false, source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/tree/main/onnx ("417 MB", after "Upload improved ONNX weights (#7)")' },
        q4f16: { path: 'onnx/model_q4f16.onnx', bytes: 299_000_000, exact: false, source: 'https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/tree/main/onnx ("299 MB")' },
      },
    },
  },
  {
    id: 'onnx-community/Qwen2.5-0.5B-Instruct',
    label: 'Qwen2.5 0.5B Instruct (Hugging Face Hub)',
    description:
      'A 494-million-parameter chat model by Alibaba Cloud (qwen2 architecture) with a 151,665-token multilingual vocabulary. The largest download here.',
    source: 'hub',
    approxBytes: { wasm: 519_038_230, webgpu: 490_038_230 },
    contextLength: 32768,
    runtimeContext: 2048,
    // q8 on the CPU: smaller than this export's q4 (512 vs 786 MB; the q4 file keeps the
    // 136M-parameter embedding in fp32). q4f16 on a GPU with shader-f16, else q4 (MatMulNBits
    // runs on WebGPU; the q8 file's integer matmuls do not).
    dtypes: { wasm: 'q8', webgpu: 'q4f16', webgpuWithoutF16: 'q4' },
    bosToken: '<|endoftext|>',
    modelCard: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct',
    licence: 'Apache-2.0',
    whyPick: 'A different family from SmolLM2, trained on far more text and languages: the best answers of these models, at the largest download.',
    pitfalls:
      'No bos token: Qwen never starts texts with one; the runtime scores after <|endoftext|>, its document separator. The model has 151,936 logits for 151,665 tokens: the padding ids have no text.',
    hubFiles: {
      common: [
        { path: 'config.json', bytes: 678, exact: true, source: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main' },
        { path: 'generation_config.json', bytes: 242, exact: true, source: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main' },
        { path: 'tokenizer.json', bytes: 7_030_000, exact: false, source: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main ("7.03 MB")' },
        { path: 'tokenizer_config.json', bytes: 7_310, exact: false, source: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main ("7.31 kB")' },
      ],
      weights: {
        q8: { path: 'onnx/model_quantized.onnx', bytes: 512_000_000, exact: false, source: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx ("512 MB")' },
        q4: { path: 'onnx/model_q4.onnx', bytes: 786_000_000, exact: false, source: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx ("786 MB")' },
        q4f16: { path: 'onnx/model_q4f16.onnx', bytes: 483_000_000, exact: false, source: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx ("483 MB")' },
      },
    },
  },
  {
    id: 'onnx-community/gemma-3-270m-it-ONNX',
    label: 'Gemma 3 270M Instruct (Hugging Face Hub)',
    description:
      'A 270-million-parameter chat model by Google (gemma3_text architecture) with a very large vocabulary (262,144 tokens). Large download.',
    source: 'hub',
    // NOT Hub figures: no listing of this repository's files could be read offline. Estimates
    // kept from before (q4 ≈ 400 MB, fp32 ≈ 1.1 GB for 268M parameters at 4 bytes); replace
    // them with the Hub's figures (see tests/unit/registry-sizes.test.ts).
    approxBytes: { wasm: 400 * MB, webgpu: 1100 * MB },
    contextLength: 32768,
    runtimeContext: 1024,
    // fp16 and q4f16 overflow on WebGPU for Gemma 3 (onnxruntime issue 26732: garbage text), and
    // quantized Gemma weights gave wrong numbers on WebGPU elsewhere (transformers.js issue
    // 1728: embeddinggemma q4/q8 on WebGPU, fp32 correct): fp32 on the GPU, q4 on the CPU.
    dtypes: { wasm: 'q4', webgpu: 'fp32' },
    bosToken: '<bos>',
    modelCard: 'https://huggingface.co/onnx-community/gemma-3-270m-it-ONNX',
    licence: 'Gemma Terms of Use',
    whyPick: 'A third family with a SentencePiece-style vocabulary of 262,144 tokens (bytes as <0x..> tokens), for seeing how tokenizers differ.',
    pitfalls:
      'fp16/q4f16 on WebGPU give garbage (overflow; the Hub re-exported fp16 with clipping on 2025-12-02, still avoided here). Its chat template writes <bos> itself (the runtime adds none then). Sliding-window attention (512 tokens) on 5 of 6 layers.',
    hubFiles: {
      common: [
        { path: 'config.json', bytes: null, exact: false, source: 'not found offline' },
        { path: 'generation_config.json', bytes: null, exact: false, source: 'not found offline' },
        { path: 'tokenizer.json', bytes: null, exact: false, source: 'not found offline (gemma-3-1b-it-ONNX, same tokenizer: 33.4 MB)' },
        { path: 'tokenizer_config.json', bytes: null, exact: false, source: 'not found offline (gemma-3-1b-it-ONNX: 1.16 MB)' },
      ],
      weights: {
        q4: { path: 'onnx/model_q4.onnx', bytes: null, exact: false, source: 'not found offline' },
        fp32: { path: 'onnx/model.onnx', bytes: null, exact: false, source: 'not found offline' },
      },
    },
  },
];

/**
 * The models added with `npm run model:add` (src/models.added.json, committed as `[]`): served
 * by this site from `/models/{id}/`. Checked here, as the file may be edited by hand.
 */
export const ADDED_MODELS: readonly ModelSpec[] = (addedModels as unknown as ModelSpec[]).map((m, i) => {
  const where = `src/models.added.json, entry ${i + 1}`;
  if (typeof m?.id !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(m.id)) throw new Error(`${where}: the id must be a Hub repository id (owner/name)`);
  if (m.source !== 'local') throw new Error(`${where} (${m.id}): source must be 'local' (the site serves added models itself)`);
  if (typeof m.bosToken !== 'string' || !m.dtypes?.wasm || !m.dtypes.webgpu || !(m.runtimeContext > 0)) throw new Error(`${where} (${m.id}): bosToken, dtypes and runtimeContext are required (run npm run model:add again)`);
  return m;
});

/**
 * All models, the embedded one first. An added model with the id of a built-in Hub model takes
 * its place (the site then serves that model itself); the others follow the built-in ones.
 */
export const MODELS: readonly ModelSpec[] = [
  ...BUILT_IN_MODELS.map((m) => ADDED_MODELS.find((a) => a.id === m.id) ?? m),
  ...ADDED_MODELS.filter((a) => !BUILT_IN_MODELS.some((m) => m.id === a.id)),
];

/** The registry entry for an id, or undefined when the id is unknown. */
export function findModel(id: string): ModelSpec | undefined {
  return MODELS.find((m) => m.id === id);
}

/** Whether `id` names a model in the registry. */
export function isKnownModel(id: string): boolean {
  return findModel(id) !== undefined;
}
