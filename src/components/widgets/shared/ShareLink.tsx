/**
 * "Copy link to this setup": copies the page URL with the widget's state in it, and says so
 * in a live region (or shows the link to copy by hand when the clipboard is not allowed).
 */
import { useState } from 'preact/hooks';
import type { UrlState } from '../../../lib/widget-state/url-state';
import { shareUrl } from './use-url-state';

/** Props of the share button. */
export interface ShareLinkProps {
  /** The widget's id (its URL parameter prefix). */
  id: string;
  /** The state to encode. */
  state: UrlState;
}

/** A button that copies a link to the widget's current setup. */
export function ShareLink({ id, state }: ShareLinkProps) {
  const [message, setMessage] = useState('');
  const copy = async (): Promise<void> => {
    const url = shareUrl(id, state);
    try {
      await navigator.clipboard.writeText(url);
      setMessage('Link copied: it opens this widget with the same settings.');
    } catch {
      setMessage(`Copy this link: ${url}`);
    }
  };
  return (
    <span class="lmw-share">
      <button type="button" class="lmw-button lmw-button--quiet" onClick={() => void copy()}>
        Copy link to this setup
      </button>
      <span class="lmw-share__message" role="status" aria-live="polite">
        {message}
      </span>
    </span>
  );
}
