/**
 * Loading on WebGPU with WebAssembly as the safety net: if the GPU cannot run the model (a
 * missing operator, out of GPU memory, a driver bug), the same model is loaded on WebAssembly
 * and the reason is kept for the status panel. Problems with the files themselves are not
 * retried: WebAssembly would read the same broken or missing file.
 */
import { fallbackReason } from './backend';
import type { BackendChoice } from './backend';
import { classifyError } from './errors';
import type { LmError } from './errors';
import type { ModelDtype } from './registry';

/** One load attempt on a backend, with the reason to show for it. */
export type LoadAttempt<T> = (backend: 'webgpu' | 'wasm', dtype: ModelDtype, reason: string) => Promise<T>;

/** Whether an error is about the files (another backend would fail the same way) or a cancel. */
export function isFileProblem(e: LmError): boolean {
  return e.code === 'file-not-found' || e.code === 'corrupt-file' || e.code === 'network' || e.code === 'cancelled';
}

/**
 * Runs `attempt` on the picked backend; if that was WebGPU and it failed for a reason other
 * than the files, calls `onFallback(reason)` and runs it on WebAssembly with `wasmDtype`.
 * Errors come out classified (`LmError`).
 */
export async function loadWithWasmFallback<T>(
  picked: BackendChoice,
  wasmDtype: ModelDtype,
  attempt: LoadAttempt<T>,
  onFallback: (reason: string) => void,
): Promise<T> {
  try {
    return await attempt(picked.backend, picked.dtype, picked.reason);
  } catch (e) {
    const err = classifyError(e);
    if (picked.backend !== 'webgpu' || isFileProblem(err) || err.code === 'needs-fresh-worker') throw err;
    const reason = fallbackReason(err.message);
    onFallback(reason);
    try {
      return await attempt('wasm', wasmDtype, reason);
    } catch (e2) {
      throw classifyError(e2);
    }
  }
}
