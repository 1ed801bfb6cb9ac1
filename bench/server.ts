/**
 * The class-server backend against the in-process engine, in the same run: scoring 256 positions
 * and one next-token distribution, through HTTP to the fake vLLM server (which runs the same
 * embedded model on onnxruntime-node in this process) and straight on the engine. The difference
 * is what the server path adds: JSON over HTTP, the logprob lists, the token texts. A real vLLM
 * server adds its own model time and the network on top.
 */
import { ServerEngine } from '../src/lib/lm/server/server-engine';
import type { LmEngine } from '../src/lib/lm/engine';
import { startFakeVllm } from '../tests/fixtures/vllm/fake-server';
import { timeRuns } from './timing';
import type { RunPlan, Timings } from './timing';

/** Medians of the two operations on each path. */
export interface ServerBench {
  /** Positions scored ([bos] + text tokens). */
  positions: number;
  /** Score with top-10 alternatives: server path, in-process engine. */
  score: { server: Timings; engine: Timings; firstServer: number };
  /** One next-token distribution (top 10): server path, in-process engine. */
  next: { server: Timings; engine: Timings };
  /** Largest |Δ log p| between the two paths' scores (nats). */
  maxDiff: number;
}

/** Runs both paths on the same text (the longest start of `text` that fits the server's window), as the figures send it. */
export async function benchServer(engine: LmEngine, text: string, plan: RunPlan): Promise<ServerBench> {
  const server = await startFakeVllm();
  try {
    const client = await ServerEngine.connect({ target: { url: server.url, model: 'lm-notes-tiny', label: 'fake vLLM' }, pageUrl: null });
    let chars = text.length;
    while (engine.encode(text.slice(0, chars)).length > client.info.contextLength - 1) chars = Math.floor(chars * 0.95);
    const input = { text: text.slice(0, chars) };
    const ids = engine.encode(input.text);
    const t0 = performance.now();
    const a = await client.score(input, 10); // the first one also fills the token-text cache
    const firstServer = performance.now() - t0;
    const b = await engine.score(input, 10);
    let maxDiff = 0;
    a.tokens.forEach((t, i) => (maxDiff = Math.max(maxDiff, Math.abs(t.logprob - (b.tokens[i]?.logprob ?? Number.NaN)))));
    return {
      positions: ids.length + 1,
      score: { server: await timeRuns(() => client.score(input, 10), plan), engine: await timeRuns(() => engine.score(input, 10), plan), firstServer },
      next: {
        // A different context each run, so the engine's KV-cache reuse does not flatter it.
        server: await timeRuns(() => client.next({ ids: ids.slice(0, 100 + Math.floor(Math.random() * 100)) }, 10), plan),
        engine: await timeRuns(() => engine.next({ ids: ids.slice(0, 100 + Math.floor(Math.random() * 100)) }, 10), plan),
      },
      maxDiff,
    };
  } finally {
    await server.close();
  }
}
