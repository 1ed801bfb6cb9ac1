/**
 * The training worker's brain, without the worker: it keeps one model per slot, answers the
 * requests of `protocol.ts`, and trains the running slots in short slices of time, reporting
 * progress after each slice. Between slices it hands control back (through `host.schedule`),
 * so a `pause` or a `sample` request is handled within one slice (about 40 ms), and the page
 * never waits on training.
 *
 * Everything it needs from its surroundings comes through `SessionHost`, so tests can drive it
 * with a fake clock and a hand-cranked scheduler.
 */
import { softmax } from '../math/softmax';
import { createRng } from '../sampling/prng';
import { bestBigramBits } from './bigram-optimum';
import { boundCorpus, CorpusError, prepareCorpus } from './corpus';
import { generate } from './generate';
import { findLoop } from './loops';
import type { ModelKind } from './model';
import { projectTo2d } from './projection';
import { answerRpc, dispatchRpc, type RpcHandlers } from '../rpc/protocol';
import { isTrainRequest } from './protocol';
import type {
  EmbeddingPoint,
  LossPoint,
  ModelSummary,
  PredictResult,
  SampleResult,
  SlotProgress,
  TrainConfig,
  TrainErrorInfo,
  TrainReply,
  TrainRequestPayloads,
  TrainResultValues,
  TrainingPhase,
} from './protocol';
import { scoreText } from './scoring';
import { joinTokens, tokenize } from './tokenizers';
import { Trainer, type TrainingSettings } from './trainer';
import { decode, encode, UNKNOWN_ID } from './vocabulary';

/** What the session needs from the place it runs in (a worker, or a test). */
export interface SessionHost {
  /** Sends a message to the page. */
  post(reply: TrainReply): void;
  /** Runs `task` later, after any messages that are already waiting (a worker uses setTimeout 0). */
  schedule(task: () => void): void;
  /** A clock in milliseconds. */
  now(): number;
}

/** Tuning of the session. */
export interface SessionOptions {
  /** Milliseconds of training per slice, shared by the running slots (default 40). */
  sliceMs?: number;
  /** Least milliseconds between two embedding pictures of a slot (default 150). */
  embeddingEveryMs?: number;
  /** Largest vocabulary that gets an embedding picture (default 80). */
  maxPictureVocabulary?: number;
  /** About how many loss-curve points one run records (default 300). */
  pointsPerRun?: number;
}

/** A request that could not be carried out, with its protocol error code. */
class RequestError extends Error {
  constructor(
    readonly code: TrainErrorInfo['code'],
    message: string,
  ) {
    super(message);
  }
}

/** The protocol error for what a request threw. */
function toErrorInfo(e: unknown): TrainErrorInfo {
  if (e instanceof RequestError) return { code: e.code, message: e.message };
  if (e instanceof CorpusError) return { code: e.code === 'empty' ? 'empty-corpus' : 'one-token-corpus', message: e.message };
  return { code: 'invalid-request', message: e instanceof Error ? e.message : String(e) };
}

interface Slot {
  run: number;
  trainer: Trainer;
  summary: ModelSummary;
  phase: TrainingPhase;
  targetStep: number;
  pointEvery: number;
  pendingBits: number;
  pendingSteps: number;
  newPoints: LossPoint[];
  lossBits: number | null;
  lastPictureAt: number;
  stepsPerSecond: number | null;
}

const LIMITS = {
  steps: 1_000_000,
  sampleLength: 500,
  temperature: 5,
  dimension: 64,
  batchSize: 1024,
  windowLength: 256,
};

/** Throws an `invalid-request` error unless `x` is a whole number in [lo, hi]. */
function checkWhole(name: string, x: number, lo: number, hi: number): void {
  if (!(Number.isInteger(x) && x >= lo && x <= hi)) throw new RequestError('invalid-request', `${name} must be a whole number from ${lo} to ${hi} (got ${x}).`);
}

/** Checks training settings before a model is built from them. */
function checkSettings(slot: ModelKind, s: TrainingSettings): void {
  if (s.model !== slot) throw new RequestError('invalid-request', `The ${slot} slot cannot train a ${s.model} model.`);
  checkWhole('The embedding dimension d', s.dimension, 1, LIMITS.dimension);
  checkWhole('The batch size', s.batchSize, 1, LIMITS.batchSize);
  checkWhole('The window length', s.windowLength, 2, LIMITS.windowLength);
  checkWhole('The seed', s.seed, 0, 2 ** 32 - 1);
  if (!(Number.isFinite(s.learningRate) && s.learningRate > 0 && s.learningRate <= 100)) {
    throw new RequestError('invalid-request', `The learning rate η must be a number above 0 and at most 100 (got ${s.learningRate}).`);
  }
  if (s.optimizer !== 'adam' && s.optimizer !== 'sgd') throw new RequestError('invalid-request', `Unknown optimizer ${String(s.optimizer)}.`);
}

/** The training worker's logic: slots, requests, and time-sliced training. */
export class TrainingSession {
  private readonly slots = new Map<ModelKind, Slot>();
  private tickPending = false;
  private readonly sliceMs: number;
  private readonly embeddingEveryMs: number;
  private readonly maxPictureVocabulary: number;
  private readonly pointsPerRun: number;

  /** A session with no models, talking through `host`. */
  constructor(
    private readonly host: SessionHost,
    options: SessionOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? 40;
    this.embeddingEveryMs = options.embeddingEveryMs ?? 150;
    this.maxPictureVocabulary = options.maxPictureVocabulary ?? 80;
    this.pointsPerRun = options.pointsPerRun ?? 300;
  }

  /** Handles one message from the page (malformed ones get an `invalid-request` error if they have an id). */
  handle(message: unknown): void {
    if (!isTrainRequest(message)) {
      const id = (message as { id?: unknown } | null)?.id;
      if (typeof id === 'number') this.host.post({ type: 'error', id, error: { code: 'invalid-request', message: 'The training worker received a malformed request.' } });
      return;
    }
    answerRpc(message.id, () => dispatchRpc(this.handlers, message, undefined), (reply) => this.host.post(reply), toErrorInfo);
  }

  /** A copy of a slot's parameters (for tests and debugging), or null if the slot is empty. */
  parameters(slot: ModelKind): Float64Array | null {
    const s = this.slots.get(slot);
    return s ? s.trainer.model.params.slice() : null;
  }

  /** Where a slot's training stands ('empty' if it has no model). */
  phase(slot: ModelKind): TrainingPhase {
    return this.slots.get(slot)?.phase ?? 'empty';
  }

  /** One handler per request kind, each returning that kind's result. */
  private readonly handlers: RpcHandlers<TrainRequestPayloads, TrainResultValues, void> = {
    start: (req) => this.start(req.slot, req.run, req.config),
    pause: (req) => {
      const s = this.need(req.slot);
      if (s.phase === 'running') {
        s.phase = 'paused';
        this.report(req.slot, s, true);
      }
      return { step: s.trainer.step };
    },
    resume: (req) => {
      const s = this.need(req.slot);
      checkWhole('The number of steps', req.steps, 1, LIMITS.steps);
      if (s.phase === 'finished') s.targetStep = s.trainer.step + req.steps;
      if (s.phase !== 'running') {
        s.phase = 'running';
        this.report(req.slot, s, false);
        this.ensureTick();
      }
      return { step: s.trainer.step, targetStep: s.targetStep };
    },
    reset: (req) => ({ reset: this.slots.delete(req.slot) }),
    sample: (req) => this.sample(req.slot, req.prompt, req.length, req.temperature, req.seed),
    score: (req) => {
      // Held-out texts, prompts and contexts are bounded like training texts (first 20,000 characters).
      const s = this.need(req.slot);
      return scoreText(s.trainer.model, s.trainer.corpus.vocab, s.summary.tokenizer, boundCorpus(req.text).text);
    },
    predict: (req) => this.predict(req.slot, req.text),
  };

  /** The slot's state, or a `no-model` error. */
  private need(slot: ModelKind): Slot {
    const s = this.slots.get(slot);
    if (!s) {
      const name = slot === 'bigram' ? 'bigram model' : 'context-averaging model';
      throw new RequestError('no-model', `There is no trained ${name} yet: train one first.`);
    }
    return s;
  }

  private start(slot: ModelKind, run: number, config: TrainConfig): ModelSummary {
    checkSettings(slot, config.settings);
    checkWhole('The number of steps', config.steps, 1, LIMITS.steps);
    const corpus = prepareCorpus(config.corpusText, config.tokenizer);
    const trainer = new Trainer(corpus, { ...config.settings });
    const V = corpus.vocab.tokens.length;
    const summary: ModelSummary = {
      model: slot,
      corpusLabel: config.corpusLabel,
      tokenizer: config.tokenizer,
      vocab: corpus.vocab.tokens.slice(),
      corpusTokens: corpus.ids.length,
      truncated: corpus.truncated,
      originalLength: corpus.originalLength,
      usedLength: corpus.usedLength,
      droppedTypes: corpus.vocab.droppedTypes,
      parameters: trainer.model.params.length,
      uniformBits: Math.log2(V),
      bestBigramBits: bestBigramBits(corpus.ids),
      settings: { ...config.settings },
    };
    const s: Slot = {
      run,
      trainer,
      summary,
      phase: 'running',
      targetStep: config.steps,
      pointEvery: Math.max(1, Math.ceil(config.steps / this.pointsPerRun)),
      pendingBits: 0,
      pendingSteps: 0,
      newPoints: [],
      lossBits: null,
      lastPictureAt: -Infinity,
      stepsPerSecond: null,
    };
    this.slots.set(slot, s);
    this.report(slot, s, true);
    this.ensureTick();
    return summary;
  }

  private sample(slot: ModelKind, prompt: string, length: number, temperature: number, seed: number): SampleResult {
    const s = this.need(slot);
    checkWhole('The sample length', length, 1, LIMITS.sampleLength);
    checkWhole('The seed', seed, 0, 2 ** 32 - 1);
    if (!(Number.isFinite(temperature) && temperature >= 0 && temperature <= LIMITS.temperature)) {
      throw new RequestError('invalid-request', `The temperature T must be a number from 0 to ${LIMITS.temperature} (got ${temperature}).`);
    }
    const { corpus, model } = s.trainer;
    const tokenizer = s.summary.tokenizer;
    let promptTokens = tokenize(boundCorpus(prompt).text, tokenizer);
    if (promptTokens.length === 0) promptTokens = decode(corpus.vocab, [corpus.ids[0] as number]);
    const promptIds = encode(corpus.vocab, promptTokens);
    const generated = generate(model, promptIds, { length, temperature, rng: createRng(seed) });
    const tokens = decode(corpus.vocab, generated);
    const followed = new Set(Array.from(corpus.ids.subarray(0, corpus.ids.length - 1)));
    const sampled = [...promptIds, ...generated.slice(0, -1)]; // tokens after which the model chose a token
    const neverFollowed = [...new Set(sampled.filter((id) => id !== UNKNOWN_ID && !followed.has(id)))].map((id) => corpus.vocab.tokens[id] as string);
    return {
      promptTokens,
      tokens,
      text: joinTokens([...promptTokens, ...tokens], tokenizer),
      unknownPromptTokens: promptTokens.filter((_, i) => promptIds[i] === UNKNOWN_ID),
      neverFollowed,
      loop: findLoop([...promptIds, ...generated]),
      seed,
      temperature,
    };
  }

  private predict(slot: ModelKind, text: string): PredictResult {
    const s = this.need(slot);
    const contextTokens = tokenize(boundCorpus(text).text, s.summary.tokenizer);
    if (contextTokens.length === 0) throw new RequestError('invalid-request', 'The context is empty: type at least one token.');
    const ids = encode(s.trainer.corpus.vocab, contextTokens);
    return {
      contextTokens,
      unknown: Array.from(ids, (id) => id === UNKNOWN_ID),
      probs: Array.from(softmax(s.trainer.model.nextLogits(ids))),
    };
  }

  /** Adds one step's loss to the slot's pending loss-curve point. */
  private record(s: Slot, bits: number): void {
    s.pendingBits += bits;
    s.pendingSteps += 1;
    if (s.pendingSteps >= s.pointEvery) this.flushPoint(s);
  }

  /** Turns the pending steps into a loss-curve point. */
  private flushPoint(s: Slot): void {
    if (s.pendingSteps === 0) return;
    const bits = s.pendingBits / s.pendingSteps;
    s.newPoints.push({ step: s.trainer.step, bits });
    s.lossBits = bits;
    s.pendingBits = 0;
    s.pendingSteps = 0;
  }

  /** Every token's place in 2-D (small vocabularies only; `<unk>` left out). */
  private picture(s: Slot): EmbeddingPoint[] | null {
    const V = s.summary.vocab.length;
    if (V - 1 > this.maxPictureVocabulary || V < 2) return null;
    const model = s.trainer.model;
    const ids = Array.from({ length: V - 1 }, (_, i) => i + 1);
    const points = projectTo2d(ids.map((id) => model.tokenVector(id)));
    return points.map((p, i) => ({ token: s.summary.vocab[(ids[i] as number)] as string, x: p.x, y: p.y }));
  }

  /** Posts a progress message for a slot (with a new embedding picture when due, or when `forcePicture`). */
  private report(slot: ModelKind, s: Slot, forcePicture: boolean): void {
    if (s.phase !== 'running') this.flushPoint(s);
    const now = this.host.now();
    let embedding: EmbeddingPoint[] | null = null;
    if (forcePicture || now - s.lastPictureAt >= this.embeddingEveryMs) {
      embedding = this.picture(s);
      s.lastPictureAt = now;
    }
    const progress: SlotProgress = {
      slot,
      run: s.run,
      phase: s.phase,
      step: s.trainer.step,
      targetStep: s.targetStep,
      lossBits: s.lossBits,
      newPoints: s.newPoints,
      embedding,
      embeddingView: s.trainer.model.kind === 'average' && s.trainer.model.dimension === 2 ? 'raw' : 'projected',
      stepsPerSecond: s.stepsPerSecond,
    };
    s.newPoints = [];
    this.host.post({ type: 'progress', progress });
  }

  /** Schedules a training slice if some slot is running and none is scheduled. */
  private ensureTick(): void {
    if (this.tickPending) return;
    if (![...this.slots.values()].some((s) => s.phase === 'running')) return;
    this.tickPending = true;
    this.host.schedule(() => this.tick());
  }

  /** One slice: each running slot trains for its share of `sliceMs`, then reports. */
  private tick(): void {
    this.tickPending = false;
    const running = [...this.slots.entries()].filter(([, s]) => s.phase === 'running');
    if (running.length === 0) return;
    const share = this.sliceMs / running.length;
    for (const [slot, s] of running) {
      const t0 = this.host.now();
      let steps = 0;
      while (s.trainer.step < s.targetStep) {
        this.record(s, s.trainer.trainStep());
        steps += 1;
        if (this.host.now() - t0 >= share) break;
      }
      const seconds = (this.host.now() - t0) / 1000;
      if (steps > 0 && seconds > 0) {
        const rate = steps / seconds;
        s.stepsPerSecond = s.stepsPerSecond === null ? rate : 0.8 * s.stepsPerSecond + 0.2 * rate;
      }
      const finished = s.trainer.step >= s.targetStep;
      if (finished) s.phase = 'finished';
      this.report(slot, s, finished);
    }
    this.ensureTick();
  }
}
