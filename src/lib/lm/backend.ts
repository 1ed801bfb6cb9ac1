/**
 * Choosing where the model runs in a browser: WebGPU when `navigator.gpu` gives a hardware
 * adapter (with the `shader-f16` feature when the weights need fp16 arithmetic), WebAssembly on
 * the CPU otherwise. A software adapter (SwiftShader, llvmpipe, a "fallback adapter") is treated
 * as no GPU: it runs WebGPU on the CPU, several times slower than WebAssembly. Each choice comes
 * with its reason in plain words for the status panel.
 */
import type { BackendPreference } from './protocol';
import { needsF16 } from './registry';
import type { BackendDtypes, ModelDtype } from './registry';

/** The part of a WebGPU adapter this module reads. */
export interface GpuAdapterLike {
  /** Optional features, e.g. `shader-f16`. */
  features: { has(name: string): boolean };
  /** Vendor / architecture strings (Chrome ≥ 114); `isFallbackAdapter` in newer browsers. */
  info?: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean };
  /** Older place of the fallback flag (deprecated in favour of `info.isFallbackAdapter`). */
  isFallbackAdapter?: boolean;
}

/** Names of WebGPU implementations that run on the CPU. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|basic render/i;

/** The software renderer's name when `a` runs WebGPU on the CPU, else null. */
export function softwareAdapterName(a: GpuAdapterLike): string | null {
  const strings = [a.info?.vendor, a.info?.architecture, a.info?.device, a.info?.description];
  for (const s of strings) {
    const m = typeof s === 'string' ? SOFTWARE_ADAPTER.exec(s) : null;
    if (m) return m[0];
  }
  return a.info?.isFallbackAdapter === true || a.isFallbackAdapter === true ? 'a fallback adapter' : null;
}

/** The part of `navigator.gpu` this module reads. */
export interface GpuLike {
  /** Asks the browser for an adapter (null when there is none). */
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}

/** The outcome: which backend, which weights, and why. */
export interface BackendChoice {
  /** `webgpu` or `wasm`. */
  backend: 'webgpu' | 'wasm';
  /** Weights to load on it. */
  dtype: ModelDtype;
  /** Why, in plain words. */
  reason: string;
  /** Whether WebGPU was wanted (auto or forced) but is not used: the UI shows this as a notice. */
  webgpuUnavailable: boolean;
}

/** `navigator.gpu` when the browser has it (in a page or a worker). */
export function browserGpu(): GpuLike | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu;
}

/** "google / swiftshader" style description of an adapter. */
function describeAdapter(a: GpuAdapterLike): string {
  const parts = [a.info?.vendor, a.info?.architecture].filter((s): s is string => typeof s === 'string' && s.length > 0);
  return parts.length ? ` (${parts.join(' / ')})` : '';
}

/**
 * Picks the backend for a model. `preference` is `auto` normally, or forced by `?backend=` on
 * the page. WebAssembly is always possible; WebGPU needs an adapter.
 */
export async function chooseBackend(
  preference: BackendPreference,
  dtypes: BackendDtypes,
  gpu: GpuLike | undefined = browserGpu(),
): Promise<BackendChoice> {
  const wasm = (reason: string, webgpuUnavailable: boolean): BackendChoice => ({
    backend: 'wasm',
    dtype: dtypes.wasm,
    reason,
    webgpuUnavailable,
  });
  if (preference === 'wasm') {
    return wasm('WebAssembly on the CPU, because it was asked for (backend=wasm).', false);
  }
  const forced = preference === 'webgpu' ? ' WebGPU was asked for (backend=webgpu), but' : '';
  if (!gpu) {
    return wasm(
      forced
        ? `WebAssembly on the CPU:${forced} this browser does not offer WebGPU.`
        : 'WebAssembly on the CPU, because this browser does not offer WebGPU.',
      true,
    );
  }
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter) {
    return wasm(
      forced
        ? `WebAssembly on the CPU:${forced} no usable GPU adapter was found.`
        : 'WebAssembly on the CPU, because WebGPU is present but found no usable GPU adapter.',
      true,
    );
  }
  const software = softwareAdapterName(adapter);
  if (software && preference === 'auto') {
    return wasm(
      `WebAssembly on the CPU, because this browser's WebGPU is a software renderer (${software}) that is slower than WebAssembly.`,
      false, // nothing for the reader to fix: WebAssembly is the faster choice here
    );
  }
  const hasF16 = adapter.features.has('shader-f16');
  let dtype = dtypes.webgpu;
  let note = '';
  if (needsF16(dtype) && !hasF16) {
    if (dtypes.webgpuWithoutF16 && !needsF16(dtypes.webgpuWithoutF16)) {
      dtype = dtypes.webgpuWithoutF16;
      note = ` The GPU lacks 16-bit float support (shader-f16), so ${dtype} weights are used.`;
    } else {
      return wasm(
        'WebAssembly on the CPU, because this model needs 16-bit floats on the GPU (shader-f16) and this GPU does not support them.',
        true,
      );
    }
  }
  const how = preference === 'webgpu' ? 'because it was asked for (backend=webgpu)' : 'because a GPU adapter is available';
  return { backend: 'webgpu', dtype, reason: `WebGPU${describeAdapter(adapter)}, ${how}.${note}`, webgpuUnavailable: false };
}

/** The reason text after WebGPU failed to load the model and WebAssembly took over. */
export function fallbackReason(detail: string): string {
  return `WebAssembly on the CPU, because loading the model on WebGPU failed (${detail.slice(0, 160)}).`;
}

/** Reads `?backend=wasm|webgpu|auto` from a query string; anything else means auto. */
export function backendFromQuery(search: string): BackendPreference {
  const v = new URLSearchParams(search).get('backend');
  return v === 'wasm' || v === 'webgpu' ? v : 'auto';
}
