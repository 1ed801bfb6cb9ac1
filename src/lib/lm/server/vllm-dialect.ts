/**
 * vLLM's OpenAI-compatible API, the part this site uses: request bodies and reply parsers, pure
 * and typed. Shapes follow vLLM's `vllm/entrypoints/openai/protocol.py` (v0.10–v0.11):
 *
 * - `GET /v1/models` → `{ data: [{ id, max_model_len }] }`;
 * - `POST /tokenize` with `prompt` (plain text) or `messages` (a chat, with
 *   `add_generation_prompt` / `continue_final_message`) → `{ count, max_model_len, tokens,
 *   token_strs }`; `POST /detokenize` `{ tokens }` → `{ prompt }`;
 * - `POST /v1/completions` with a token-id prompt, `logprobs: k` and `echo: true` gives, per
 *   prompt position, log p(token | before) and the top-k alternatives (`top_logprobs`);
 *   `return_tokens_as_token_ids` writes every token as `token_id:N`, so alternatives come back
 *   as ids, never as strings to re-tokenize. `stream: true` sends server-sent events.
 *
 * Every reply is checked before use: a field that is missing or of the wrong type is a
 * `MalformedReply`, never a silent NaN.
 */
import type { ChatMessage, ToolSpec } from '../protocol';

/** A reply that does not have the shape vLLM documents. */
export class MalformedReply extends Error {
  /** `what` names the endpoint and the field that was wrong. */
  constructor(what: string) {
    super(`The server's reply was not in the expected form (${what}).`);
    this.name = 'MalformedReply';
  }
}

/** One model a server serves. */
export interface ServedModel {
  /** The model id to send in requests. */
  id: string;
  /** Its context window, when the server says (vLLM does). */
  maxModelLen: number | null;
}

/** Token ids (and, when asked, vocabulary strings) of a text or a chat. */
export interface TokenizeReply {
  /** The ids. */
  ids: number[];
  /** Vocabulary strings (`Ġthe`), one per id, or null when the server did not send them. */
  strs: string[] | null;
  /** The served model's context window. */
  maxModelLen: number | null;
}

/** One position of a completion's logprobs: the token there, its log-probability, the alternatives. */
export interface PositionLogprobs {
  /** Token id at this position. */
  id: number;
  /** log p(token | everything before), nats; null for the first prompt token (nothing before it). */
  logp: number | null;
  /** The alternatives the server listed (its top-k, plus the token itself when outside them), best first. */
  top: { id: number; logp: number }[];
}

/** One streamed (or whole) completion step. */
export interface CompletionChunk {
  /** Text added by this chunk. */
  text: string;
  /** Logprobs of the tokens in this chunk (may be empty). */
  positions: PositionLogprobs[];
  /** `stop` (end token or stop string), `length` (max tokens), or null while streaming. */
  finishReason: string | null;
  /** The stop string (or token id) that ended it, when the server says. */
  stopReason: string | number | null;
}

/** Sampling settings sent with a generation, all explicit (the server's defaults may differ). */
export interface GenerationParams {
  /** Temperature (0: greedy). */
  temperature: number;
  /** Keep the k most likely tokens (0: off; vLLM's "off" is -1). */
  topK: number;
  /** Nucleus threshold (1: off). */
  topP: number;
  /** Seed of the server's random draws. */
  seed: number;
  /** Most tokens to generate (≥ 1). */
  maxTokens: number;
  /** Alternatives per generated token (0: only the token's own logprob). */
  logprobs: number;
}

/** Body of `/tokenize` for plain text (never adds a bos: the caller decides). */
export function tokenizeTextBody(model: string, text: string): Record<string, unknown> {
  return { model, prompt: text, add_special_tokens: false, return_token_strs: true };
}

/** Body of `/tokenize` for a chat rendered by the server's chat template. */
export function tokenizeChatBody(
  model: string,
  messages: readonly ChatMessage[],
  tools: readonly ToolSpec[] | undefined,
  addGenerationPrompt: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: messages.map((m) => (m.tool_calls && m.tool_calls.length > 0 ? { role: m.role, content: m.content, tool_calls: m.tool_calls } : { role: m.role, content: m.content })),
    add_generation_prompt: addGenerationPrompt,
    continue_final_message: false,
    add_special_tokens: false,
    return_token_strs: true,
  };
  if (tools && tools.length > 0) body.tools = tools;
  return body;
}

/** Body of `/detokenize`. */
export function detokenizeBody(model: string, ids: readonly number[]): Record<string, unknown> {
  return { model, tokens: [...ids] };
}

/**
 * Body of a next-token request: one generated token (vLLM needs max_tokens ≥ 1), whose logprobs
 * with `k` alternatives are the distribution after the whole prompt. Temperature 1 and no
 * cut-off, so even a server that reports processed rather than raw logprobs reports the model's
 * distribution.
 */
export function nextBody(model: string, ids: readonly number[], k: number, seed: number): Record<string, unknown> {
  return {
    model,
    prompt: [...ids],
    max_tokens: 1,
    logprobs: k,
    temperature: 1,
    top_p: 1,
    top_k: -1,
    seed,
    return_tokens_as_token_ids: true,
    skip_special_tokens: false,
  };
}

/** Body of a request that scores a prompt: a next-token request that also echoes the prompt with its own logprobs. */
export function scoreBody(model: string, ids: readonly number[], k: number, seed: number): Record<string, unknown> {
  return { ...nextBody(model, ids, k, seed), echo: true };
}

/** Body of a streamed generation with every sampling setting explicit. */
export function generateBody(model: string, ids: readonly number[], p: GenerationParams): Record<string, unknown> {
  return {
    model,
    prompt: [...ids],
    max_tokens: p.maxTokens,
    temperature: p.temperature,
    top_k: p.topK > 0 ? p.topK : -1,
    top_p: p.topP,
    seed: p.seed,
    logprobs: p.logprobs,
    stream: true,
    return_tokens_as_token_ids: true,
    skip_special_tokens: false,
  };
}

/** An object, or a MalformedReply naming `what`. */
function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new MalformedReply(what);
  return v as Record<string, unknown>;
}

/** An array of whole numbers. */
function intArray(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw new MalformedReply(what);
  return v as number[];
}

/** A finite number or null. */
function numberOrNull(v: unknown, what: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new MalformedReply(what);
  return v;
}

/** The models a `/v1/models` reply lists. */
export function parseModels(json: unknown): ServedModel[] {
  const data = record(json, '/v1/models').data;
  if (!Array.isArray(data)) throw new MalformedReply('/v1/models: data');
  return data.map((m, i) => {
    const r = record(m, `/v1/models: data[${i}]`);
    if (typeof r.id !== 'string') throw new MalformedReply(`/v1/models: data[${i}].id`);
    const len = r.max_model_len;
    return { id: r.id, maxModelLen: typeof len === 'number' && Number.isInteger(len) && len > 0 ? len : null };
  });
}

/** A `/tokenize` reply. */
export function parseTokenize(json: unknown): TokenizeReply {
  const r = record(json, '/tokenize');
  const ids = intArray(r.tokens, '/tokenize: tokens');
  let strs: string[] | null = null;
  if (Array.isArray(r.token_strs)) {
    if (r.token_strs.length !== ids.length || !r.token_strs.every((s) => typeof s === 'string')) throw new MalformedReply('/tokenize: token_strs');
    strs = r.token_strs as string[];
  }
  const len = r.max_model_len;
  return { ids, strs, maxModelLen: typeof len === 'number' && Number.isInteger(len) && len > 0 ? len : null };
}

/** A `/detokenize` reply. */
export function parseDetokenize(json: unknown): string {
  const r = record(json, '/detokenize');
  if (typeof r.prompt !== 'string') throw new MalformedReply('/detokenize: prompt');
  return r.prompt;
}

/** The id of a `token_id:N` string (what `return_tokens_as_token_ids` writes). */
export function tokenIdOf(s: string, what: string): number {
  const m = /^token_id:(\d+)$/.exec(s);
  if (!m) throw new MalformedReply(`${what}: "${s.slice(0, 40)}" is not of the form token_id:N`);
  return Number(m[1]);
}

/** The per-position logprobs of a choice's `logprobs` object (null when the server sent none). */
export function parseLogprobs(json: unknown, what: string): PositionLogprobs[] {
  if (json === null || json === undefined) return [];
  const r = record(json, what);
  const tokens = r.tokens;
  const lps = r.token_logprobs;
  const tops = r.top_logprobs;
  if (!Array.isArray(tokens) || !Array.isArray(lps) || lps.length !== tokens.length) throw new MalformedReply(`${what}: tokens/token_logprobs`);
  if (tops !== null && tops !== undefined && (!Array.isArray(tops) || tops.length !== tokens.length)) throw new MalformedReply(`${what}: top_logprobs`);
  return tokens.map((t, i) => {
    if (typeof t !== 'string') throw new MalformedReply(`${what}: tokens[${i}]`);
    const id = tokenIdOf(t, `${what}: tokens[${i}]`);
    const logp = numberOrNull(lps[i], `${what}: token_logprobs[${i}]`);
    const entry: unknown = Array.isArray(tops) ? tops[i] : null;
    const top: { id: number; logp: number }[] = [];
    if (entry !== null && entry !== undefined) {
      for (const [key, v] of Object.entries(record(entry, `${what}: top_logprobs[${i}]`))) {
        const lp = numberOrNull(v, `${what}: top_logprobs[${i}]`);
        if (lp === null) continue;
        top.push({ id: tokenIdOf(key, `${what}: top_logprobs[${i}]`), logp: lp });
      }
      top.sort((a, b) => b.logp - a.logp || a.id - b.id);
    }
    return { id, logp, top };
  });
}

/**
 * The alternatives of position `i` of a completion asked WITHOUT `return_tokens_as_token_ids`:
 * keyed by each token's text as the server decodes it, best first. (Two tokens with the same
 * text share one key, so the list can be shorter than the ids version.)
 */
export function parseTopTexts(json: unknown, i: number): { text: string; logp: number }[] {
  const choices = record(json, '/v1/completions').choices;
  if (!Array.isArray(choices) || choices.length === 0) throw new MalformedReply('/v1/completions: choices');
  const lp = record(record(choices[0], '/v1/completions: choices[0]').logprobs, '/v1/completions: logprobs');
  const tops = lp.top_logprobs;
  if (!Array.isArray(tops)) throw new MalformedReply('/v1/completions: top_logprobs');
  const entry: unknown = tops[i];
  if (entry === null || entry === undefined) return [];
  return Object.entries(record(entry, `/v1/completions: top_logprobs[${i}]`))
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .map(([text, logp]) => ({ text, logp }))
    .sort((a, b) => b.logp - a.logp);
}

/**
 * Pairs alternatives known by id with the same alternatives known by text (both best first) by
 * walking the two lists together on equal log-probabilities; an id whose text was merged into
 * another's key gets none. Returns id → text.
 */
export function pairTexts(byId: readonly { id: number; logp: number }[], byText: readonly { text: string; logp: number }[]): Map<number, string> {
  const same = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x));
  // Tokens tied on log-probability cannot be told apart by it: those are left unpaired.
  const tiedAt = (list: readonly { logp: number }[], i: number): boolean =>
    (i > 0 && same((list[i - 1] as { logp: number }).logp, (list[i] as { logp: number }).logp)) ||
    (i + 1 < list.length && same((list[i + 1] as { logp: number }).logp, (list[i] as { logp: number }).logp));
  const out = new Map<number, string>();
  let j = 0;
  byId.forEach((a, i) => {
    while (j < byText.length && (byText[j] as { logp: number }).logp > a.logp && !same((byText[j] as { logp: number }).logp, a.logp)) j++;
    const b = byText[j];
    if (b && same(b.logp, a.logp)) {
      if (!tiedAt(byId, i) && !tiedAt(byText, j)) out.set(a.id, b.text);
      j++;
    }
  });
  return out;
}

/** The first choice of a (whole or streamed) `/v1/completions` reply. */
export function parseCompletion(json: unknown): CompletionChunk {
  const r = record(json, '/v1/completions');
  const choices = r.choices;
  if (!Array.isArray(choices) || choices.length === 0) throw new MalformedReply('/v1/completions: choices');
  const c = record(choices[0], '/v1/completions: choices[0]');
  if (typeof c.text !== 'string') throw new MalformedReply('/v1/completions: choices[0].text');
  const finish = c.finish_reason;
  const stop = c.stop_reason;
  return {
    text: c.text,
    positions: parseLogprobs(c.logprobs, '/v1/completions: logprobs'),
    finishReason: typeof finish === 'string' ? finish : null,
    stopReason: typeof stop === 'string' || typeof stop === 'number' ? stop : null,
  };
}

/**
 * Splits a growing server-sent-events buffer into complete `data:` payloads and the unfinished
 * rest. `[DONE]` is returned as the string `'[DONE]'`; comments and other fields are skipped.
 */
export function splitSse(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  const normal = buffer.replace(/\r\n/g, '\n');
  const parts = normal.split('\n\n');
  const rest = parts.pop() ?? '';
  for (const part of parts) {
    const data = part
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data.length > 0) events.push(data);
  }
  return { events, rest };
}

/** The message of a vLLM (`{object:'error', message}`), OpenAI (`{error:{message}}`) or plain (`{error:'…'}`) error body. */
export function errorMessageOf(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const r = json as { message?: unknown; error?: unknown; detail?: unknown };
  if (typeof r.message === 'string') return r.message;
  if (typeof r.error === 'string') return r.error;
  if (typeof r.error === 'object' && r.error !== null && typeof (r.error as { message?: unknown }).message === 'string') return (r.error as { message: string }).message;
  if (typeof r.detail === 'string') return r.detail;
  return null;
}
