/**
 * The page side of the training worker. One `TrainingClient` per page (see `getTrainingClient`)
 * owns one worker, started on the first request, and is shared by every training widget on the
 * page: the trainer and the comparison table see the same models.
 *
 * - requests are matched to replies by id;
 * - each slot's state (phase, step, loss curve, embedding picture) is kept in a store that
 *   widgets subscribe to;
 * - progress of a model that was since replaced or reset is ignored (matched by `run`);
 * - if the worker dies, pending requests reject with `worker-crashed`, the slots show the
 *   problem, and the next request starts a fresh worker.
 */
import { createStore, type Store } from '../lm/store';
import type { ModelKind } from './model';
import { isTrainReply } from './protocol';
import type { TrainConfig, TrainErrorCode, TrainReply, TrainRequestPayloads, TrainRequestType, TrainResultValues } from './protocol';
import { applySlotProgress, emptySlotState, type SlotState } from './slot-state';

/** What the client needs from a Worker (a real one, or a fake in tests). */
export interface TrainWorkerLike {
  /** Sends a message to the worker. */
  postMessage(message: unknown): void;
  /** Stops the worker. */
  terminate(): void;
  /** Listens for replies (`message`) and for the worker dying (`error`, `messageerror`). */
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (ev: { data?: unknown; message?: string }) => void): void;
}

/** A failed training request. */
export class TrainError extends Error {
  /** Which problem: a protocol error code, or `worker-crashed`. */
  readonly code: TrainErrorCode | 'worker-crashed';

  /** An error with a code and a plain-English message. */
  constructor(code: TrainErrorCode | 'worker-crashed', message: string) {
    super(message);
    this.name = 'TrainError';
    this.code = code;
  }
}

const CRASH_MESSAGE = 'The background worker that trains the models stopped unexpectedly, and its models are lost. Train again to start a fresh one.';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: TrainError) => void;
}

/** Typed access to the training worker, and the state of its slots. */
export class TrainingClient {
  /** Each slot's state, for widgets to subscribe to. */
  readonly slots: Readonly<Record<ModelKind, Store<SlotState>>> = {
    bigram: createStore(emptySlotState()),
    average: createStore(emptySlotState()),
  };
  private worker: TrainWorkerLike | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The run whose progress each slot accepts (−1: none). */
  private readonly currentRun: Record<ModelKind, number> = { bigram: -1, average: -1 };

  /** A client; the worker starts on the first request. */
  constructor(private readonly createWorker: () => TrainWorkerLike) {}

  private ensureWorker(): TrainWorkerLike {
    if (this.worker) return this.worker;
    const w = this.createWorker();
    this.worker = w;
    w.addEventListener('message', (ev) => {
      if (w === this.worker) this.onReply(ev.data);
    });
    w.addEventListener('error', (ev) => this.onCrash(w, ev.message));
    w.addEventListener('messageerror', () => this.onCrash(w, 'a message could not be read'));
    return w;
  }

  private onReply(data: unknown): void {
    if (!isTrainReply(data)) return;
    const reply = data as TrainReply;
    if (reply.type === 'progress') {
      const p = reply.progress;
      if (p.run !== this.currentRun[p.slot]) return; // a replaced or reset model
      this.slots[p.slot].update((s) => applySlotProgress(s, p));
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.type === 'result') pending.resolve(reply.value);
    else pending.reject(new TrainError(reply.error.code, reply.error.message));
  }

  private onCrash(w: TrainWorkerLike, detail: string | undefined): void {
    if (w !== this.worker) return;
    this.worker = null;
    try {
      w.terminate();
    } catch {
      // already gone
    }
    const message = detail ? `${CRASH_MESSAGE} (${detail})` : CRASH_MESSAGE;
    for (const p of this.pending.values()) p.reject(new TrainError('worker-crashed', message));
    this.pending.clear();
    for (const slot of ['bigram', 'average'] as const) {
      this.currentRun[slot] = -1;
      if (this.slots[slot].get().phase !== 'empty') this.slots[slot].set({ ...emptySlotState(), error: message });
    }
  }

  /** Sends a request and resolves with its result. */
  private request<T extends TrainRequestType>(type: T, payload: TrainRequestPayloads[T], id = this.nextId++): Promise<TrainResultValues[T]> {
    const w = this.ensureWorker();
    return new Promise<TrainResultValues[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ ...payload, id, type });
    });
  }

  /**
   * Starts a fresh model in `slot` and trains it for `config.steps` steps. The slot's curve is
   * cleared at once; the summary arrives with the result. Rejects (`empty-corpus`, …) for a text
   * that cannot be trained on, leaving the slot as it was.
   */
  async start(slot: ModelKind, config: TrainConfig): Promise<TrainResultValues['start']> {
    const run = this.nextId++;
    const previousRun = this.currentRun[slot];
    const previous = this.slots[slot].get();
    this.currentRun[slot] = run;
    this.slots[slot].set({ ...emptySlotState(), config, phase: 'running', targetStep: config.steps });
    try {
      const summary = await this.request('start', { slot, run, config }, run);
      if (this.currentRun[slot] === run) this.slots[slot].update((s) => ({ ...s, summary }));
      return summary;
    } catch (e) {
      if (this.currentRun[slot] === run) {
        // The worker kept the previous model (or had none): show it again.
        this.currentRun[slot] = previousRun;
        this.slots[slot].set(previous);
      }
      throw e;
    }
  }

  /** Pauses a slot after its current step. */
  pause(slot: ModelKind): Promise<TrainResultValues['pause']> {
    return this.request('pause', { slot });
  }

  /** Continues a paused slot; a finished one trains `steps` more. */
  resume(slot: ModelKind, steps: number): Promise<TrainResultValues['resume']> {
    return this.request('resume', { slot, steps });
  }

  /** Drops a slot's model; its state is cleared at once. */
  reset(slot: ModelKind): Promise<TrainResultValues['reset']> {
    this.currentRun[slot] = -1;
    this.slots[slot].set(emptySlotState());
    return this.request('reset', { slot });
  }

  /** Samples from a slot's model. */
  sample(slot: ModelKind, prompt: string, length: number, temperature: number, seed: number): Promise<TrainResultValues['sample']> {
    return this.request('sample', { slot, prompt, length, temperature, seed });
  }

  /** Scores a held-out text with a slot's model. */
  score(slot: ModelKind, text: string): Promise<TrainResultValues['score']> {
    return this.request('score', { slot, text });
  }

  /** The next-token distribution of a slot's model after a text. */
  predict(slot: ModelKind, text: string): Promise<TrainResultValues['predict']> {
    return this.request('predict', { slot, text });
  }

  /** Stops the worker; pending requests reject and every slot is emptied. */
  dispose(): void {
    const w = this.worker;
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new TrainError('worker-crashed', 'The training worker was shut down.'));
    this.pending.clear();
    for (const slot of ['bigram', 'average'] as const) {
      this.currentRun[slot] = -1;
      this.slots[slot].set(emptySlotState());
    }
    w?.terminate();
  }
}

/** The real module worker. */
function createTrainingWorker(): TrainWorkerLike {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'lm-notes-trainer' });
}

const SINGLETON = Symbol.for('lm-notes.training-client');

/** The page's shared training client: every training widget on a page uses the same worker and models. */
export function getTrainingClient(): TrainingClient {
  const g = globalThis as { [SINGLETON]?: TrainingClient };
  const existing = g[SINGLETON];
  if (existing) return existing;
  const client = new TrainingClient(createTrainingWorker);
  g[SINGLETON] = client;
  return client;
}
