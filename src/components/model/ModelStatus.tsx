/**
 * The model status panel: which model, where it runs and why, download progress per file,
 * whether the files came from the network or the cache, errors in plain words, a model picker
 * and a "Load model" button. It renders a complete description of the default model before
 * hydration; once hydrated it follows the page's shared model client.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { siteConfig } from '../../site.config';
import { getModelClient } from '../../lib/lm/client';
import { initialStatus, totalBytes } from '../../lib/lm/model-status';
import type { ModelStatus as Status } from '../../lib/lm/model-status';
import { MODELS, findModel } from '../../lib/lm/registry';
import { backendName, formatBytes, originText } from './format';
import './model.css';
import { downloadBytes } from '../../lib/lm/download-size';
import { browserStorage, modelLabel } from '../../lib/lm/model-choice';
import { addReaderServer, allServers, removeReaderServer } from '../../lib/lm/server/servers';
import type { ClassServer } from '../../lib/lm/server/servers';

/** One sentence saying where things stand (the live region reads this out). */
function summary(s: Status, label: string): string {
  switch (s.phase) {
    case 'idle':
      return `${label} is not loaded yet. It loads the first time a live figure needs it, or when you press “Load model”.`;
    case 'loading':
      return `Loading ${label}…${s.stage ? ` ${s.stage}` : ''}`;
    case 'ready': {
      const i = s.info;
      const secs = i ? ` in ${(i.loadMs / 1000).toFixed(1)} s` : '';
      const weights = i && s.backend !== 'server' ? ` (${i.dtype} weights)` : '';
      return `${label} is ready on ${backendName(s.backend)}${weights}, ${originText(s.origin)}, ${s.backend === 'server' ? 'connected' : 'loaded'}${secs}.`;
    }
    case 'error':
      return `${label} is not running.`;
  }
}

/** The model status panel (use with `client:visible`). */
export default function ModelStatus() {
  const [status, setStatus] = useState<Status>(() => initialStatus(siteConfig.defaultModel));
  const [hydrated, setHydrated] = useState(false);
  // Class servers: the site's from the start; the reader's once hydrated (they live in localStorage).
  const [servers, setServers] = useState<ClassServer[]>(() => allServers(null));
  const [addError, setAddError] = useState<string | null>(null);
  // useId is unique only within one island, so each component prefixes its own name.
  const uid = `lm-status-${useId()}`;
  const pickerId = `${uid}-picker`;
  const filesId = `${uid}-files`;

  useEffect(() => {
    setHydrated(true);
    setServers(allServers(browserStorage()));
    return getModelClient().status.subscribe(setStatus);
  }, []);

  const spec = findModel(status.modelId);
  const label = modelLabel(status.modelId);
  const server = servers.find((s) => s.id === status.modelId);
  const loading = status.phase === 'loading';
  const bytes = totalBytes(status);

  const onPick = (ev: Event): void => {
    const id = (ev.currentTarget as HTMLSelectElement).value;
    getModelClient().setModel(id);
  };
  const onLoad = (): void => {
    getModelClient()
      .ensureLoaded()
      .catch(() => undefined); // the error is shown from the status store
  };
  const onRetry = (): void => {
    getModelClient().retryFallback()?.catch(() => undefined);
  };
  const onAddServer = (ev: Event): void => {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const added = addReaderServer(browserStorage(), {
      url: String(data.get('url') ?? ''),
      model: String(data.get('model') ?? ''),
      label: String(data.get('label') ?? ''),
      apiKey: String(data.get('apiKey') ?? ''),
    });
    if (!added.ok) {
      setAddError(added.message);
      return;
    }
    setAddError(added.saved ? null : 'This browser would not save it (storage is full or blocked): it is used on this page only.');
    setServers(allServers(browserStorage()));
    form.reset();
    getModelClient()
      .selectModel(added.server.id)
      .catch(() => undefined);
  };
  const onRemoveServer = (id: string): void => {
    removeReaderServer(browserStorage(), id);
    setServers(allServers(browserStorage()));
    if (status.modelId === id) getModelClient().setModel(siteConfig.defaultModel);
  };
  const fellBack = status.fallbackFrom !== null; // set together with the model-fallback notice
  const readerServers = servers.filter((s) => s.addedByReader);

  return (
    <section
      class="lm-panel lm-status not-content"
      aria-label="Model status"
      data-phase={status.phase}
      data-model={status.modelId}
      data-backend={status.backend ?? ''}
      data-origin={status.origin ?? ''}
      data-hydrated={hydrated ? 'true' : 'false'}
    >
      <p class="lm-panel__title">Model status</p>
      <p class="lm-status__summary" role="status" aria-live="polite">
        {summary(status, label)}
      </p>

      <dl class="lm-facts">
        <dt>Model</dt>
        <dd>
          {label}
          {spec ? ` · context ${(status.info?.contextLength ?? spec.runtimeContext).toLocaleString('en')} tokens` : ''}
          {!spec && status.info ? ` · context ${status.info.contextLength.toLocaleString('en')} tokens` : ''}
          {status.info && status.info.vocabSize > 0 ? ` · ${status.info.vocabSize.toLocaleString('en')}-token vocabulary` : ''}
          {server ? ` · ${server.model} at ${server.url}` : ''}
        </dd>
        <dt>Runs on</dt>
        <dd data-testid="backend-reason">
          {status.backendReason ?? 'WebGPU if this browser offers it, otherwise WebAssembly on the CPU (decided when the model loads).'}
        </dd>
        <dt>Files</dt>
        <dd data-testid="origin">
          {originText(status.origin)}
          {bytes.total > 0 ? ` · ${formatBytes(bytes.loaded)} of ${formatBytes(bytes.total)}` : ''}
        </dd>
      </dl>

      {status.files.length > 0 && (
        <ul class="lm-files" aria-label="Model files" id={filesId}>
          {status.files.map((f) => {
            const pid = `${filesId}-${f.file.replace(/[^\w-]/g, '_')}`;
            return (
              <li key={f.file} data-file={f.file} data-done={f.done ? 'true' : 'false'}>
                <label for={pid}>
                  <code>{f.file}</code>
                </label>
                <progress id={pid} max={f.total > 0 ? f.total : 1} value={f.total > 0 ? f.loaded : f.done ? 1 : 0}>
                  {f.total > 0 ? `${Math.round((100 * f.loaded) / f.total)}%` : ''}
                </progress>
                <span class="lm-muted">
                  {f.total > 0 ? `${formatBytes(f.loaded)} of ${formatBytes(f.total)}` : f.done ? 'done' : 'waiting'}
                </span>
              </li>
            );
          })}
        </ul>
      )}

      {status.error && (
        <p class="lm-error" role="alert" data-error-code={status.error.code}>
          {status.error.message}
        </p>
      )}
      {status.notices.length > 0 && (
        <ul class="lm-notices">
          {status.notices.map((n) => (
            <li key={n.code + n.message} class="lm-notice" data-notice-code={n.code}>
              {n.message}
              {n.code === 'model-fallback' && fellBack && (
                <>
                  {' '}
                  <button type="button" onClick={onRetry} disabled={!hydrated || loading}>
                    Try {modelLabel(status.fallbackFrom as string)} again
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      <div class="lm-controls">
        <label for={pickerId}>Model</label>
        <select id={pickerId} value={status.modelId} onChange={onPick} disabled={!hydrated || loading}>
          <optgroup label="In your browser">
            {MODELS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label} · about {formatBytes(downloadBytes(m))}
              </option>
            ))}
          </optgroup>
          {servers.length > 0 && (
            <optgroup label="Class servers (nothing to download)">
              {servers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label} (class server)
                </option>
              ))}
            </optgroup>
          )}
          {!MODELS.some((m) => m.id === status.modelId) && !servers.some((s) => s.id === status.modelId) && <option value={status.modelId}>{label}</option>}
        </select>
        <button type="button" onClick={onLoad} disabled={!hydrated || loading || status.phase === 'ready'}>
          {loading ? 'Loading…' : status.phase === 'ready' ? 'Loaded' : 'Load model'}
        </button>
      </div>
      {spec && <p class="lm-muted">{spec.description}</p>}

      <details class="lm-servers">
        <summary>Use a class server</summary>
        <p class="lm-muted">
          If your course runs a vLLM server, the figures can use its model instead: nothing is downloaded, and a large model knows far more than
          the ones that fit in a browser. The server must allow this site (vLLM’s <code>--allowed-origins</code>).
        </p>
        {readerServers.length > 0 && (
          <ul class="lm-servers__list" aria-label="Class servers you added">
            {readerServers.map((s) => (
              <li key={s.id}>
                {s.label} <span class="lm-muted">({s.model} at {s.url})</span>{' '}
                <button type="button" onClick={() => onRemoveServer(s.id)} disabled={!hydrated} aria-label={`Remove ${s.label}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <form class="lm-servers__form" onSubmit={onAddServer}>
          <label>
            Address <input name="url" type="url" inputMode="url" placeholder="http://localhost:8000" required disabled={!hydrated} />
          </label>
          <label>
            Model id <input name="model" type="text" placeholder="Qwen/Qwen3-8B" required disabled={!hydrated} />
          </label>
          <label>
            Name (optional) <input name="label" type="text" disabled={!hydrated} />
          </label>
          <label>
            API key (optional) <input name="apiKey" type="password" autoComplete="off" disabled={!hydrated} />
          </label>
          <button type="submit" disabled={!hydrated}>
            Add and use
          </button>
        </form>
        {addError && (
          <p class="lm-error" role="alert" data-error-code="server-form">
            {addError}
          </p>
        )}
      </details>
    </section>
  );
}
