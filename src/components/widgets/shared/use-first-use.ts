/**
 * "The model loads on first use": a figure that shows build-time numbers needs the model only
 * once the reader starts using it. This hook reports when that happens: the first focus or
 * pointer press anywhere inside the figure (capture phase, so any control counts). Spread
 * `handlers` on the figure's root element.
 */
import { useState } from 'preact/hooks';

/** Whether the reader has started using the figure, and the handlers that notice it. */
export function useFirstUse(): { used: boolean; handlers: { onFocusCapture: () => void; onPointerDownCapture: () => void } } {
  const [used, setUsed] = useState(false);
  const mark = (): void => {
    if (!used) setUsed(true);
  };
  return { used, handlers: { onFocusCapture: mark, onPointerDownCapture: mark } };
}
