/**
 * Browser side of `lib/widget-state/url-state`: read a widget's parameters from the page URL
 * once (on hydration) and write them back, debounced, with `history.replaceState` (no new
 * history entries, no reload). `shareUrl` gives the link to copy.
 */
import { useEffect, useRef } from 'preact/hooks';
import { readWidgetState, writeWidgetState } from '../../../lib/widget-state/url-state';
import type { UrlState } from '../../../lib/widget-state/url-state';
import { useLatest } from './use-hooks';

/**
 * The raw parameters of widget `id` in the current URL (empty on the server). Read it in a
 * mount effect, not in a `useState` initialiser: hydration keeps the build-time HTML's
 * attributes, so state that differs from the static figure must arrive after hydration.
 */
export function initialUrlState(id: string): Record<string, string> {
  if (typeof window === 'undefined') return {};
  return readWidgetState(window.location.search, id);
}

/** The current page URL with widget `id` set to `state`. */
export function shareUrl(id: string, state: UrlState): string {
  const url = new URL(window.location.href);
  url.search = writeWidgetState(url.search, id, state);
  return url.toString();
}

/** Keeps widget `id`'s state in the URL while `enabled` (writes at most every `delayMs`). */
export function useUrlState(id: string, state: UrlState, enabled = true, delayMs = 300): void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // `serialized` decides when to write (an equal state does not rewrite the URL); the effect
  // writes the latest state object.
  const serialized = JSON.stringify(state);
  const latest = useLatest(state);
  useEffect(() => {
    if (!enabled || typeof window === 'undefined') return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const url = new URL(window.location.href);
      const next = writeWidgetState(url.search, id, latest.current);
      if (next === url.search.replace(/^\?/, '')) return;
      url.search = next;
      window.history.replaceState(window.history.state, '', url);
    }, delayMs);
    return () => clearTimeout(timer.current);
  }, [id, serialized, enabled, delayMs, latest]);
}
