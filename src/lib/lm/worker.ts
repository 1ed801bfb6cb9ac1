/**
 * The model worker (one per page, a module worker). It owns transformers.js and ONNX Runtime,
 * so the page stays responsive and the page's own JavaScript stays small.
 *
 * Environment set here, once: ONNX Runtime's WebAssembly files come from this site
 * (`{BASE_URL}ort/{version}/`, copied there by scripts/copy-ort-wasm.mjs), local models from
 * `{BASE_URL}models/`, Hub models from `siteConfig.hubHost`. With the embedded model the page
 * makes no third-party request at all.
 */
import { env } from '@huggingface/transformers';
import { siteConfig } from '../../site.config';
import { browserGpu, chooseBackend } from './backend';
import { LmEngine } from './engine';
import { LmError, classifyError, describeError } from './errors';
import type { LmErrorInfo } from './errors';
import type { FileOrigin, ModelChoice, ModelInfo, ProgressData } from './protocol';
import { dtypeSuffix, findModel } from './registry';
import type { ModelDtype, ModelSpec } from './registry';
import { ortBuildFor, ortFiles, runtimeFits } from './ort-build';
import type { OrtBuild } from './ort-build';
import { loadWithWasmFallback } from './wasm-fallback';
import { ServerEngine } from './server/server-engine';
import type { ServerTarget } from './server/servers';
import { WorkerHost } from './worker-host';
import type { LoadedModel, TokenizerLike } from './worker-host';
import { MODEL_CACHE_NAME, hubPrefix, removeStoredModel, watchCacheWrites } from './browser-cache';

/** The parts of the dedicated worker global this file uses. */
interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const BASE = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
/**
 * Cache writes refused for lack of room. transformers.js catches a failed `cache.put` itself (a
 * console warning; the load goes on with the file in memory, not stored), so the worker notes
 * them here to tell the reader (a `storage-full` notice on the load).
 */
const cacheWrites = watchCacheWrites(typeof Cache === 'undefined' ? null : (Cache.prototype as unknown as Parameters<typeof watchCacheWrites>[0]));

/** The ONNX Runtime build this worker has pointed ONNX Runtime at (null: none yet). */
let ortBuild: OrtBuild | null = null;

/**
 * Points ONNX Runtime at the site's own copy of the WebAssembly build `backend` needs (the plain
 * SIMD build for WebAssembly, the asyncify build for WebGPU: see ort-build.ts). The first model
 * load decides; a later load on WebGPU in a worker that runs the plain build asks the page for a
 * fresh worker. transformers.js's own wasm cache is off: it hands ONNX Runtime the bytes, which
 * stops the browser from caching the compiled code, so every page would compile 14–27 MB again.
 */
function serveOrtFromSite(backend: 'webgpu' | 'wasm'): void {
  if (!runtimeFits(ortBuild, backend)) {
    throw new LmError('needs-fresh-worker', 'This worker runs the WebAssembly-only build of ONNX Runtime; WebGPU needs a fresh worker.');
  }
  if (ortBuild !== null) return;
  const onnx = env.backends.onnx as { versions?: { web?: string }; wasm?: { wasmPaths?: unknown; numThreads?: number } };
  const version = onnx.versions?.web;
  if (!onnx.wasm || !version) throw new LmError('internal', 'ONNX Runtime Web did not initialise.');
  const dir = new URL(`${BASE}ort/${version}/`, self.location.origin).href;
  const build = ortBuildFor(backend);
  const files = ortFiles(build);
  env.useWasmCache = false;
  onnx.wasm.wasmPaths = { mjs: `${dir}${files.mjs}`, wasm: `${dir}${files.wasm}` };
  // Threads need a cross-origin isolated page (COOP/COEP headers, see the Authoring page).
  // ONNX Runtime's own default is half the cores; a 2-core laptop then gets 1, so ask for all
  // of them, up to 4. Without isolation it runs on one thread and nothing else changes.
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true) {
    onnx.wasm.numThreads = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
  }
  ortBuild = build;
}

/** Whether the model's weights are already in the browser's cache. */
async function weightsCached(spec: ModelSpec, dtype: ModelDtype): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  try {
    const cache = await caches.open(MODEL_CACHE_NAME);
    return (await cache.match(`${hubPrefix(spec.id)}resolve/main/onnx/model${dtypeSuffix(dtype)}.onnx`)) !== undefined;
  } catch {
    return false;
  }
}

/** Connects to a class server: nothing to download, nothing runs in this worker but HTTP. */
async function loadServer(id: string, server: ServerTarget, progress: (d: ProgressData) => void): Promise<LoadedModel> {
  const started = performance.now();
  const host = new URL(server.url).host;
  const reason = `Runs on the class server at ${host} (model ${server.model}); this browser only sends requests.`;
  progress({ kind: 'backend', backend: 'server', reason });
  progress({ kind: 'origin', origin: 'server' });
  progress({ kind: 'stage', stage: 'loading-model', message: `Connecting to ${server.label}…` });
  const engine = await ServerEngine.connect({ target: server });
  const info: ModelInfo = {
    modelId: id,
    label: server.label,
    backend: 'server',
    backendReason: reason,
    dtype: 'as served',
    contextLength: engine.info.contextLength,
    vocabSize: 0,
    bosId: engine.info.bosId,
    eosIds: [],
    origin: 'server',
    loadMs: Math.round(performance.now() - started),
    notices: [],
  };
  progress({ kind: 'stage', stage: 'ready', message: `${server.label} is ready.` });
  return { engine, info };
}

/** Loads a model: picks the backend, reports where files come from, falls back to WASM if WebGPU fails. */
async function loadModel(choice: ModelChoice, progress: (d: ProgressData) => void, onTokenizer?: (t: TokenizerLike) => void): Promise<LoadedModel> {
  if (choice.server) return loadServer(choice.id, choice.server, progress);
  const started = performance.now();
  const spec = findModel(choice.id);
  if (!spec) {
    throw new LmError('unknown-model', `There is no model called "${choice.id}" on this site.`);
  }
  const notices: LmErrorInfo[] = [];
  progress({ kind: 'stage', stage: 'choosing-backend', message: 'Checking for WebGPU…' });
  const picked = await chooseBackend(choice.backend ?? 'auto', spec.dtypes, browserGpu());
  if (picked.webgpuUnavailable) notices.push({ code: 'webgpu-unavailable', message: describeError('webgpu-unavailable') });

  const attempt = async (backend: 'webgpu' | 'wasm', dtype: ModelDtype, reason: string): Promise<LoadedModel> => {
    serveOrtFromSite(backend);
    progress({ kind: 'backend', backend, reason });
    const origin: FileOrigin = spec.source === 'local' ? 'site' : (await weightsCached(spec, dtype)) ? 'browser-cache' : 'network';
    progress({ kind: 'origin', origin });
    progress({ kind: 'stage', stage: 'loading-model', message: `Loading ${spec.label} on ${backend === 'webgpu' ? 'WebGPU' : 'WebAssembly'}…` });
    const prefix = hubPrefix(spec.id);
    cacheWrites.forget(prefix);
    const engine = await LmEngine.load({
      modelId: spec.id,
      source: spec.source,
      device: backend,
      dtype,
      localModelPath: `${BASE}models/`,
      hubHost: siteConfig.hubHost,
      maxContext: spec.runtimeContext,
      bosToken: spec.bosToken,
      onProgress: progress,
      onTokenizer,
    });
    // Loaded, but the browser had no room to keep some of its files: say so (once).
    if (spec.source === 'hub' && cacheWrites.failedUnder(prefix).length > 0 && !notices.some((n) => n.code === 'storage-full')) {
      notices.push({ code: 'storage-full', message: describeError('storage-full') });
    }
    const info: ModelInfo = {
      modelId: spec.id,
      label: spec.label,
      backend,
      backendReason: reason,
      dtype,
      contextLength: engine.info.contextLength,
      vocabSize: engine.info.vocabSize,
      bosId: engine.info.bosId,
      eosIds: engine.info.eosIds,
      origin,
      loadMs: Math.round(performance.now() - started),
      notices,
    };
    progress({ kind: 'stage', stage: 'ready', message: `${spec.label} is ready.` });
    return { engine, info };
  };

  try {
    return await loadWithWasmFallback(picked, spec.dtypes.wasm, attempt, (reason) => {
      progress({ kind: 'stage', stage: 'falling-back', message: 'WebGPU could not run the model; switching to WebAssembly…' });
      notices.push({ code: 'webgpu-unavailable', message: reason });
    });
  } catch (e) {
    const err = classifyError(e);
    // A damaged download is dropped from the cache, so the next load fetches it again.
    if (err.code === 'corrupt-file' && spec.source === 'hub') await removeStoredModel(spec.id);
    throw err;
  }
}

const host = new WorkerHost((reply) => scope.postMessage(reply), { load: loadModel });
scope.addEventListener('message', (ev) => host.handle(ev.data));
