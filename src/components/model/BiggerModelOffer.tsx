/**
 * A line under a figure whose point the embedded model is too small to show (facts, confident
 * next tokens, a chat that answers): it names a bigger model and its download size, and with one
 * click makes it the model of every figure on the site (the choice is remembered). Without
 * JavaScript it says where to switch. Use with `client:visible`.
 */
import { useEffect, useState } from 'preact/hooks';
import { getModelClient } from '../../lib/lm/client';
import { EMBEDDED_MODEL_ID } from '../../lib/lm/registry';
import { biggerModelOffer } from '../../lib/lm/bigger-model';
import { browserStorage, modelLabel } from '../../lib/lm/model-choice';
import { allServers } from '../../lib/lm/server/servers';
import { siteConfig } from '../../site.config';
import { formatBytes } from './format';
import './model.css';

/** Props of the offer. */
export interface BiggerModelOfferProps {
  /** What a bigger model shows, finishing "A bigger model shows this better: …" (no final period). */
  point: string;
  /** Registry id of the model to suggest when the site has no class server. */
  model?: string;
  /** Path to the model page (for the no-JavaScript sentence). */
  modelPage?: string;
}

/** The offer line. */
export default function BiggerModelOffer({ point, model = 'HuggingFaceTB/SmolLM2-360M-Instruct', modelPage = '/model/' }: BiggerModelOfferProps) {
  const [current, setCurrent] = useState<string>(siteConfig.defaultModel);
  const [hydrated, setHydrated] = useState(false);
  const [servers, setServers] = useState(() => allServers(null));
  useEffect(() => {
    setHydrated(true);
    setServers(allServers(browserStorage()));
    return getModelClient().status.subscribe((s) => setCurrent(s.modelId));
  }, []);
  const offer = biggerModelOffer(current, EMBEDDED_MODEL_ID, model, servers);
  if (offer.kind === 'none') return null;
  if (offer.kind === 'using') {
    return (
      <p class="lm-offer not-content" data-offer="using">
        This figure uses {modelLabel(offer.id)}.{' '}
        {hydrated && (
          <button type="button" onClick={() => getModelClient().setModel(EMBEDDED_MODEL_ID)}>
            Back to the embedded model
          </button>
        )}
      </p>
    );
  }
  const size = offer.bytes === null ? 'nothing to download' : `about ${formatBytes(offer.bytes)} to download once`;
  return (
    <p class="lm-offer not-content" data-offer="offer" data-model={offer.id}>
      A bigger model shows this better: {point}.{' '}
      {hydrated ? (
        <button type="button" onClick={() => void getModelClient().selectModel(offer.id).catch(() => undefined)}>
          Use {offer.label} for every figure ({size})
        </button>
      ) : (
        <>
          Switch to {offer.label} ({size}) on the <a href={modelPage}>model page</a>.
        </>
      )}
    </p>
  );
}
