/**
 * A class server as a model engine: the same operations as `LmEngine` (tokenize, score, next,
 * generate, chatTemplate), answered by a vLLM-compatible server over HTTP, so the worker, the
 * protocol and every widget stay as they are.
 *
 * - Token ids, never re-tokenized strings: texts are tokenized once by the server, requests send
 *   ids, and logprobs come back as ids (`return_tokens_as_token_ids`).
 * - The same windows as the in-browser engine: a start token before the text (the configured
 *   `bosToken`, else the one the server's tokenizer adds), the last C tokens kept.
 * - Text of a token on its own comes from the server's `/detokenize` (cached per id), so the
 *   whitespace and byte glyphs are the server tokenizer's own.
 * - The server caps `k` (vLLM's `--max-logprobs`, 20 by default): a request for more gets what
 *   the server allows, and "everything else" is 1 − the mass returned.
 */
import { LmError, classifyError } from '../errors';
import { contextWindow, scoringWindow } from '../context-window';
import type {
  Alternative,
  ChatMessage,
  ChatTemplateResult,
  GeneratedToken,
  GenerateResult,
  NextCandidate,
  NextResult,
  ScoredToken,
  ScoreResult,
  TextOrIds,
  TokenizeResult,
  TokenPiece,
  ToolSpec,
} from '../protocol';
import type { GenerateOptions } from '../engine';
import { findStop } from '../stop-strings';
import { assignPieces } from '../token-pieces';
import type { RawToken } from '../token-pieces';
import { tokenBytes } from '../token-bytes';
import type { TokenScheme } from '../token-bytes';
import { reshape } from '../../sampling/reshape';
import type { SamplingSettings } from '../../sampling/reshape';
import type { ServerTarget } from './servers';
import { checkMixedContent, httpError, timeoutError, unreachableError } from './server-errors';
import {
  MalformedReply,
  detokenizeBody,
  generateBody,
  nextBody,
  pairTexts,
  parseCompletion,
  parseTopTexts,
  parseDetokenize,
  parseModels,
  parseTokenize,
  scoreBody,
  splitSse,
  tokenizeChatBody,
  tokenizeTextBody,
} from './vllm-dialect';
import type { PositionLogprobs } from './vllm-dialect';

/** The fetch this engine uses (the browser's, or a test's). */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** How to reach a server. */
export interface ServerEngineOptions {
  /** The server and model. */
  target: ServerTarget;
  /** fetch (default: the global one). */
  fetch?: FetchFn;
  /** The page's URL, for the mixed-content and private-network checks (default: `location.href`). */
  pageUrl?: string | null;
  /** Give up on a request after this long (default 30 s; a streamed generation only while waiting for its first byte). */
  timeoutMs?: number;
  /** Longest context the figures use (default 4096, or the server's window when smaller). */
  maxContext?: number;
}

/** What the engine knows about the served model. */
export interface ServerInfo {
  /** Context window used (tokens). */
  contextLength: number;
  /** Start token put before a scored text, or null when the server's tokenizer adds none. */
  bosId: number | null;
  /** Most alternatives per position the server returns: unknown (unbounded) until it refuses a request and names its cap. */
  maxLogprobs: number;
}

/** The document separator of GPT-2-style tokenizers, used as the start token when the tokenizer adds none. */
const DOCUMENT_SEPARATOR = '<|endoftext|>';
/** Parallel `/detokenize` requests when filling the token-text cache. */
const DETOKENIZE_PARALLEL = 8;

/** Special-token spellings: `<|im_end|>`, `<bos>`, `</s>`, `[INST]` (not byte tokens like `<0x0A>`). */
const SPECIAL = /^(<\|[^|]+\|>|<\/?[a-z_]+>|\[\/?[A-Z_]+\])$/;

/** Combines the caller's signal with a timeout; `timedOut()` says which one fired. */
function withTimeout(signal: AbortSignal | undefined, ms: number): { signal: AbortSignal; timedOut: () => boolean; clear: () => void } {
  const ac = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    ac.abort();
  }, ms);
  const onAbort = (): void => ac.abort();
  if (signal?.aborted) ac.abort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: ac.signal,
    timedOut: () => fired,
    clear: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Throws `cancelled` if the signal fired. */
function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new LmError('cancelled');
}

/** The scheme whose bytes of `strs` spell `text` (sentencepiece may add one leading space), else a guess from the strings. */
function schemeFor(strs: readonly string[], special: readonly boolean[], text: string | null): TokenScheme {
  const schemes: TokenScheme[] = ['byte-level', 'sentencepiece', 'plain'];
  if (text !== null) {
    const decoder = new TextDecoder('utf-8');
    for (const scheme of schemes) {
      const bytes = strs.flatMap((s, i) => tokenBytes(s, special[i] ? 'plain' : scheme));
      const out = decoder.decode(Uint8Array.from(bytes));
      if (out === text || (scheme === 'sentencepiece' && out === ` ${text}`)) return scheme;
    }
  }
  if (strs.some((s) => /[\u0120\u010a]/.test(s))) return 'byte-level';
  if (strs.some((s) => s.includes('\u2581') || /^<0x[0-9A-F]{2}>$/.test(s))) return 'sentencepiece';
  return 'plain';
}

/** A vLLM-compatible server, speaking the engine's language. */
export class ServerEngine {
  private readonly fetchFn: FetchFn;
  private readonly pageUrl: string | null;
  private readonly timeoutMs: number;
  private readonly label: string;
  /** Vocabulary string of every id seen in a `/tokenize` reply. */
  private readonly strings = new Map<number, string>();
  /** Text of an id on its own, from `/detokenize`. */
  private readonly texts = new Map<number, Promise<string>>();
  private scheme: TokenScheme | null = null;
  private seedCounter = 1;

  private constructor(
    private readonly target: ServerTarget,
    opts: ServerEngineOptions,
    /** What is known about the model (filled in by `connect`). */
    readonly info: ServerInfo,
  ) {
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
    this.pageUrl = opts.pageUrl !== undefined ? opts.pageUrl : typeof location !== 'undefined' ? location.href : null;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.label = target.label;
  }

  /**
   * Connects: checks that the page may call the server, that it serves the model (`/v1/models`),
   * and finds the context window and the start token.
   */
  static async connect(opts: ServerEngineOptions, signal?: AbortSignal): Promise<ServerEngine> {
    const engine = new ServerEngine(opts.target, opts, { contextLength: 0, bosId: null, maxLogprobs: Number.MAX_SAFE_INTEGER });
    checkMixedContent(opts.target.url, engine.pageUrl, engine.label);
    const models = parseModels(await engine.request('GET', '/v1/models', undefined, signal));
    const served = models.find((m) => m.id === opts.target.model);
    if (!served) {
      const list = models.map((m) => `“${m.id}”`).join(', ');
      throw new LmError('server-unknown-model', `${engine.label}: the server does not serve a model called “${opts.target.model}”${list ? `; it serves ${list}` : ''}.`);
    }
    let bos: number | null = null;
    if (opts.target.bosToken) {
      const t = parseTokenize(await engine.request('POST', '/tokenize', tokenizeTextBody(opts.target.model, opts.target.bosToken), signal));
      if (t.ids.length !== 1) throw new LmError('invalid-request', `${engine.label}: “${opts.target.bosToken}” is not one token for this server's tokenizer.`);
      bos = t.ids[0] as number;
      engine.remember(t.ids, t.strs);
    } else {
      // What the tokenizer adds by itself to an empty text is its start token (llama, gemma: one).
      const t = parseTokenize(await engine.request('POST', '/tokenize', { model: opts.target.model, prompt: '', add_special_tokens: true, return_token_strs: true }, signal));
      engine.remember(t.ids, t.strs);
      if (t.ids.length === 1) bos = t.ids[0] as number;
      else {
        // GPT-2, Qwen and SmolLM add none: their document separator, as the in-browser registry uses.
        const sep = parseTokenize(await engine.request('POST', '/tokenize', tokenizeTextBody(opts.target.model, DOCUMENT_SEPARATOR), signal));
        engine.remember(sep.ids, sep.strs);
        if (sep.ids.length === 1 && sep.strs?.[0] === DOCUMENT_SEPARATOR) bos = sep.ids[0] as number;
      }
    }
    // A completion needs room for one generated token (vLLM: prompt + max_tokens ≤ max_model_len).
    const window = (served.maxModelLen ?? 4097) - 1;
    engine.info.contextLength = Math.min(window, opts.maxContext ?? 4096);
    engine.info.bosId = bos;
    return engine;
  }

  /** One JSON request; every failure becomes an `LmError` that says what happened. */
  private async request(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const res = await this.open(method, path, body, signal);
    let text: string;
    try {
      text = await res.response.text();
    } catch (e) {
      throw res.timeout.timedOut() ? timeoutError(this.label, this.timeoutMs) : signal?.aborted ? new LmError('cancelled') : classifyError(e);
    } finally {
      res.timeout.clear();
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new LmError('server-malformed', `${this.label}: the server's reply to ${path} was not JSON. It may not be a vLLM-compatible server.`);
    }
  }

  /** Sends a request and checks its status; the caller reads the body, then clears the timeout. */
  private async open(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ response: Response; timeout: ReturnType<typeof withTimeout> }> {
    throwIfAborted(signal);
    const url = `${this.target.url}${path}`;
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.target.apiKey) headers.Authorization = `Bearer ${this.target.apiKey}`;
    const timeout = withTimeout(signal, this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchFn(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: timeout.signal, credentials: 'omit' });
    } catch {
      timeout.clear();
      if (timeout.timedOut()) throw timeoutError(this.label, this.timeoutMs);
      if (signal?.aborted) throw new LmError('cancelled');
      throw unreachableError(this.target.url, this.pageUrl, this.label, await this.probe());
    }
    if (!response.ok) {
      let json: unknown = null;
      try {
        json = JSON.parse(await response.text());
      } catch {
        // not JSON: the status alone says enough
      }
      timeout.clear();
      throw httpError(response.status, json, this.label, this.target.model, path);
    }
    return { response, timeout };
  }

  /** Whether the server answers at all when CORS is not asked for (an opaque no-cors request). */
  private async probe(): Promise<boolean> {
    const t = withTimeout(undefined, 5_000);
    try {
      await this.fetchFn(`${this.target.url}/health`, { mode: 'no-cors', signal: t.signal, credentials: 'omit' });
      return true;
    } catch {
      return false;
    } finally {
      t.clear();
    }
  }

  /** Remembers the vocabulary strings a `/tokenize` reply gave. */
  private remember(ids: readonly number[], strs: readonly string[] | null): void {
    if (!strs) return;
    ids.forEach((id, i) => this.strings.set(id, strs[i] as string));
  }

  /** Whether a vocabulary string is a special token. */
  private isSpecialString(s: string): boolean {
    return SPECIAL.test(s);
  }

  /** Text of each id on its own, from the server (cached; U+FFFD for part of a character). */
  private async textsOf(ids: Iterable<number>, signal?: AbortSignal): Promise<Map<number, string>> {
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => !this.texts.has(id));
    for (let i = 0; i < missing.length; i += DETOKENIZE_PARALLEL) {
      const batch = missing.slice(i, i + DETOKENIZE_PARALLEL).map((id) => {
        const p = this.request('POST', '/detokenize', detokenizeBody(this.target.model, [id]), signal).then(parseDetokenize);
        this.texts.set(id, p);
        p.catch(() => this.texts.delete(id));
        return p;
      });
      await Promise.all(batch);
    }
    const out = new Map<number, string>();
    for (const id of wanted) out.set(id, await (this.texts.get(id) as Promise<string>));
    return out;
  }

  /** Byte-accurate pieces for ids whose vocabulary strings are known (from `/tokenize`), else from their text. */
  private async piecesOf(ids: readonly number[], text: string | null, signal?: AbortSignal): Promise<TokenPiece[]> {
    const unknown = ids.filter((id) => !this.strings.has(id));
    const texts = unknown.length > 0 ? await this.textsOf(unknown, signal) : new Map<number, string>();
    const strs = ids.map((id) => this.strings.get(id) ?? null);
    const known = strs.filter((s): s is string => s !== null);
    if (this.scheme === null && known.length > 0) {
      const allKnown = known.length === ids.length;
      this.scheme = schemeFor(known, known.map((s) => this.isSpecialString(s)), allKnown ? text : null);
    }
    const scheme = this.scheme ?? 'plain';
    const encoder = new TextEncoder();
    const raw: RawToken[] = ids.map((id, i) => {
      const s = strs[i];
      if (s !== null && s !== undefined) {
        const special = this.isSpecialString(s);
        return { id, token: s, bytes: tokenBytes(s, special ? 'plain' : scheme), special };
      }
      const t = texts.get(id) ?? '';
      return { id, token: t, bytes: [...encoder.encode(t)], special: this.isSpecialString(t) };
    });
    return assignPieces(raw);
  }

  /** Tokens of a text, as the server's tokenizer splits it (no start token added). */
  async tokenize(text: string, signal?: AbortSignal): Promise<TokenizeResult> {
    if (text.length === 0) return { ids: [], tokens: [] };
    const t = parseTokenize(await this.request('POST', '/tokenize', tokenizeTextBody(this.target.model, text), signal));
    this.remember(t.ids, t.strs);
    return { ids: t.ids, tokens: await this.piecesOf(t.ids, text, signal) };
  }

  /** Ids of an input (a text is tokenized by the server). */
  private async idsOf(input: TextOrIds, signal?: AbortSignal): Promise<number[]> {
    if (typeof input.text === 'string') return input.text.length === 0 ? [] : (await this.tokenize(input.text, signal)).ids;
    if (!Array.isArray(input.ids) || !input.ids.every((id) => Number.isInteger(id) && id >= 0)) {
      throw new LmError('invalid-request', 'Give either a text or a list of token ids.');
    }
    return input.ids.slice();
  }

  /** The start token to put before ids, unless they already begin with it. */
  private startFor(ids: readonly number[]): number | null {
    const bos = this.info.bosId;
    return bos !== null && ids[0] === bos ? null : bos;
  }

  /**
   * A `/v1/completions` request, retried once with a smaller k when the server says its
   * `--max-logprobs` is lower than asked (vLLM: "… greater than max allowed: N").
   */
  private async complete(makeBody: (k: number) => unknown, k: number, signal?: AbortSignal): Promise<ReturnType<typeof parseCompletion>> {
    const json = await this.withCap(k, (kk) => this.request('POST', '/v1/completions', makeBody(kk), signal));
    try {
      return parseCompletion(json);
    } catch (e) {
      throw e instanceof MalformedReply ? new LmError('server-malformed', `${this.label}: ${e.message}`) : e;
    }
  }

  /** Runs `send` with k capped at what the server allows; learns the cap from a refusal and sends once more. */
  private async withCap<T>(k: number, send: (k: number) => Promise<T>): Promise<T> {
    try {
      return await send(Math.min(k, this.info.maxLogprobs));
    } catch (e) {
      const m = e instanceof LmError && e.code === 'invalid-request' ? /max allowed: (\d+)/.exec(e.message) : null;
      if (!m) throw e;
      this.info.maxLogprobs = Number(m[1]);
      return send(Math.min(k, this.info.maxLogprobs));
    }
  }

  /** Alternatives with their texts. */
  private alternatives(top: readonly { id: number; logp: number }[], k: number, texts: ReadonlyMap<number, string>): Alternative[] {
    return top.slice(0, k).map((a) => ({ id: a.id, token: this.strings.get(a.id) ?? texts.get(a.id) ?? '', text: texts.get(a.id) ?? '', logp: a.logp }));
  }

  /**
   * The texts of the top-k alternatives at positions `rows` of a completion reply, all fetched
   * at once. Many unseen tokens (a scored text's alternatives, a whole distribution) come from
   * the same request asked again with tokens written as text, paired by log-probability (one
   * request rather than one `/detokenize` per token); the rest (ties, shared texts) from
   * `/detokenize`. `body(k)` must repeat the first request (same prompt and seed).
   */
  private async alternativeTexts(
    positions: readonly PositionLogprobs[],
    rows: readonly number[],
    k: number,
    body: (k: number) => Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<Map<number, string>> {
    const topAt = (i: number): PositionLogprobs['top'] => (positions[i] as PositionLogprobs).top.slice(0, k);
    const wanted = rows.flatMap((i) => topAt(i).map((a) => a.id));
    if (new Set(wanted.filter((id) => !this.texts.has(id))).size > DETOKENIZE_PARALLEL * 4) {
      const json = await this.withCap(k, (kk) => this.request('POST', '/v1/completions', { ...body(kk), return_tokens_as_token_ids: false }, signal));
      try {
        for (const i of rows) for (const [id, t] of pairTexts(topAt(i), parseTopTexts(json, i))) if (!this.texts.has(id)) this.texts.set(id, Promise.resolve(t));
      } catch (e) {
        throw e instanceof MalformedReply ? new LmError('server-malformed', `${this.label}: ${e.message}`) : e;
      }
    }
    return this.textsOf(wanted, signal);
  }

  /**
   * Log-probability of every token of the input given the tokens before it, with up to `topK`
   * alternatives (fewer when the server caps them), from the server's prompt logprobs.
   */
  async score(input: TextOrIds, topK = 10, signal?: AbortSignal): Promise<ScoreResult> {
    const text = typeof input.text === 'string' ? input.text : null;
    const ids = await this.idsOf(input, signal);
    if (ids.length === 0) throw new LmError('empty-input');
    const C = this.info.contextLength;
    const start = this.startFor(ids);
    const win = scoringWindow(ids, start, C);
    const scoredCount = ids.length - win.firstScored;
    if (scoredCount <= 0) throw new LmError('empty-input', 'The text has only one token and the model has no start token to predict it from.');
    const seed = this.seedCounter++;
    const body = (kk: number): Record<string, unknown> => scoreBody(this.target.model, win.input, Math.max(1, kk), seed);
    const reply = await this.complete(body, Math.max(1, topK), signal);
    // Echo gives one entry per prompt position (the first has no logprob), then the generated token.
    const positions = reply.positions.slice(0, win.input.length);
    if (positions.length !== win.input.length || positions.some((p, i) => p.id !== win.input[i])) {
      throw new LmError('server-malformed', `${this.label}: the server's prompt logprobs do not match the prompt (it may not support echo with token-id prompts).`);
    }
    const pieces = (await this.piecesOf(ids, win.firstScored === 0 ? text : null, signal)).slice(win.firstScored);
    const lead = win.input.length - scoredCount;
    const k = Math.max(0, Math.min(topK, this.info.maxLogprobs)); // each list may end with the token itself, outside the top k
    const rows = Array.from({ length: scoredCount }, (_, n) => lead + n);
    const texts = k > 0 ? await this.alternativeTexts(positions, rows, k, body, signal) : new Map<number, string>();
    const tokens: ScoredToken[] = [];
    let total = 0;
    for (let n = 0; n < scoredCount; n++) {
      const pos = positions[lead + n] as PositionLogprobs;
      if (pos.logp === null) throw new LmError('server-malformed', `${this.label}: the server gave no logprob for prompt token ${lead + n}.`);
      total += pos.logp;
      tokens.push({ ...(pieces[n] as TokenPiece), logprob: pos.logp, top: this.alternatives(pos.top, k, texts) });
    }
    return {
      tokens,
      totalLogprob: total,
      truncated: win.droppedTokens > 0 ? { droppedTokens: win.droppedTokens, contextLength: C } : null,
      bosPrepended: start !== null,
    };
  }

  /** The k most likely next tokens (at most the server's cap), and the probability of every other token. */
  async next(input: TextOrIds, k = 10, signal?: AbortSignal): Promise<NextResult> {
    const ids = await this.idsOf(input, signal);
    const win = contextWindow(ids, this.startFor(ids), this.info.contextLength);
    if (win.input.length === 0) throw new LmError('empty-input', 'This model has no start token, so it needs at least one token of context.');
    const seed = this.seedCounter++;
    const body = (kk: number): Record<string, unknown> => nextBody(this.target.model, win.input, Math.max(1, kk), seed);
    const reply = await this.complete(body, Math.max(1, k), signal);
    const step = reply.positions[0];
    if (!step) throw new LmError('server-malformed', `${this.label}: the server returned no logprobs for the next token.`);
    // The list may end with the drawn token itself, outside the top k: keep the k asked for (at most the cap).
    const keep = Math.max(0, Math.min(k, this.info.maxLogprobs));
    const alts = this.alternatives(step.top, keep, await this.alternativeTexts(reply.positions, [0], keep, body, signal));
    let mass = 0;
    const top: NextCandidate[] = alts.map((a) => {
      const p = Math.exp(a.logp);
      mass += p;
      return { ...a, p, special: this.isSpecialString(a.token) || this.isSpecialString(a.text) };
    });
    return {
      top,
      otherMass: Math.max(0, 1 - mass),
      contextTokens: win.input.length,
      truncated: win.droppedTokens > 0 ? { droppedTokens: win.droppedTokens, contextLength: this.info.contextLength } : null,
    };
  }

  /**
   * Streams a continuation sampled by the server with every setting sent explicitly. The
   * probability a token had in the reshaped distribution is computed from the alternatives the
   * server returned when they determine it (greedy, top-k within the server's cap, or T = 1
   * with the nucleus inside them), else null.
   */
  async generate(opts: GenerateOptions): Promise<GenerateResult> {
    const { signal } = opts;
    const promptIds = await this.idsOf(opts.prompt, signal);
    const C = this.info.contextLength;
    if (!(Number.isInteger(opts.maxTokens) && opts.maxTokens >= 0)) throw new LmError('invalid-request', `maxTokens must be a whole number ≥ 0 (got ${opts.maxTokens}).`);
    const maxTokens = Math.min(opts.maxTokens, C - 1);
    // The server does not slide a window: keep the prompt short enough for the tokens asked for.
    const win = contextWindow(promptIds, this.startFor(promptIds), Math.max(1, C - maxTokens));
    if (win.input.length === 0) throw new LmError('empty-input', 'This model has no start token, so it needs a prompt.');
    const result: GenerateResult = {
      text: '',
      tokens: [],
      stopReason: 'max-tokens',
      stopString: null,
      windowSlides: 0,
      promptTruncated: win.droppedTokens > 0 ? { droppedTokens: win.droppedTokens, contextLength: C } : null,
    };
    if (maxTokens === 0) return result;
    const k = Math.max(1, opts.settings.topK);
    const stops = (opts.stop ?? []).filter((s) => s.length > 0);
    const body = (kk: number): unknown =>
      generateBody(this.target.model, win.input, {
        temperature: opts.settings.temperature,
        topK: opts.settings.topK,
        topP: opts.settings.topP,
        seed: opts.seed,
        maxTokens,
        logprobs: kk,
      });
    const stream = new AbortController();
    const onAbort = (): void => stream.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.withCap(k, (kk) => this.open('POST', '/v1/completions', body(kk), stream.signal));
      res.timeout.clear(); // the first byte came; a long generation is not a timeout
      const reader = res.response.body?.getReader();
      if (!reader) throw new LmError('server-malformed', `${this.label}: the server sent no stream.`);
      const decoder = new TextDecoder();
      let buffer = '';
      let done = false;
      while (!done) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch {
          throw signal?.aborted ? new LmError('cancelled') : new LmError('server-unreachable', `${this.label}: the connection to the server broke during generation.`);
        }
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        const split = splitSse(buffer);
        buffer = split.rest;
        for (const data of split.events) {
          if (data === '[DONE]') {
            done = true;
            break;
          }
          let parsed;
          try {
            parsed = parseCompletion(JSON.parse(data));
          } catch (e) {
            throw new LmError('server-malformed', `${this.label}: ${e instanceof Error ? e.message : 'a streamed event was not JSON'}`);
          }
          const stop = this.takeChunk(parsed, result, opts.settings, stops, signal, opts.onToken);
          if (stop) {
            done = true;
            break;
          }
        }
      }
      if (!done && !signal?.aborted) throw new LmError('server-malformed', `${this.label}: the stream ended without [DONE].`);
      await reader.cancel().catch(() => undefined);
      throwIfAborted(signal);
      return result;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stream.abort();
    }
  }

  /** Folds one streamed event into the result; true when generation should stop here (a stop string). */
  private takeChunk(
    chunk: ReturnType<typeof parseCompletion>,
    result: GenerateResult,
    settings: SamplingSettings,
    stops: readonly string[],
    signal: AbortSignal | undefined,
    onToken: ((t: GeneratedToken) => void) | undefined,
  ): boolean {
    throwIfAborted(signal);
    chunk.positions.forEach((pos, j) => {
      const last = j === chunk.positions.length - 1;
      const tok: GeneratedToken = {
        index: result.tokens.length,
        id: pos.id,
        // No request per token: the vocabulary string when a tokenize call has seen the id, else its text.
        token: this.strings.get(pos.id) ?? (last ? chunk.text : ''),
        text: last ? chunk.text : '',
        p: reshapedP(pos, settings),
        logp: pos.logp ?? Number.NaN,
      };
      result.tokens.push(tok);
      onToken?.(tok);
    });
    const before = result.text.length;
    result.text += chunk.text;
    const hit = findStop(result.text, stops, before);
    if (hit) {
      result.text = result.text.slice(0, hit.index);
      result.stopReason = 'stop-string';
      result.stopString = hit.stop;
      return true;
    }
    if (chunk.finishReason === 'stop') {
      result.stopReason = typeof chunk.stopReason === 'string' ? 'stop-string' : 'eos';
      result.stopString = typeof chunk.stopReason === 'string' ? chunk.stopReason : null;
    } else if (chunk.finishReason === 'length') {
      result.stopReason = 'max-tokens';
    }
    return false;
  }

  /** Renders a conversation with the server's chat template (`/tokenize` with messages). */
  async chatTemplate(messages: readonly ChatMessage[], tools: readonly ToolSpec[] | undefined, addGenerationPrompt: boolean, signal?: AbortSignal): Promise<ChatTemplateResult> {
    if (messages.length === 0) throw new LmError('empty-input', 'There are no messages to render.');
    const t = parseTokenize(await this.request('POST', '/tokenize', tokenizeChatBody(this.target.model, messages, tools, addGenerationPrompt), signal));
    this.remember(t.ids, t.strs);
    const text = parseDetokenize(await this.request('POST', '/detokenize', detokenizeBody(this.target.model, t.ids), signal));
    return { text, ids: t.ids };
  }

  /** Nothing to free: the server keeps the model. */
  async dispose(): Promise<void> {
    this.texts.clear();
  }
}

/**
 * The probability a drawn token had in the distribution it was drawn from, when the returned
 * alternatives determine it: greedy; top-k with k within what was returned; or T = 1 with no
 * top-k and the nucleus (or everything) inside the returned mass. Otherwise null.
 */
export function reshapedP(pos: PositionLogprobs, s: SamplingSettings): number | null {
  if (pos.logp === null) return null;
  const top = pos.top;
  const greedy = s.temperature < 1e-6;
  const inTop = top.findIndex((a) => a.id === pos.id);
  if (greedy) return inTop === 0 ? 1 : null;
  if (s.topK > 0 && top.length >= s.topK && inTop >= 0 && inTop < s.topK) {
    const kept = top.slice(0, s.topK);
    const r = reshape(kept.map((a) => a.logp), s);
    const j = Array.from(r.ids).indexOf(inTop);
    return j >= 0 ? (r.probs[j] as number) : 0;
  }
  if (s.topK === 0 && s.temperature === 1) {
    if (s.topP >= 1) return Math.exp(pos.logp);
    let cum = 0;
    for (let i = 0; i < top.length; i++) {
      cum += Math.exp((top[i] as { logp: number }).logp);
      if (cum >= s.topP) return i >= inTop && inTop >= 0 ? Math.exp(pos.logp) / cum : null;
    }
  }
  return null;
}
