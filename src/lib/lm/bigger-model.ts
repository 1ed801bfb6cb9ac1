/**
 * What a figure whose point needs more than the embedded model offers the reader: a class server
 * when the site names one (nothing to download), else a suggested Hub model with its download
 * size; or, when the reader already uses a bigger model, nothing but a way back.
 */
import type { ClassServer } from './server/servers';
import { downloadBytes } from './download-size';
import { findModel } from './registry';

/** The offer a figure shows. */
export type BiggerModelOffer =
  | { kind: 'offer'; id: string; label: string; bytes: number | null }
  | { kind: 'using'; id: string }
  | { kind: 'none' };

/**
 * The offer for a page whose model is `currentId`: when it is the embedded model (`embeddedId`),
 * the first class server, else `suggestedId` (with its download size); when it is already
 * another model, `using`; `none` when the suggestion is unknown and there is no server.
 */
export function biggerModelOffer(currentId: string, embeddedId: string, suggestedId: string, servers: readonly ClassServer[]): BiggerModelOffer {
  if (currentId !== embeddedId) return { kind: 'using', id: currentId };
  const server = servers[0];
  if (server) return { kind: 'offer', id: server.id, label: `${server.label} (class server)`, bytes: null };
  const spec = findModel(suggestedId);
  if (!spec || spec.id === embeddedId) return { kind: 'none' };
  return { kind: 'offer', id: spec.id, label: spec.label, bytes: downloadBytes(spec) };
}
