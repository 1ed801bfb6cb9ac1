/**
 * What went wrong talking to a class server, in plain words: each failure a browser can meet
 * (mixed content, unreachable, CORS, private-network permission, 401/403, 404 model, 429, 5xx,
 * timeout, a reply of the wrong form) becomes an `LmError` whose message names the server and,
 * where a server flag fixes it, the flag.
 */
import { LmError, describeError } from '../errors';
import { errorMessageOf } from './vllm-dialect';

/** Hosts that are this computer. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host) || host.endsWith('.localhost');
}

/** Hosts on a private network (RFC 1918, link-local, .local names). */
function isPrivate(host: string): boolean {
  return isLoopback(host) || /^10\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host) || /^169\.254\./.test(host) || host.endsWith('.local');
}

/**
 * Refuses, before any request, what the browser would block anyway: an https page calling an
 * http server (other than this computer, which browsers allow).
 */
export function checkMixedContent(serverUrl: string, pageUrl: string | null, label: string): void {
  if (!pageUrl) return;
  const page = new URL(pageUrl);
  const server = new URL(serverUrl);
  if (page.protocol === 'https:' && server.protocol === 'http:' && !isLoopback(server.hostname)) {
    throw new LmError('server-mixed-content', `${label}: ${describeError('server-mixed-content')} (${server.origin})`);
  }
}

/**
 * The error for a fetch that failed without an answer. `reachable` says whether a no-cors probe
 * of the same server got through: if it did, the server is up and only CORS stopped the read.
 */
export function unreachableError(serverUrl: string, pageUrl: string | null, label: string, reachable: boolean): LmError {
  const server = new URL(serverUrl);
  if (reachable) {
    const origin = pageUrl ? new URL(pageUrl).origin : 'this site';
    return new LmError('server-cors', `${label}: the server at ${server.origin} answered but does not allow this site to read its answers (CORS). Start vLLM with --allowed-origins '["${origin}"]' (or a proxy that sends Access-Control-Allow-Origin). If the server needs an API key, a missing or wrong key looks the same to the browser (vLLM refuses it without CORS headers).`);
  }
  const page = pageUrl ? new URL(pageUrl) : null;
  if (page && !isPrivate(page.hostname) && isPrivate(server.hostname)) {
    return new LmError(
      'server-unreachable',
      `${label}: the server at ${server.origin} could not be reached. It is on a private network and this page is on the public web: the browser may have blocked the request or asked for permission to reach local devices (allow it, or serve the notes from the same network). Check also that the server is running.`,
    );
  }
  return new LmError('server-unreachable', `${label}: the server at ${server.origin} could not be reached. It may be down, the address may be wrong, or this computer is offline.`);
}

/** The error for a reply with a failing HTTP status, from its status and its (JSON) body. */
export function httpError(status: number, body: unknown, label: string, model: string, endpoint: string): LmError {
  const said = errorMessageOf(body);
  const quote = said ? ` The server said: “${said.slice(0, 200)}”` : '';
  if (status === 401 || status === 403) {
    return new LmError('server-auth', `${label}: the server refused the request (${status}): it needs an API key, or the key is wrong.${quote}`);
  }
  if (status === 404 && said && /model/i.test(said)) {
    return new LmError('server-unknown-model', `${label}: the server does not serve a model called “${model}”.${quote}`);
  }
  if (status === 404) {
    return new LmError('server-malformed', `${label}: the server has no ${endpoint} endpoint (404), so it is not a vLLM-compatible server, or the address has an extra path.`);
  }
  if (status === 429) {
    return new LmError('server-busy', `${label}: ${describeError('server-busy')}`);
  }
  if (status >= 500) {
    return new LmError('server-failed', `${label}: the server ran into an error (${status}). Try again; if it persists, tell the instructor.${quote}`);
  }
  if (said && /echo/i.test(said)) {
    return new LmError('server-no-scoring', `${label}: ${describeError('server-no-scoring')}${quote}`);
  }
  return new LmError('invalid-request', `${label}: the server refused the request (${status}).${quote}`);
}

/** The error for a request that took longer than `ms`. */
export function timeoutError(label: string, ms: number): LmError {
  return new LmError('server-timeout', `${label}: the server did not answer within ${Math.round(ms / 1000)} s. It may be overloaded or stuck; try again later.`);
}
