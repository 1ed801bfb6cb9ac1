/**
 * The whole tool state in the page address, after `#`, so a link reproduces exactly what the
 * reader sees (conversation, tools, settings, seed). The hash never reaches a server. Format:
 * `#c=` then the export JSON as UTF-8 in URL-safe base64.
 */
import type { InternalsState } from './conversation';
import { parseState, stateToJson } from './validate';
import type { Checked } from './validate';

/** The hash prefix of a shared state. */
export const SHARE_PREFIX = 'c=';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The hash (with `#`) that encodes a state. */
export function encodeShareHash(state: InternalsState): string {
  const json = JSON.stringify(JSON.parse(stateToJson(state)));
  return `#${SHARE_PREFIX}${toBase64Url(new TextEncoder().encode(json))}`;
}

/** The state in a hash, `null` when the hash holds none, or an error when it is damaged. */
export function decodeShareHash(hash: string): Checked<InternalsState> | null {
  const h = hash.replace(/^#/, '');
  if (!h.startsWith(SHARE_PREFIX)) return null;
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(h.slice(SHARE_PREFIX.length)));
  } catch {
    return { ok: false, error: 'The shared link is damaged (it is not a complete conversation); the link may have been cut off.' };
  }
  const r = parseState(json);
  return r.ok ? r : { ok: false, error: `The shared link holds a conversation that could not be used: ${r.error}` };
}
