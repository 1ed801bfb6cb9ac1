/**
 * The typed messages between the page and the training worker.
 *
 * The worker holds up to two models at once, one per model kind (its "slots"): the reader's
 * bigram model and their context-averaging model. Requests and replies use the shared RPC
 * envelope (`lib/rpc/protocol`): every request carries a numeric `id` and is answered by
 * exactly one `result` or `error` reply with the same id. While a slot trains, the
 * worker also sends `progress` messages (not tied to a request): the step, the loss in bits per
 * token, new points of the loss curve, the 2-D embedding picture.
 *
 * All payloads are plain structured-clone data.
 */
import { isRpcRequest, type AnyRpcRequest, type RpcErrorInfo, type RpcErrorReply, type RpcRequest, type RpcResultReply } from '../rpc/protocol';
import type { Loop } from './loops';
import type { ModelKind } from './model';
import type { TextScore } from './scoring';
import type { TokenizerKind } from './tokenizers';
import type { TrainingSettings } from './trainer';

/** What to train a slot on, and how. */
export interface TrainConfig {
  /** The training text (the worker bounds it to `MAX_CORPUS_CHARS`). */
  corpusText: string;
  /** A short name of the text for display ("the toy corpus"). */
  corpusLabel: string;
  /** How to split it into tokens. */
  tokenizer: TokenizerKind;
  /** Model and optimizer settings; `settings.model` must equal the slot. */
  settings: TrainingSettings;
  /** Steps of this run: training pauses by itself ("finished") after this many. */
  steps: number;
}

/** Facts about a freshly started model and its corpus. */
export interface ModelSummary {
  /** Which model. */
  model: ModelKind;
  /** Name of the training text. */
  corpusLabel: string;
  /** Tokenizer used. */
  tokenizer: TokenizerKind;
  /** The vocabulary, by id (`<unk>` first). */
  vocab: string[];
  /** Tokens in the (bounded) training text. */
  corpusTokens: number;
  /** Whether the training text was cut to its first `usedLength` characters. */
  truncated: boolean;
  /** Characters in the text as given. */
  originalLength: number;
  /** Characters used. */
  usedLength: number;
  /** Distinct tokens mapped to `<unk>` because the vocabulary was capped. */
  droppedTypes: number;
  /** Number of parameters of the model. */
  parameters: number;
  /** log₂|V|: the loss of a model that guesses uniformly (where training starts). */
  uniformBits: number;
  /** The lowest loss any bigram model can reach on this text (bits per token). */
  bestBigramBits: number;
  /** Settings used. */
  settings: TrainingSettings;
}

/** Where a slot's training stands. */
export type TrainingPhase = 'empty' | 'running' | 'paused' | 'finished';

/** One point of the loss curve: mean batch loss of the steps up to `step`. */
export interface LossPoint {
  /** Steps taken when the point was recorded. */
  step: number;
  /** Mean loss of the steps since the previous point, bits per token. */
  bits: number;
}

/** A token's place in the 2-D embedding picture. */
export interface EmbeddingPoint {
  /** The token. */
  token: string;
  /** Horizontal coordinate. */
  x: number;
  /** Vertical coordinate. */
  y: number;
}

/** A progress report of one slot. */
export interface SlotProgress {
  /** Which slot. */
  slot: ModelKind;
  /** The `run` of the `start` request that created this model. */
  run: number;
  /** Where training stands. */
  phase: TrainingPhase;
  /** Steps taken. */
  step: number;
  /** The step at which this run finishes. */
  targetStep: number;
  /** Mean loss of the latest steps (bits per token); null before the first step. */
  lossBits: number | null;
  /** Points of the loss curve recorded since the previous report. */
  newPoints: LossPoint[];
  /** Every token's place in 2-D (only for small vocabularies), or null. */
  embedding: EmbeddingPoint[] | null;
  /** `raw`: the embeddings are 2-D already (d = 2); `projected`: a principal-component projection. */
  embeddingView: 'raw' | 'projected';
  /** Recent training speed, steps per second (null before it is known). */
  stepsPerSecond: number | null;
}

/** A sampled text. */
export interface SampleResult {
  /** Prompt tokens (unknown ones shown as they were typed). */
  promptTokens: string[];
  /** Generated tokens. */
  tokens: string[];
  /** Prompt and continuation joined into text. */
  text: string;
  /** Prompt tokens the vocabulary did not know (read as `<unk>`). */
  unknownPromptTokens: string[];
  /**
   * Tokens of the sample that were never followed by anything in the training text (the last
   * token of the text, when it occurs only there): a bigram model's column for such a token was
   * never trained, so what it puts after them is an untrained guess.
   */
  neverFollowed: string[];
  /** A cycle that repeats to the end of prompt + continuation (positions in that sequence), or null. */
  loop: Loop | null;
  /** Seed of the draws. */
  seed: number;
  /** Temperature used (0 = greedy). */
  temperature: number;
}

/** The next-token distribution after a text. */
export interface PredictResult {
  /** The context's tokens. */
  contextTokens: string[];
  /** Which of them were unknown (read as `<unk>`). */
  unknown: boolean[];
  /** p(next = v | context) for every id v of the vocabulary. */
  probs: number[];
}

/** Map from request type to its payload (without `id` and `type`). */
export interface TrainRequestPayloads {
  /**
   * Start a fresh model in a slot (replacing what was there) and train it for `config.steps`
   * steps. `run` (chosen by the page) tags this model's progress messages, so late messages of a
   * replaced model can be told apart.
   */
  start: { slot: ModelKind; run: number; config: TrainConfig };
  /** Pause a running slot after its current step. */
  pause: { slot: ModelKind };
  /** Continue a paused slot; a finished one trains `steps` more steps. */
  resume: { slot: ModelKind; steps: number };
  /** Drop a slot's model (no progress message follows). */
  reset: { slot: ModelKind };
  /** Sample from a slot's model. */
  sample: { slot: ModelKind; prompt: string; length: number; temperature: number; seed: number };
  /** Score a held-out text with a slot's model. */
  score: { slot: ModelKind; text: string };
  /** The next-token distribution after a text. */
  predict: { slot: ModelKind; text: string };
}

/** Map from request type to the value of its result. */
export interface TrainResultValues {
  /** See ModelSummary. */
  start: ModelSummary;
  /** Steps taken when it paused. */
  pause: { step: number };
  /** Steps taken and the step at which this run will stop. */
  resume: { step: number; targetStep: number };
  /** Whether there was a model to drop. */
  reset: { reset: boolean };
  /** See SampleResult. */
  sample: SampleResult;
  /** See TextScore. */
  score: TextScore;
  /** See PredictResult. */
  predict: PredictResult;
}

/** Every request type. */
export type TrainRequestType = keyof TrainRequestPayloads;

/** A request of one type: `{ id, type, ...payload }`. */
export type TrainRequestOf<T extends TrainRequestType> = RpcRequest<TrainRequestPayloads, T>;

/** Any request (a discriminated union on `type`). */
export type TrainRequest = AnyRpcRequest<TrainRequestPayloads>;

/** What went wrong with a request. */
export type TrainErrorCode = 'empty-corpus' | 'one-token-corpus' | 'no-model' | 'invalid-request';

/** An error as it travels back to the page: a code and one sentence a reader can act on. */
export type TrainErrorInfo = RpcErrorInfo<TrainErrorCode>;

/** A slot's progress: a worker event, not a reply to a request (it has no id). */
export interface SlotProgressEvent {
  /** Discriminant. */
  type: 'progress';
  /** The report. */
  progress: SlotProgress;
}

/** Any message from the worker: a reply to a request (the shared RPC envelope), or a slot's progress. */
export type TrainReply = RpcResultReply<TrainResultValues[TrainRequestType]> | RpcErrorReply<TrainErrorInfo> | SlotProgressEvent;

const REQUEST_TYPES: readonly TrainRequestType[] = ['start', 'pause', 'resume', 'reset', 'sample', 'score', 'predict'];

/** Whether a value is a well-formed request envelope (numeric id, known type, a slot). */
export function isTrainRequest(value: unknown): value is TrainRequest {
  if (!isRpcRequest<TrainRequestPayloads>(value, REQUEST_TYPES)) return false;
  const slot = (value as { slot?: unknown }).slot;
  return slot === 'bigram' || slot === 'average';
}

/** Whether a message from the worker is a slot's progress report. */
export function isSlotProgressEvent(value: unknown): value is SlotProgressEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; id?: unknown; progress?: unknown };
  return v.type === 'progress' && v.id === undefined && typeof v.progress === 'object' && v.progress !== null;
}
