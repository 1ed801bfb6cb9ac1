/**
 * A fetch wrapper that sends each distinct GET once. While loading a model, transformers.js
 * first probes every file for its size (for a local model, the probe is a full GET) and then
 * fetches it again for real; without this wrapper each file of the embedded model would be
 * requested twice. Every caller gets its own clone of one shared response.
 */

/** The fetch signature transformers.js calls (`env.fetch`). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A fetch function plus a way to drop what it remembers. */
export interface DedupingFetch {
  /** Drop-in replacement for fetch. */
  fetch: FetchLike;
  /** Forgets the shared responses (call after the load, so their memory is freed). */
  clear(): void;
}

/** The key of a request: method, URL and Range header (a byte-range probe is a different request). */
function requestKey(input: string | URL | Request, init?: RequestInit): string | null {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  if (method !== 'GET') return null;
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  return `${url}\u0000${headers.get('range') ?? ''}`;
}

/**
 * Wraps `base` so that concurrent and repeated GETs of the same URL (and Range) share one
 * request until `clear()`. Failed requests are not remembered.
 */
export function dedupingFetch(base: FetchLike): DedupingFetch {
  const shared = new Map<string, Promise<Response>>();
  const wrapped: FetchLike = (input, init) => {
    const key = requestKey(input, init);
    if (key === null) return base(input, init);
    let p = shared.get(key);
    if (!p) {
      p = base(input, init);
      shared.set(key, p);
      p.catch(() => shared.delete(key));
    }
    return p.then((r) => r.clone());
  };
  return { fetch: wrapped, clear: () => shared.clear() };
}
