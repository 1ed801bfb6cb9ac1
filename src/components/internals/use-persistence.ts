/**
 * Persistence of the LM internals conversation: on load a shared link (#…) wins, then what this
 * browser saved, else the preset; afterwards every change is kept in localStorage and in the
 * address (so the address is always a share link), 300 ms after the last change or when the
 * tab is closed sooner (pagehide).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InternalsState } from '../../lib/internals/conversation';
import { decodeShareHash, encodeShareHash } from '../../lib/internals/share';
import { loadSaved, saveState } from '../../lib/internals/storage';
import { browserStorage } from '../../lib/storage/safe-storage';

/** What the persistence hook reports. */
export interface Persistence {
  /** Whether the saved or shared conversation has been read (the tool is hydrated). */
  restored: boolean;
  /** Why a shared link or saved conversation could not be used, if so. */
  notice: string | null;
}

/**
 * Restores the conversation once (calling `load` with a shared or saved one) and keeps `state`
 * from then on.
 */
export function usePersistence(state: InternalsState, load: (s: InternalsState) => void): Persistence {
  const [restored, setRestored] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const shared = decodeShareHash(window.location.hash);
    if (shared && shared.ok) {
      loadRef.current(shared.value);
    } else {
      if (shared && !shared.ok) setNotice(shared.error);
      const saved = loadSaved(browserStorage());
      if (saved.state) loadRef.current(saved.state);
      if (saved.notice) setNotice(saved.notice);
    }
    setRestored(true);
  }, []);

  const latest = useRef(state);
  latest.current = state;
  useEffect(() => {
    if (!restored) return;
    const keep = (): void => {
      saveState(browserStorage(), latest.current);
      const url = new URL(window.location.href);
      url.hash = encodeShareHash(latest.current);
      window.history.replaceState(window.history.state, '', url);
    };
    const t = setTimeout(keep, 300);
    window.addEventListener('pagehide', keep);
    return () => {
      clearTimeout(t);
      window.removeEventListener('pagehide', keep);
    };
  }, [state, restored]);

  return { restored, notice };
}
