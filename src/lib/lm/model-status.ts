/**
 * The model's status as the page shows it (which model, which backend and why, download
 * progress per file, where the files came from, errors and notices), and pure functions that
 * move it along as load progress and results arrive. The client keeps one in a store.
 */
import type { LmErrorInfo } from './errors';
import type { Backend, FileOrigin, ModelInfo, ProgressData } from './protocol';

/** Where the model is in its life. */
export type ModelPhase = 'idle' | 'loading' | 'ready' | 'error';

/** Download state of one file. */
export interface FileState {
  /** Path inside the model folder (`onnx/model.onnx`). */
  file: string;
  /** Bytes received. */
  loaded: number;
  /** Total bytes (0 if unknown). */
  total: number;
  /** Whether it finished. */
  done: boolean;
}

/** Everything the status panel shows. */
export interface ModelStatus {
  /** Phase. */
  phase: ModelPhase;
  /** Registry id of the model chosen (loaded or to be loaded). */
  modelId: string;
  /** Backend in use or being tried. */
  backend: Backend | null;
  /** Why that backend. */
  backendReason: string | null;
  /** The current load stage, in words. */
  stage: string | null;
  /** Files seen during the load, in order of first appearance. */
  files: FileState[];
  /** Where the files come from. */
  origin: FileOrigin | null;
  /** Details once loaded. */
  info: ModelInfo | null;
  /** The last error (the load failed, or the worker crashed). */
  error: LmErrorInfo | null;
  /** Notices (fell back to WebAssembly, an unknown saved model replaced by the default, …). */
  notices: LmErrorInfo[];
  /** The model that failed to load and was replaced by the embedded one (null: none), for a "try again". */
  fallbackFrom: string | null;
}

/** Status before anything was loaded. */
export function initialStatus(modelId: string, notices: LmErrorInfo[] = [], fallbackFrom: string | null = null): ModelStatus {
  return {
    phase: 'idle',
    modelId,
    backend: null,
    backendReason: null,
    stage: null,
    files: [],
    origin: null,
    info: null,
    error: null,
    notices,
    fallbackFrom,
  };
}

/** A load of `modelId` starts (files and error are cleared, notices kept). */
export function statusLoading(s: ModelStatus, modelId: string): ModelStatus {
  return { ...initialStatus(modelId, s.notices, s.fallbackFrom), phase: 'loading', stage: 'Starting…' };
}

/** Folds one progress event of a load into the status (token events are ignored). */
export function applyProgress(s: ModelStatus, d: ProgressData): ModelStatus {
  switch (d.kind) {
    case 'stage':
      return { ...s, stage: d.message };
    case 'backend':
      return { ...s, backend: d.backend, backendReason: d.reason };
    case 'origin':
      return { ...s, origin: d.origin };
    case 'file': {
      const files = s.files.slice();
      const i = files.findIndex((f) => f.file === d.file);
      const prev = i >= 0 ? files[i] : undefined;
      const next: FileState = {
        file: d.file,
        loaded: d.status === 'progress' ? d.loaded : (prev?.loaded ?? 0),
        // A compressing host's Content-Length counts compressed bytes: never below what arrived.
        total: d.status === 'progress' ? Math.max(d.total, d.loaded) : (prev?.total ?? 0),
        done: d.status === 'done' || (prev?.done ?? false),
      };
      if (d.status === 'done' && next.total > 0) next.loaded = next.total;
      if (i >= 0) files[i] = next;
      else files.push(next);
      return { ...s, files };
    }
    case 'token':
      return s;
  }
}

/** The load finished. */
export function statusReady(s: ModelStatus, info: ModelInfo): ModelStatus {
  // The model that had failed now loaded: its fallback notice is over.
  const recovered = s.fallbackFrom === info.modelId;
  const notices = recovered ? s.notices.filter((n) => n.code !== 'model-fallback') : [...s.notices];
  for (const n of info.notices) if (!notices.some((m) => m.code === n.code && m.message === n.message)) notices.push(n);
  return {
    ...s,
    phase: 'ready',
    modelId: info.modelId,
    backend: info.backend,
    backendReason: info.backendReason,
    origin: info.origin,
    info,
    error: null,
    stage: null,
    notices,
    fallbackFrom: recovered ? null : s.fallbackFrom,
  };
}

/** The chosen model failed to load and `fallbackId` replaces it: one notice saying what failed. */
export function statusFallingBack(s: ModelStatus, failedId: string, notice: LmErrorInfo): ModelStatus {
  return { ...s, notices: [...s.notices.filter((n) => n.code !== 'model-fallback'), notice], fallbackFrom: failedId };
}

/** Something failed (load, or the worker). */
export function statusError(s: ModelStatus, error: LmErrorInfo): ModelStatus {
  return { ...s, phase: 'error', error, stage: null };
}

/** Total bytes received and expected over all files (expected 0 when unknown). */
export function totalBytes(s: ModelStatus): { loaded: number; total: number } {
  let loaded = 0;
  let total = 0;
  for (const f of s.files) {
    loaded += f.loaded;
    total += f.total;
  }
  return { loaded, total };
}

/** What a progress line shows while a model loads. */
export interface LoadProgressView {
  /** `starting` (nothing requested yet), `downloading` (bytes arriving), `setting-up` (all files in). */
  step: 'starting' | 'downloading' | 'setting-up';
  /** The line's words. */
  text: string;
  /** Bytes received, or null for an indeterminate bar (no total known, or nothing left to count). */
  value: number | null;
  /** Bytes expected, or null for an indeterminate bar. */
  max: number | null;
}

/**
 * The truth about a load for a progress bar. Each file's total is at least what arrived (see
 * `applyProgress`: a compressing host's Content-Length is smaller than the bytes read); the sum is at
 * least `expectedBytes` (the registry's size of the model's files), so the bar does not jump
 * back when the weights file appears after the small files. Once every file is in, the bar is
 * indeterminate and says the model is being set up: a full bar that then waits would lie.
 */
export function loadProgress(s: ModelStatus, expectedBytes: number, formatBytes: (n: number) => string): LoadProgressView {
  if (s.files.length === 0) return { step: 'starting', text: s.stage ?? 'Starting…', value: null, max: null };
  const { loaded, total } = totalBytes(s); // applyProgress keeps each file's total ≥ its bytes read
  const max = Math.max(total, expectedBytes);
  if (s.files.every((f) => f.done) && loaded >= expectedBytes) {
    return { step: 'setting-up', text: `Downloaded ${formatBytes(loaded)}; setting the model up…`, value: null, max: null };
  }
  return { step: 'downloading', text: `Downloading ${formatBytes(loaded)} of ${formatBytes(max)}`, value: loaded, max };
}
