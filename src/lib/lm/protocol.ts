/**
 * The typed message protocol between the page (client) and the model worker.
 *
 * The envelope is the shared RPC one (`lib/rpc/protocol`): every request carries a numeric
 * `id`; the worker answers with any number of `progress` replies and then exactly one `result`
 * or `error` reply with the same id. `cancel` stops an
 * earlier request (its reply becomes an error with code `cancelled`). All payloads are plain
 * structured-clone data (no classes, no tensors).
 */
import type { LmErrorCode, LmErrorInfo } from './errors';
import { isRpcReply, isRpcRequest, type AnyRpcRequest, type RpcErrorReply, type RpcProgressReply, type RpcRequest, type RpcResultReply } from '../rpc/protocol';
import type { SamplingSettings } from '../sampling/reshape';
import type { ServerTarget } from './server/servers';

/** A compute backend in the browser; `cpu` is onnxruntime-node (tests, Node scripts); `server` a class server. */
export type Backend = 'webgpu' | 'wasm' | 'cpu' | 'server';

/** What the reader (or a test) asks for: `auto` picks WebGPU when it works, else WebAssembly. */
export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

/** Which model to load and, optionally, a forced backend. */
export interface ModelChoice {
  /** Registry id (see `registry.ts`). */
  id: string;
  /** Backend preference; `auto` when absent. */
  backend?: BackendPreference;
  /** For a class server (`server:{name}` ids): where it is and which model it serves. */
  server?: ServerTarget;
}

/** Input given either as text (tokenized by the model's tokenizer) or as token ids. */
export type TextOrIds = { text: string; ids?: never } | { ids: number[]; text?: never };

/** A chat message for `chatTemplate` (role names as the model's template expects them). */
export interface ChatMessage {
  /** `system`, `user`, `assistant` or `tool`. */
  role: string;
  /** The message text. */
  content: string;
  /** Tool calls made in this (assistant) message, for templates that render them. */
  tool_calls?: ChatToolCall[];
}

/** One tool call inside a chat message, in the common `{type, function}` shape. */
export interface ChatToolCall {
  /** Always `function`. */
  type: 'function';
  /** Which tool, with which arguments. */
  function: {
    /** The tool's name. */
    name: string;
    /** The arguments as a JSON object. */
    arguments: Record<string, unknown>;
  };
}

/** A tool description (JSON schema), passed to chat templates that support tools. */
export type ToolSpec = Record<string, unknown>;

/** One token of a tokenized text. */
export interface TokenPiece {
  /** Token id in the model's vocabulary. */
  id: number;
  /** The vocabulary string (byte-level symbols such as `Ġthe`, or a special token). */
  token: string;
  /**
   * The text this token contributes, byte-accurately: the characters whose first UTF-8 byte
   * lies in this token. Concatenating `text` of all tokens gives back the decoded text. A
   * token holding only the tail bytes of a character split across tokens has `text: ''`.
   */
  text: string;
  /** The raw bytes this token stands for (UTF-8 of the text, possibly a partial character). */
  bytes: number[];
  /** Start of `text` in the decoded text (UTF-16 index). */
  start: number;
  /** End (exclusive) of `text` in the decoded text (UTF-16 index). */
  end: number;
  /** Whether this is a special (control) token such as `<|endoftext|>` or `<|user|>`. */
  special: boolean;
}

/** Result of `tokenize`. */
export interface TokenizeResult {
  /** The ids, exactly as the model sees them (no beginning-of-text token added). */
  ids: number[];
  /** One entry per id. */
  tokens: TokenPiece[];
}

/** One alternative in a distribution: a token and its (natural-log) probability. */
export interface Alternative {
  /** Token id. */
  id: number;
  /** Vocabulary string of the token. */
  token: string;
  /** Text of the token on its own (U+FFFD where it holds only part of a UTF-8 character). */
  text: string;
  /** log p (natural log, nats). */
  logp: number;
}

/** One scored token: how surprised the model was by it, and what it expected instead. */
export interface ScoredToken extends TokenPiece {
  /** log p(token | everything before it), natural log (nats). Always ≤ 0. */
  logprob: number;
  /** The top-k tokens the model expected at this position, most likely first. */
  top: Alternative[];
}

/** How much of an over-long input was cut off before the model saw it. */
export interface Truncation {
  /** Tokens at the start of the text that got no score (dropped, or only used as context). */
  droppedTokens: number;
  /** The model's context window in tokens (what was kept). */
  contextLength: number;
}

/** Result of `score`. */
export interface ScoreResult {
  /** Scored tokens in order (after truncation, the last ones of the text). */
  tokens: ScoredToken[];
  /** Sum of `logprob` over `tokens` (nats). */
  totalLogprob: number;
  /** Set when the text was longer than the context window (see Truncation). */
  truncated: Truncation | null;
  /** Whether the beginning-of-text token was prepended (so the first token got a probability). */
  bosPrepended: boolean;
}

/** One entry of a next-token distribution. */
export interface NextCandidate extends Alternative {
  /** p = exp(logp). */
  p: number;
  /** Whether it is a special token. */
  special: boolean;
}

/** Result of `next`: the model's distribution over the token that comes next. */
export interface NextResult {
  /** The k most likely next tokens, most likely first. */
  top: NextCandidate[];
  /** Probability of every other token together: 1 − Σ top p. */
  otherMass: number;
  /** Number of context tokens the model saw (after truncation), bos included. */
  contextTokens: number;
  /** Set when the context was longer than the window and its start was dropped. */
  truncated: Truncation | null;
}

/** One generated token, streamed as progress and listed in the result. */
export interface GeneratedToken {
  /** 0-based index among the generated tokens. */
  index: number;
  /** Token id. */
  id: number;
  /** Vocabulary string. */
  token: string;
  /** Text it adds to the output (complete UTF-8 characters only; may be `''`). */
  text: string;
  /**
   * Its probability in the distribution it was drawn from (after temperature/top-k/top-p); null
   * when the backend cannot know it (a class server returns only its top alternatives).
   */
  p: number | null;
  /** Its log-probability under the plain model distribution (T = 1, nothing cut), nats. */
  logp: number;
}

/** Why generation stopped. */
export type StopReason = 'eos' | 'stop-string' | 'max-tokens';

/** Result of `generate`. */
export interface GenerateResult {
  /** Generated text (cut just before a stop string when one was hit; special tokens omitted). */
  text: string;
  /** Every generated token, including a final end token. */
  tokens: GeneratedToken[];
  /** Why it stopped. */
  stopReason: StopReason;
  /** Which stop string ended it, when stopReason is `stop-string`. */
  stopString: string | null;
  /** Number of times the context window was slid because the sequence outgrew it. */
  windowSlides: number;
  /** Prompt tokens dropped before the first step because the prompt was too long. */
  promptTruncated: Truncation | null;
}

/** Result of `chatTemplate`. */
export interface ChatTemplateResult {
  /** The conversation rendered by the model's chat template. */
  text: string;
  /** Its token ids (special tokens parsed as such). */
  ids: number[];
}

/** Where the model's files came from on this load. */
export type FileOrigin = 'site' | 'browser-cache' | 'network' | 'disk' | 'server';

/** Result of `load`: what is running and how. */
export interface ModelInfo {
  /** Registry id. */
  modelId: string;
  /** Label for display. */
  label: string;
  /** Backend actually in use. */
  backend: Backend;
  /** Why that backend, in plain words. */
  backendReason: string;
  /** Weights variant in use. */
  dtype: string;
  /** Context window used by this runtime (tokens). */
  contextLength: number;
  /** Vocabulary size (number of logits per position). */
  vocabSize: number;
  /** Beginning-of-text token id prepended when scoring, or null if the model has none. */
  bosId: number | null;
  /** Tokens that end generation (end-of-text, `<|end|>`, …). */
  eosIds: number[];
  /** Where the files came from. */
  origin: FileOrigin;
  /** Wall time of the load, milliseconds. */
  loadMs: number;
  /** Notices for the reader (fell back to WebAssembly, …). */
  notices: LmErrorInfo[];
}

/** Map from request type to its payload (without `id` and `type`). */
export interface RequestPayloads {
  /** Load (or switch to) a model. Loading the model already loaded answers at once. */
  load: { model: ModelChoice };
  /** Split a text into tokens. */
  tokenize: { text: string };
  /** Per-token log-probabilities of a text (one forward pass) and top-k alternatives. */
  score: { input: TextOrIds; topK: number };
  /** The next-token distribution after a text or ids (bos is prepended to text input). */
  next: { input: TextOrIds; k: number };
  /** Sample a continuation; tokens stream as progress. */
  generate: {
    prompt: TextOrIds;
    settings: SamplingSettings;
    seed: number;
    maxTokens: number;
    stop?: string[];
  };
  /** Cancel request `targetId` (no-op if it already finished). */
  cancel: { targetId: number };
  /** Free the model (and the GPU memory). */
  unload: Record<string, never>;
  /** Render a conversation with the model's chat template. */
  chatTemplate: { messages: ChatMessage[]; tools?: ToolSpec[]; addGenerationPrompt: boolean };
}

/** Map from request type to the value of its `result` reply. */
export interface ResultValues {
  /** See ModelInfo. */
  load: ModelInfo;
  /** See TokenizeResult. */
  tokenize: TokenizeResult;
  /** See ScoreResult. */
  score: ScoreResult;
  /** See NextResult. */
  next: NextResult;
  /** See GenerateResult. */
  generate: GenerateResult;
  /** Whether a running or queued request was found and cancelled. */
  cancel: { cancelled: boolean };
  /** Whether a model was loaded before. */
  unload: { unloaded: boolean };
  /** See ChatTemplateResult. */
  chatTemplate: ChatTemplateResult;
}

/** Every request type. */
export type RequestType = keyof RequestPayloads;

/** A request of one type: `{ id, type, ...payload }`. */
export type RequestOf<T extends RequestType> = RpcRequest<RequestPayloads, T>;

/** Any request (a discriminated union on `type`). */
export type LmRequest = AnyRpcRequest<RequestPayloads>;

/** Load stages, in order, reported as progress during `load`. */
export type LoadStage =
  | 'choosing-backend'
  | 'loading-tokenizer'
  | 'loading-model'
  | 'falling-back'
  | 'ready';

/** Progress of one file during `load`. */
export interface FileProgress {
  /** Discriminant. */
  kind: 'file';
  /** File path inside the model folder (`onnx/model.onnx`). */
  file: string;
  /** Bytes received so far. */
  loaded: number;
  /** Total bytes (0 when the server did not say). */
  total: number;
  /** `initiate` (requested), `download` (started), `progress`, `done`. */
  status: 'initiate' | 'download' | 'progress' | 'done';
}

/** A load stage change. */
export interface StageProgress {
  /** Discriminant. */
  kind: 'stage';
  /** The stage entered. */
  stage: LoadStage;
  /** Plain-English description. */
  message: string;
}

/** The backend chosen for this load, with the reason (sent before the model files load). */
export interface BackendProgress {
  /** Discriminant. */
  kind: 'backend';
  /** Backend about to be used. */
  backend: Backend;
  /** Why. */
  reason: string;
}

/** Where files will come from for this load (sent before the files load). */
export interface OriginProgress {
  /** Discriminant. */
  kind: 'origin';
  /** Origin of the files. */
  origin: FileOrigin;
}

/** One generated token (during `generate`). */
export interface TokenProgress {
  /** Discriminant. */
  kind: 'token';
  /** The token. */
  token: GeneratedToken;
}

/** Anything a `progress` reply can carry. */
export type ProgressData = FileProgress | StageProgress | BackendProgress | OriginProgress | TokenProgress;

/** The final successful reply to a request (the shared RPC envelope). */
export type ResultReply<T extends RequestType = RequestType> = RpcResultReply<ResultValues[T]>;

/** The final failed reply to a request. */
export type ErrorReply = RpcErrorReply<LmErrorInfo>;

/** An intermediate reply (any number, before the final one). */
export type ProgressReply = RpcProgressReply<ProgressData>;

/** Any reply from the worker. */
export type LmReply = ResultReply | ErrorReply | ProgressReply;

/** Re-exported so protocol users need one import. */
export type { LmErrorCode, LmErrorInfo, SamplingSettings };

const REQUEST_TYPES: readonly RequestType[] = [
  'load',
  'tokenize',
  'score',
  'next',
  'generate',
  'cancel',
  'unload',
  'chatTemplate',
];

/** Whether a value is a well-formed request envelope (numeric id, known type). */
export function isRequest(value: unknown): value is LmRequest {
  return isRpcRequest<RequestPayloads>(value, REQUEST_TYPES);
}

/** Whether a value is a well-formed reply envelope. */
export function isReply(value: unknown): value is LmReply {
  return isRpcReply(value);
}
