/**
 * The one download-size figure shown for a model: its files plus the ONNX Runtime build that
 * runs it on that backend (the first model a page loads brings the runtime along; the browser
 * caches both).
 */
import { ORT_BUILD_BYTES, ortBuildFor } from './ort-build';
import type { ModelSpec } from './registry';

/** Bytes a first visit downloads to run `spec` on `backend`: model files + runtime. */
export function downloadBytes(spec: Pick<ModelSpec, 'approxBytes'>, backend: 'wasm' | 'webgpu' = 'wasm'): number {
  return spec.approxBytes[backend] + ORT_BUILD_BYTES[ortBuildFor(backend)];
}
