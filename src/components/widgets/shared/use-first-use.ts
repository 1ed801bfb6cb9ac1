/**
 * "The model loads on first use": a figure that shows build-time numbers needs the model only
 * once the reader starts using it. This hook reports when that happens: the first focus or
 * pointer press anywhere inside the figure (capture phase, so any control counts). Spread
 * `handlers` on the figure's root element.
 *
 * The model starts loading at that moment, not when the figure's first (debounced) request
 * goes out: the download gets a head start of a debounce.
 *
 * Before that, once the figure is on screen (islands hydrate when visible), the page readies the
 * runtime (`usePrepareModel`).
 *
 * A figure also counts as used once the page's model is ready and is not the one its build-time
 * numbers came from (the reader picked another model): it then shows that model's numbers
 * rather than numbers of a model the page no longer names.
 */
import { useEffect, useState } from 'preact/hooks';
import { getModelClient } from '../../../lib/lm/client';
import { usePrepareModel } from './use-prepare-model';

/**
 * Whether the reader has started using the figure, and the handlers that notice it. `builtWith`
 * is the model the figure's build-time numbers came from.
 */
export function useFirstUse(builtWith: string): {
  used: boolean;
  handlers: { onFocusCapture: () => void; onPointerDownCapture: () => void; onPointerEnter: () => void };
} {
  const [used, setUsed] = useState(false);
  const prepare = usePrepareModel();
  useEffect(() => {
    if (used) return;
    return getModelClient().status.subscribe((s) => {
      if (s.phase === 'ready' && s.modelId !== builtWith) setUsed(true);
    });
  }, [used, builtWith]);
  const mark = (): void => {
    if (used) return;
    setUsed(true);
    getModelClient()
      .ensureLoaded()
      .catch(() => undefined); // a failed load is shown by the figure's status line
  };
  return { used, handlers: { onFocusCapture: mark, onPointerDownCapture: mark, onPointerEnter: prepare } };
}
