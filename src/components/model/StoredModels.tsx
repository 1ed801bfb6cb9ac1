/**
 * "Stored in this browser": the Hub models this browser keeps for the site (the Cache API bucket
 * transformers.js downloads into), each with its files and size, a "Remove" button per model and
 * "Remove all", and the browser's own estimate of the room this site uses and may use. Before
 * hydration it says what it will show and that it needs JavaScript; once hydrated it reads the
 * cache, and reads it again whenever the page's model finishes loading (or fails to).
 */
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { getModelClient } from '../../lib/lm/client';
import { listStoredModels, removeAllStored, removeStoredModel, storageUse } from '../../lib/lm/browser-cache';
import type { StorageUse, StoredListing, StoredModel } from '../../lib/lm/browser-cache';
import type { ModelPhase } from '../../lib/lm/model-status';
import { findModel, MODELS } from '../../lib/lm/registry';
import { formatBytes } from './format';
import './model.css';

/** A size as a round figure ("12 GB", "5.4 GB", "800 MB"), for the browser's rough quota. */
function roughBytes(n: number): string {
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(2))} GB`;
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(2))} MB`;
  return formatBytes(n);
}

/** "5 files, 5.7 MB" (and how many sizes are unknown, if any). */
function filesAndSize(m: StoredModel): string {
  const files = `${m.files.length} ${m.files.length === 1 ? 'file' : 'files'}`;
  const unknown = m.unknownSizes > 0 ? ` (${m.unknownSizes} of unknown size)` : '';
  return `${files}, ${formatBytes(m.bytes)}${unknown}`;
}

/** The browser's estimate in one sentence. */
function estimateSentence(use: StorageUse): string {
  if (!use) return 'This browser does not say how much room it allows this site.';
  return `This site uses ${formatBytes(use.usage)} of about ${roughBytes(use.quota)} the browser allows it.`;
}

/** The embedded model's label (it is never stored here). */
const EMBEDDED = MODELS.find((m) => m.source === 'local')?.label ?? 'The embedded model';

/** The model in use on this page: its id while it is loaded, else null. */
function loadedHere(phase: ModelPhase, id: string): string | null {
  return phase === 'ready' ? id : null;
}

/** The stored-models section (use with `client:visible`, after the model status panel). */
export default function StoredModels() {
  const [hydrated, setHydrated] = useState(false);
  const [listing, setListing] = useState<StoredListing | null>(null);
  const [use, setUse] = useState<StorageUse>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const [loaded, setLoaded] = useState<string | null>(null);
  const seq = useRef(0);
  const titleRef = useRef<HTMLParagraphElement>(null);
  const uid = `lm-stored-${useId()}`;

  /** Reads the cache and the estimate again; an older read never overwrites a newer one. */
  const refresh = useCallback(async (): Promise<void> => {
    const mine = ++seq.current;
    const [l, u] = await Promise.all([listStoredModels(), storageUse()]);
    if (mine !== seq.current) return;
    setListing(l);
    setUse(u);
  }, []);

  useEffect(() => {
    setHydrated(true);
    void refresh();
    let phase: ModelPhase | null = null;
    return getModelClient().status.subscribe((s) => {
      setLoaded(loadedHere(s.phase, s.modelId));
      // A load that finished (or failed) may have stored or dropped files: read again.
      if (phase !== null && s.phase !== phase && (s.phase === 'ready' || s.phase === 'error')) void refresh();
      phase = s.phase;
    });
  }, [refresh]);

  const remove = async (m: StoredModel | null): Promise<void> => {
    setBusy(m ? m.id : '*');
    const r = m ? await removeStoredModel(m.id) : await removeAllStored();
    await refresh();
    setBusy(null);
    if (!r.ok) {
      setSaid(r.reason);
    } else if (m) {
      const stillLoaded = loaded === m.id && findModel(m.id)?.source === 'hub';
      setSaid(
        `Removed ${m.label} (${formatBytes(m.bytes)}).${stillLoaded ? ' It stays loaded on this page until you reload it; after that it downloads again when it is needed.' : ''}`,
      );
    } else {
      const stillLoaded = loaded !== null && findModel(loaded)?.source === 'hub';
      setSaid(
        `Removed every stored model${listing?.state === 'available' ? ` (${formatBytes(listing.bytes)})` : ''}.${stillLoaded ? ' The model loaded on this page stays loaded until you reload it.' : ''}`,
      );
    }
    // The button pressed is gone: keep the keyboard in the section.
    titleRef.current?.focus();
  };

  const state = !hydrated ? 'static' : listing === null ? 'reading' : listing.state;
  const models = listing?.state === 'available' ? listing.models : [];

  return (
    <section
      class="lm-panel lm-stored not-content"
      aria-labelledby={`${uid}-title`}
      data-hydrated={hydrated ? 'true' : 'false'}
      data-state={state}
      data-total-bytes={listing?.state === 'available' ? String(listing.bytes) : ''}
    >
      <p class="lm-panel__title" id={`${uid}-title`} ref={titleRef} tabIndex={-1}>
        Stored in this browser
      </p>

      {state === 'static' && (
        <p>
          Once this page’s JavaScript runs, this section lists the Hub models your browser keeps for this site, how much room each takes,
          and a button to remove each of them. It needs JavaScript, because only a script can read the browser’s storage.
        </p>
      )}
      {state === 'reading' && <p>Reading what this browser keeps…</p>}
      {listing?.state === 'unavailable' && <p data-testid="stored-unavailable">{listing.reason}</p>}

      {listing?.state === 'available' && models.length === 0 && <p>Nothing is stored: no Hub model is kept in this browser.</p>}
      {listing?.state === 'available' && models.length > 0 && (
        <>
          <ul class="lm-stored__list" aria-label="Models stored in this browser">
            {models.map((m) => (
              <li key={m.id} data-model-id={m.id} data-bytes={String(m.bytes)} data-files={String(m.files.length)}>
                <div class="lm-stored__what">
                  <span class="lm-stored__name">{m.label}</span>
                  {loaded === m.id && <span class="lm-muted"> · loaded on this page</span>}
                  <details class="lm-stored__details">
                    <summary>{filesAndSize(m)}</summary>
                    <ul class="lm-stored__files">
                      {m.files.map((f) => (
                        <li key={f.url}>
                          <code>{f.file}</code> <span class="lm-muted">{f.bytes === null ? 'size unknown' : formatBytes(f.bytes)}</span>
                        </li>
                      ))}
                    </ul>
                  </details>
                </div>
                <button type="button" onClick={() => void remove(m)} disabled={busy !== null} aria-label={`Remove ${m.label}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div class="lm-controls">
            <span>
              In all: {formatBytes(listing.bytes)} in {listing.files} {listing.files === 1 ? 'file' : 'files'}.
            </span>
            <button type="button" onClick={() => void remove(null)} disabled={busy !== null}>
              Remove all
            </button>
          </div>
        </>
      )}

      {hydrated && listing !== null && <p class="lm-muted" data-testid="storage-estimate">{estimateSentence(use)}</p>}

      <p class="lm-muted">
        {EMBEDDED} is not listed: this site serves it like its images, and the browser’s ordinary cache keeps it. A model you remove while it is
        loaded on this page keeps working until you reload the page; after that it downloads again when a figure needs it.
      </p>

      <p class="lm-stored__said" role="status" aria-live="polite" data-testid="stored-said">
        {said}
      </p>
    </section>
  );
}
