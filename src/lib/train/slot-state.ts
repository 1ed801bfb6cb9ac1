/**
 * What the page knows about one of the worker's model slots, and how a progress message moves
 * it along. Pure functions, so the widgets' state handling can be tested without a worker.
 */
import type { EmbeddingPoint, LossPoint, ModelSummary, SlotProgress, TrainConfig, TrainingPhase } from './protocol';

/** Most loss-curve points kept; beyond it, every other old point is dropped. */
export const MAX_HISTORY_POINTS = 600;

/** Everything a widget shows about a slot. */
export interface SlotState {
  /** The configuration the model was started with (null when empty). */
  config: TrainConfig | null;
  /** The model and corpus facts (null until a start succeeded). */
  summary: ModelSummary | null;
  /** Where training stands. */
  phase: TrainingPhase;
  /** Steps taken. */
  step: number;
  /** Step at which the current run stops. */
  targetStep: number;
  /** Latest mean loss, bits per token. */
  lossBits: number | null;
  /** The loss curve so far. */
  history: LossPoint[];
  /** The latest 2-D embedding picture. */
  embedding: EmbeddingPoint[] | null;
  /** Whether the picture shows raw 2-D embeddings or a projection. */
  embeddingView: 'raw' | 'projected';
  /** Recent training speed. */
  stepsPerSecond: number | null;
  /** A problem to show (the worker crashed), or null. */
  error: string | null;
}

/** A slot with no model. */
export function emptySlotState(): SlotState {
  return {
    config: null,
    summary: null,
    phase: 'empty',
    step: 0,
    targetStep: 0,
    lossBits: null,
    history: [],
    embedding: null,
    embeddingView: 'raw',
    stepsPerSecond: null,
    error: null,
  };
}

/** Keeps at most `max` points: while over, drops every other point of the older half. */
export function thinHistory(points: LossPoint[], max = MAX_HISTORY_POINTS): LossPoint[] {
  let out = points;
  while (out.length > max) {
    const half = Math.floor(out.length / 2);
    out = [...out.slice(0, half).filter((_, i) => i % 2 === 1), ...out.slice(half)];
  }
  return out;
}

/** The state after a progress message (the picture is kept when the message has none). */
export function applySlotProgress(state: SlotState, p: SlotProgress): SlotState {
  return {
    ...state,
    phase: p.phase,
    step: p.step,
    targetStep: p.targetStep,
    lossBits: p.lossBits ?? state.lossBits,
    history: p.newPoints.length > 0 ? thinHistory([...state.history, ...p.newPoints]) : state.history,
    embedding: p.embedding ?? state.embedding,
    embeddingView: p.embeddingView,
    stepsPerSecond: p.stepsPerSecond ?? state.stepsPerSecond,
    error: null,
  };
}
