/**
 * The page side of the training worker. One `TrainingClient` per page (see `getTrainingClient`)
 * owns one worker, started on the first request, and is shared by every training widget on the
 * page: the trainer and the comparison table see the same models.
 *
 * - requests go through the shared RPC layer (`lib/rpc/client`), matched to replies by id;
 * - each slot's state (phase, step, loss curve, embedding picture) is kept in a store that
 *   widgets subscribe to;
 * - progress of a model that was since replaced or reset is ignored (matched by `run`);
 * - if the worker dies, pending requests reject with `worker-crashed`, the slots show the
 *   problem, and the next request starts a fresh worker (the RPC layer's crash recovery).
 */
import { createStore, type Store } from '../lm/store';
import type { ModelKind } from './model';
import { RpcClient, type WorkerLike } from '../rpc/client';
import { RpcError } from '../rpc/protocol';
import { isSlotProgressEvent, type TrainConfig, type TrainErrorCode, type TrainRequestPayloads, type TrainResultValues } from './protocol';
import { applySlotProgress, emptySlotState, type SlotState } from './slot-state';

/** What the client needs from a Worker (a real one, or a fake in tests): the shared RPC layer's. */
export type TrainWorkerLike = WorkerLike;

/** A failed training request: a protocol error code, `worker-crashed` or `cancelled`. */
export class TrainError extends RpcError<TrainErrorCode | 'worker-crashed' | 'cancelled'> {
  /** An error with a code and a plain-English message. */
  constructor(code: TrainErrorCode | 'worker-crashed' | 'cancelled', message: string) {
    super(code, message);
    this.name = 'TrainError';
  }
}

const CRASH_MESSAGE = 'The background worker that trains the models stopped unexpectedly, and its models are lost. Train again to start a fresh one.';

/** Typed access to the training worker, and the state of its slots. */
export class TrainingClient {
  /** Each slot's state, for widgets to subscribe to. */
  readonly slots: Readonly<Record<ModelKind, Store<SlotState>>> = {
    bigram: createStore(emptySlotState()),
    average: createStore(emptySlotState()),
  };
  private readonly rpc: RpcClient<TrainRequestPayloads, TrainResultValues, never, TrainError>;
  /** The run whose progress each slot accepts (−1: none). */
  private readonly currentRun: Record<ModelKind, number> = { bigram: -1, average: -1 };

  /** A client; the worker starts on the first request. */
  constructor(createWorker: () => TrainWorkerLike) {
    this.rpc = new RpcClient({
      createWorker,
      errors: {
        fromReply: (info) => new TrainError(info.code as TrainErrorCode, info.message),
        crashed: (detail) => new TrainError('worker-crashed', detail ? `${CRASH_MESSAGE} (${detail})` : CRASH_MESSAGE),
        cancelled: (message) => new TrainError('cancelled', message),
      },
      // The training worker has no cancel request: its requests answer within one time slice.
      onCrash: (err) => {
        for (const slot of ['bigram', 'average'] as const) {
          this.currentRun[slot] = -1;
          if (this.slots[slot].get().phase !== 'empty') this.slots[slot].set({ ...emptySlotState(), error: err.message });
        }
      },
      onEvent: (data) => {
        if (!isSlotProgressEvent(data)) return;
        const p = data.progress;
        if (p.run !== this.currentRun[p.slot]) return; // a replaced or reset model
        this.slots[p.slot].update((s) => applySlotProgress(s, p));
      },
    });
  }

  /**
   * Starts a fresh model in `slot` and trains it for `config.steps` steps. The slot's curve is
   * cleared at once; the summary arrives with the result. Rejects (`empty-corpus`, …) for a text
   * that cannot be trained on, leaving the slot as it was.
   */
  async start(slot: ModelKind, config: TrainConfig): Promise<TrainResultValues['start']> {
    const run = this.rpc.newId();
    const previousRun = this.currentRun[slot];
    const previous = this.slots[slot].get();
    this.currentRun[slot] = run;
    this.slots[slot].set({ ...emptySlotState(), config, phase: 'running', targetStep: config.steps });
    try {
      const summary = await this.rpc.call('start', { slot, run, config }, { id: run });
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
    return this.rpc.call('pause', { slot });
  }

  /** Continues a paused slot; a finished one trains `steps` more. */
  resume(slot: ModelKind, steps: number): Promise<TrainResultValues['resume']> {
    return this.rpc.call('resume', { slot, steps });
  }

  /** Drops a slot's model; its state is cleared at once. */
  reset(slot: ModelKind): Promise<TrainResultValues['reset']> {
    this.currentRun[slot] = -1;
    this.slots[slot].set(emptySlotState());
    return this.rpc.call('reset', { slot });
  }

  /** Samples from a slot's model. */
  sample(slot: ModelKind, prompt: string, length: number, temperature: number, seed: number): Promise<TrainResultValues['sample']> {
    return this.rpc.call('sample', { slot, prompt, length, temperature, seed });
  }

  /** Scores a held-out text with a slot's model. */
  score(slot: ModelKind, text: string): Promise<TrainResultValues['score']> {
    return this.rpc.call('score', { slot, text });
  }

  /** The next-token distribution of a slot's model after a text. */
  predict(slot: ModelKind, text: string): Promise<TrainResultValues['predict']> {
    return this.rpc.call('predict', { slot, text });
  }

  /** Stops the worker; pending requests reject and every slot is emptied. */
  dispose(): void {
    this.rpc.dispose(new TrainError('worker-crashed', 'The training worker was shut down.'));
    for (const slot of ['bigram', 'average'] as const) {
      this.currentRun[slot] = -1;
      this.slots[slot].set(emptySlotState());
    }
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
