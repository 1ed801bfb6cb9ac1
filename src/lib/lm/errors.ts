/**
 * The closed set of things that can go wrong (or be worth telling the reader) in the model
 * runtime, each with a message in plain words. Raw errors from transformers.js / ONNX Runtime
 * are mapped onto these codes by `classifyError`, so the UI never shows a stack trace.
 */
import { RpcError, type RpcErrorInfo } from '../rpc/protocol';

/** Every problem the runtime reports. The UI switches on these; the list is closed. */
export type LmErrorCode =
  /** Nothing to work on: an empty text or an empty message list. */
  | 'empty-input'
  /** A model id that is not in the registry (a typo in a link, an old saved choice). */
  | 'unknown-model'
  /** A model file answered 404 (or 401/403): it is not where the runtime looked. */
  | 'file-not-found'
  /** A model file arrived but could not be read: truncated download, damaged file. */
  | 'corrupt-file'
  /** A network request failed (offline, blocked, server unreachable). */
  | 'network'
  /** WebGPU is not available here; the model runs on WebAssembly instead (a notice). */
  | 'webgpu-unavailable'
  /** The GPU went away mid-session (driver reset, tab in background); fell back to WebAssembly. */
  | 'webgpu-lost'
  /** The text is longer than the model's context window; the runtime truncated or slid it. */
  | 'context-too-long'
  /** The worker that runs the model died; the next request starts a fresh one. */
  | 'worker-crashed'
  /** The worker runs an ONNX Runtime build that cannot serve this load (the client starts a fresh worker). */
  | 'needs-fresh-worker'
  /** The request was cancelled, or a newer request with the same key replaced it. */
  | 'cancelled'
  /** A request that needs a model arrived before any model was loaded. */
  | 'not-loaded'
  /** The request itself is malformed (bad settings, ids outside the vocabulary). */
  | 'invalid-request'
  /** A class server could not be reached at all (down, wrong address, offline). */
  | 'server-unreachable'
  /** A class server answered, but its CORS headers do not allow this site. */
  | 'server-cors'
  /** An https page may not call an http server (the browser blocks "mixed content"). */
  | 'server-mixed-content'
  /** A class server refused the request: 401 or 403 (a missing or wrong API key). */
  | 'server-auth'
  /** A class server is busy (429 too many requests). */
  | 'server-busy'
  /** A class server failed (a 5xx answer). */
  | 'server-failed'
  /** A class server took too long to answer. */
  | 'server-timeout'
  /** A class server's reply was not in the form the site expects. */
  | 'server-malformed'
  /** A class server does not serve the model id the site asked for. */
  | 'server-unknown-model'
  /** A class server cannot score a text (no `echo` prompt logprobs, as llama.cpp's server). */
  | 'server-no-scoring'
  /** The chosen model could not be loaded, so the figures use the embedded model (a notice). */
  | 'model-fallback'
  /** The browser has no room left to keep the model's files (a notice when the load still worked). */
  | 'storage-full'
  /** Anything else; the message carries the original text. */
  | 'internal';

/** A problem as it travels over the worker protocol: a code and a plain-English message. */
export type LmErrorInfo = RpcErrorInfo<LmErrorCode>;

/** An Error carrying an `LmErrorCode`, thrown by the engine and re-thrown by the client. */
export class LmError extends RpcError<LmErrorCode> {
  /** Builds an error; without a message, the standard plain-English one for the code is used. */
  constructor(code: LmErrorCode, message?: string) {
    super(code, message ?? describeError(code));
    this.name = 'LmError';
  }
}

const MESSAGES: Record<LmErrorCode, string> = {
  'empty-input': 'There is no text to work on. Type something first.',
  'unknown-model': 'That model is not one this site knows, so the default model is used instead.',
  'file-not-found': 'A model file was not found where the site looked for it (the server answered "404 not found").',
  'corrupt-file': 'A model file arrived damaged or incomplete (for example a download that stopped halfway), so the model could not be read. Try loading it again.',
  network: 'A model file could not be downloaded: the network request failed. Check the connection and try again.',
  'webgpu-unavailable': 'WebGPU is not available in this browser, so the model runs on WebAssembly on the CPU. The numbers are the same; it is only slower.',
  'webgpu-lost': 'The GPU stopped responding, so the model was moved to WebAssembly on the CPU and the request was run again.',
  'context-too-long': 'The text is longer than the model can look at once, so only the last part of it was used.',
  'worker-crashed': 'The background worker running the model stopped unexpectedly. The next request starts a fresh one.',
  'needs-fresh-worker': 'The model needs a fresh background worker; it is being started.',
  cancelled: 'The request was cancelled.',
  'not-loaded': 'No model is loaded yet. Load the model first.',
  'invalid-request': 'The request could not be carried out because some of its settings are not valid.',
  'server-unreachable': 'The class server could not be reached: it may be down, the address may be wrong, or this computer is offline.',
  'server-cors': 'The class server answered but does not allow this site to read its answers (CORS). Start vLLM with --allowed-origins naming this site.',
  'server-mixed-content': 'This page is served over https, so the browser does not let it talk to a server at an http:// address. Serve the class server over https.',
  'server-auth': 'The class server refused the request (401/403): it needs an API key, or the key is wrong.',
  'server-busy': 'The class server is busy (too many requests). Wait a few seconds and try again.',
  'server-failed': 'The class server ran into an error (a 5xx answer). Try again; if it persists, tell the instructor.',
  'server-timeout': 'The class server took too long to answer.',
  'server-malformed': 'The class server sent a reply this site could not read. It may not be a vLLM-compatible server.',
  'server-unknown-model': 'The class server does not serve the model this site asked for.',
  'server-no-scoring': 'This server cannot score a text (it does not return the probabilities of the prompt\'s own tokens), so figures that score text need another model.',
  'model-fallback': 'The chosen model could not be loaded, so the figures use the embedded model instead.',
  'storage-full': 'The browser has no room to keep this model, so it will be downloaded again next time. Remove stored models below to make room.',
  internal: 'Something went wrong inside the model runtime.',
};

/** The standard plain-English message for a code. */
export function describeError(code: LmErrorCode): string {
  return MESSAGES[code];
}

/** Whether a value looks like an `LmErrorInfo` (also true for `LmError` instances). */
export function isLmErrorInfo(value: unknown): value is LmErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { code?: unknown; message?: unknown };
  return typeof v.code === 'string' && v.code in MESSAGES && typeof v.message === 'string';
}

/** The text of any thrown value. */
function textOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (typeof e === 'number') return `error number ${e}`;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}

/** The name of the file a raw loader message mentions, if any ("…/onnx/model.onnx"). */
function fileIn(text: string): string | null {
  const m = /"([^"]+\.(?:onnx|json|onnx_data))"/.exec(text) ?? /([\w./-]+\.(?:onnx|json|onnx_data))/.exec(text);
  return m ? (m[1] ?? null) : null;
}

/** Whether a thrown value is a `QuotaExceededError` (also when it is the cause of another error). */
function isQuotaExceeded(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 3) return false;
  const x = e as { name?: unknown; cause?: unknown };
  return x.name === 'QuotaExceededError' || (x.cause !== undefined && isQuotaExceeded(x.cause, depth + 1));
}

/** HTTP statuses that mean the file is not there for us (transformers.js's own set). */
const NOT_FOUND_STATUSES = new Set([401, 403, 404]);

/**
 * Whether an error says a file is missing, by its kind and status, never by its text (a message
 * may quote any number: "token id 404", "404 tokens"): transformers.js throws
 * `ModelFileNotFoundError` for a missing local file and for a 401/403/404 answer (with
 * `status`), a fetch wrapper may attach `status` or `response.status`, and Node's file system
 * says `ENOENT`.
 */
function isNotFound(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { name?: unknown; status?: unknown; code?: unknown; response?: { status?: unknown } | null; cause?: unknown };
  if (x.name === 'ModelFileNotFoundError' || x.code === 'ENOENT') return true;
  const status = typeof x.status === 'number' ? x.status : typeof x.response?.status === 'number' ? x.response.status : null;
  if (status !== null) return NOT_FOUND_STATUSES.has(status);
  return x.cause !== undefined && x.cause !== e && isNotFound(x.cause);
}

/**
 * Maps anything thrown by transformers.js, ONNX Runtime or fetch onto an `LmError` with a
 * plain-English message. An `LmError` passes through unchanged; an `AbortError` becomes
 * `cancelled`; a missing file is recognised by its error kind and HTTP status (`isNotFound`).
 * The original text is appended in parentheses for `internal` only.
 */
export function classifyError(e: unknown): LmError {
  if (e instanceof LmError) return e;
  if (isLmErrorInfo(e)) return new LmError(e.code, e.message);
  const text = textOf(e);
  const name = e instanceof Error ? e.name : '';
  if (name === 'AbortError') return new LmError('cancelled');
  // Storage full (the Cache API or Web Storage refused a write): by the DOMException's name.
  if (isQuotaExceeded(e) || /\bQuotaExceededError\b/.test(text)) return new LmError('storage-full');
  const file = fileIn(text);
  const where = file ? ` (${file})` : '';
  if (isNotFound(e)) {
    return new LmError('file-not-found', `${describeError('file-not-found')}${where}`);
  }
  if (/protobuf parsing failed|failed to load model|invalid model|Unexpected end of JSON|JSON\.parse|is not valid JSON|Unexpected token|unterminated string|model_path must not be empty|buffer.*(too small|out of range)|offset is out of bounds|Malformed|corrupt|truncat/i.test(text)) {
    return new LmError('corrupt-file', `${describeError('corrupt-file')}${where}`);
  }
  if (/device (was )?lost|GPUDevice.*lost|DeviceLost|device is lost/i.test(text)) {
    return new LmError('webgpu-lost');
  }
  if (/Failed to fetch|NetworkError|network error|ERR_|fetch failed|Load failed|ECONNREFUSED|ENOTFOUND/i.test(text)) {
    return new LmError('network', `${describeError('network')}${where}`);
  }
  return new LmError('internal', `${describeError('internal')} (${text.slice(0, 300)})`);
}
