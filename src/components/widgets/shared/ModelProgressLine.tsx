/**
 * One line under a live widget saying what the shared model is doing: not loaded yet (and that
 * it loads on first use), downloading (a real progress bar with bytes), ready (which model,
 * which backend), or failed (the error in plain words). Every widget on a page shows the same
 * state, because they share one model worker.
 */
import { useEffect, useState } from 'preact/hooks';
import { getModelClient } from '../../../lib/lm/client';
import { initialStatus, loadProgress } from '../../../lib/lm/model-status';
import type { ModelStatus } from '../../../lib/lm/model-status';
import { findModel } from '../../../lib/lm/registry';
import { modelLabel } from '../../../lib/lm/model-choice';
import { siteConfig } from '../../../site.config';
import { backendName, formatBytes } from '../../model/format';

/** Follows the page's shared model status. */
export function useModelStatus(): ModelStatus {
  const [status, setStatus] = useState<ModelStatus>(() => initialStatus(siteConfig.defaultModel));
  useEffect(() => getModelClient().status.subscribe(setStatus), []);
  return status;
}

/** The status line. */
export function ModelProgressLine() {
  const status = useModelStatus();
  const spec = findModel(status.modelId);
  const label = modelLabel(status.modelId);
  const fellBack = status.notices.find((n) => n.code === 'model-fallback');
  const expected = spec ? spec.approxBytes[status.backend === 'webgpu' ? 'webgpu' : 'wasm'] : 0;
  let body;
  switch (status.phase) {
    case 'idle':
      body = <span>{label} loads the first time you use this figure.</span>;
      break;
    case 'loading': {
      const p = loadProgress(status, expected, formatBytes);
      body = (
        <>
          <span>
            Loading {label}… {p.text}
          </span>
          <progress
            class="lmw-progress"
            aria-label={p.step === 'setting-up' ? `Setting up ${label}` : `Downloading ${label}`}
            max={p.max ?? undefined}
            value={p.value ?? undefined}
          />
        </>
      );
      break;
    }
    case 'ready':
      body = (
        <span>
          {label} · {backendName(status.backend)}
        </span>
      );
      break;
    case 'error':
      body = <span class="lmw-error-text">The model is not running: {status.error?.message ?? 'unknown error'}</span>;
      break;
  }
  const failed = fellBack && status.fallbackFrom ? status.fallbackFrom : null;
  return (
    <p class="lmw-model-line" data-phase={status.phase}>
      {body}
      {failed && (
        <span class="lmw-model-line__fallback" data-notice-code="model-fallback" title={fellBack?.message}>
          {modelLabel(failed)} could not be loaded, so this figure uses {label}.{' '}
          <button type="button" class="lmw-linkish" onClick={() => void getModelClient().retryFallback()?.catch(() => undefined)}>
            Try {modelLabel(failed)} again
          </button>
        </span>
      )}
    </p>
  );
}
