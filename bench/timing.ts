/** Timing helpers for the benchmark (not pure: they read the clock). */
import { median } from '../src/lib/bench/median';

/** How many times to run something. */
export interface RunPlan {
  /** Untimed runs first (JIT, ONNX Runtime's first-run allocations). */
  warmup: number;
  /** Timed runs. */
  runs: number;
  /** Stop adding timed runs after this many milliseconds (at least one run is always timed). */
  budgetMs?: number;
}

/** Timings of the runs of `fn` in milliseconds, and their median. */
export interface Timings {
  /** Every timed run, in order. */
  ms: number[];
  /** Median of `ms`. */
  median: number;
}

/** Runs `fn` `warmup` times untimed, then up to `runs` times timed; returns the timings. */
export async function timeRuns(fn: () => unknown, plan: RunPlan): Promise<Timings> {
  for (let i = 0; i < plan.warmup; i++) await fn();
  const ms: number[] = [];
  const start = performance.now();
  for (let i = 0; i < plan.runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
    if (plan.budgetMs !== undefined && performance.now() - start > plan.budgetMs) break;
  }
  return { ms, median: median(ms) };
}
