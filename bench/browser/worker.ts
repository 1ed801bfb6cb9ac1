/**
 * The browser half of the forward-pass benchmark, run in a module worker like the site's model
 * worker (src/lib/lm/worker.ts): ONNX Runtime's WebAssembly files from this server's /ort/,
 * the embedded model from /models/, loaded by the project's LmEngine on `wasm` or `webgpu`,
 * then `logitsAll(ids)` (one forward pass over the ids) timed inside the worker, and, when asked,
 * greedy generation with `engine.generate()` (per-token decode, as in the Node rows).
 */
import { env } from '@huggingface/transformers';
import { LmEngine } from '../../src/lib/lm/engine';
import { ortBuildFor, ortFiles } from '../../src/lib/lm/ort-build';
import type { ModelDtype } from '../../src/lib/lm/registry';
import { timeRuns } from '../timing';
import type { RunPlan } from '../timing';

/** What the page asks for. */
export interface ForwardRequest {
  /** Backend to load the model on. */
  backend: 'wasm' | 'webgpu';
  /** Weights variant. */
  dtype: ModelDtype;
  /** The input of each forward pass. */
  ids: number[];
  /** Warm-up and timed runs. */
  plan: RunPlan;
  /** onnxruntime-web version (names the folder of its files under /ort/). */
  ortVersion: string;
  /** Greedy generation to time after the forwards: prompt ids (bos added), new tokens, runs. */
  decode?: { promptIds: number[]; newTokens: number; plan: RunPlan };
}

/** What the worker answers. */
export type ForwardReply =
  | { ok: true; ms: number[]; loadMs: number; threads: number; isolated: boolean; adapter: string; decode?: { ms: number[]; tokens: number } }
  | { ok: false; error: string };

interface Scope {
  postMessage(m: unknown): void;
  addEventListener(t: 'message', l: (ev: MessageEvent<ForwardRequest>) => void): void;
  crossOriginIsolated?: boolean;
  navigator: { gpu?: { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string } } | null> } };
}
const scope = globalThis as unknown as Scope;
/** Whether this worker pointed ONNX Runtime at its files (transformers.js sets a CDN default at import). */
let pathsSet = false;

async function adapterName(): Promise<string> {
  const a = await scope.navigator.gpu?.requestAdapter().catch(() => null);
  return a ? [a.info?.vendor, a.info?.architecture].filter(Boolean).join(' / ') || 'unnamed adapter' : 'none';
}

scope.addEventListener('message', (ev) => {
  void (async () => {
    const req = ev.data;
    try {
      const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number } };
      const dir = `${self.location.origin}/ort/${req.ortVersion}/`;
      // The build the site loads for this backend (src/lib/lm/ort-build.ts); one worker loads one
      // build, so the page starts a fresh worker for each configuration.
      if (onnx.wasm && !pathsSet) {
        pathsSet = true;
        const files = ortFiles(ortBuildFor(req.backend));
        env.useWasmCache = false;
        onnx.wasm.wasmPaths = { mjs: `${dir}${files.mjs}`, wasm: `${dir}${files.wasm}` };
      }
      const t0 = performance.now();
      const engine = await LmEngine.load({
        modelId: 'lm-notes-tiny',
        source: 'local',
        device: req.backend,
        dtype: req.dtype,
        localModelPath: '/models/',
        bosToken: '<|endoftext|>',
        useBrowserCache: false,
      });
      const loadMs = performance.now() - t0;
      console.debug(`bench worker: ${req.backend} ${req.dtype} loaded in ${Math.round(loadMs)} ms`);
      const t = await timeRuns(() => engine.logitsAll(req.ids), req.plan);
      let decode: { ms: number[]; tokens: number } | undefined;
      if (req.decode) {
        const { promptIds, newTokens, plan } = req.decode;
        let tokens = 0;
        const d = await timeRuns(async () => {
          const r = await engine.generate({ prompt: { ids: promptIds }, settings: { temperature: 0, topK: 0, topP: 1 }, seed: 1, maxTokens: newTokens });
          tokens = r.tokens.length;
        }, plan);
        decode = { ms: d.ms, tokens };
      }
      await engine.dispose();
      const reply: ForwardReply = {
        ok: true,
        ms: t.ms,
        loadMs,
        threads: onnx.wasm?.numThreads ?? 0,
        isolated: scope.crossOriginIsolated === true,
        adapter: req.backend === 'webgpu' ? await adapterName() : '',
        ...(decode ? { decode } : {}),
      };
      scope.postMessage(reply);
    } catch (e) {
      scope.postMessage({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } satisfies ForwardReply);
    }
  })();
});
