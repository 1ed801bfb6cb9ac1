/**
 * "The model loads on first use": a figure that shows build-time numbers needs the model only
 * once the reader starts using it. This hook reports when that happens: the first focus or
 * pointer press anywhere inside the figure (capture phase, so any control counts). Spread
 * `handlers` on the figure's root element.
 *
 * The model starts loading at that moment, not when the figure's first (debounced) request
 * goes out: the download gets a head start of a debounce.
 */
import { useState } from 'preact/hooks';
import { getModelClient } from '../../../lib/lm/client';

/** Whether the reader has started using the figure, and the handlers that notice it. */
export function useFirstUse(): { used: boolean; handlers: { onFocusCapture: () => void; onPointerDownCapture: () => void } } {
  const [used, setUsed] = useState(false);
  const mark = (): void => {
    if (used) return;
    setUsed(true);
    getModelClient()
      .ensureLoaded()
      .catch(() => undefined); // a failed load is shown by the figure's status line
  };
  return { used, handlers: { onFocusCapture: mark, onPointerDownCapture: mark } };
}
