/**
 * `npm run bench`: measures the embedded model and the sampling code and prints one table with
 * a PASS/MISS per target. Figures are medians of several runs after warm-up; timings are
 * printed, never asserted (they depend on the machine and on what else it is doing).
 *
 * Environment: BENCH_PORT (local server for the browser part, default 4406), CHROMIUM_PATH
 * (default /usr/bin/chromium), BENCH_CHROMIUM_ARGS (extra flags, space-separated),
 * BENCH_SKIP_BROWSER=1 to leave the browser part out.
 */
import { chromiumPath } from '../scripts/lib/chromium.mjs';
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import { formatMs, formatRatio } from '../src/lib/bench/format';
import { median } from '../src/lib/bench/median';
import { describeTarget, verdict } from '../src/lib/bench/target';
import type { Target } from '../src/lib/bench/target';
import { formatTable } from '../src/lib/bench/text-table';
import { benchBrowser } from './browser';
import { DWELL_MS, benchColdLoad } from './cold-load';
import { pathToFileURL } from 'node:url';
import type { BrowserResult } from './browser';
import { benchDecode, benchForward, benchForwardPlain, benchScoring, loadEngine, loadPlainModel, MODELS_DIR, ROOT, TEXT } from './node-model';
import { benchOrtWebInNode } from './ort-web-node';
import { benchServer } from './server';
import { benchTopK, VOCAB } from './top-k';

const started = performance.now();
const port = Number(process.env.BENCH_PORT ?? 4406);
const skipBrowser = process.env.BENCH_SKIP_BROWSER === '1' || !existsSync(chromiumPath);

/** One table row: what, figure, target, verdict, note. */
type Row = [string, string, string, string, string];
const rows: Row[] = [];
const say = (s: string): void => void process.stderr.write(`${s}\n`);

/** Adds a row; with a target, the verdict of `value` against it. */
function row(what: string, figure: string, note: string, target?: { value: number; t: Target; unit: string }): void {
  rows.push([what, figure, target ? describeTarget(target.t, target.unit) : '', target ? verdict(target.value, target.t) : '', note]);
}

const load0 = loadavg()[0] ?? 0;
say(`Benchmarking on ${cpus().length} cores; load average ${load0.toFixed(1)} at start…`);

// 1 and 2: the model in Node (fp32, then the q8 file as extra rows).
const fp32 = await loadEngine('fp32');
const q8 = await loadEngine('q8');
const textIds = fp32.encode(TEXT);
const scoreIds = textIds.slice(0, fp32.info.contextLength - 1); // [bos] + 255 = 256 positions
const forwardIds = [fp32.info.bosId as number, ...textIds.slice(0, 127)]; // 128 positions
const promptIds = textIds.slice(0, 8);
const NEW_TOKENS = 64;

for (const [name, engine] of [['fp32', fp32], ['q8', q8]] as const) {
  // The forward-per-prefix way is slow (256 forwards of growing length): fp32 only.
  say(`Scoring 256 positions (${name})…`);
  const s = await benchScoring(engine, scoreIds, { warmup: 2, runs: 7 }, { warmup: 0, runs: 3, budgetMs: 6000 }, name === 'fp32');
  row(`Score ${s.positions} positions, one pass: engine.score() (${name})`, `${formatMs(s.score.median)} ms`, `bare forward + read-out ${formatMs(s.onePass.median)} ms`);
  if (s.perPrefix) {
    const speedup = s.perPrefix.median / s.score.median;
    row(`  token by token, a forward per prefix (${name})`, `${formatMs(s.perPrefix.median)} ms`, `one pass is ${formatRatio(speedup)} faster`, {
      value: speedup,
      t: { kind: 'min', limit: 20 },
      unit: '×',
    });
  }
  row(
    `  token by token, KV-cached steps (${name})`,
    `${formatMs(s.perStep.median)} ms`,
    `one pass is ${formatRatio(s.perStep.median / s.score.median)} faster; max |Δ log p| ${s.maxDiff.toExponential(1)} nats`,
  );
}

// 2b: the class-server path (fake vLLM over HTTP) against the engine, same model, same run.
say('Scoring and next-token through the class-server backend (fake vLLM) vs the engine (q8)…');
const sv = await benchServer(q8, TEXT, { warmup: 2, runs: 9 });
row(`Score ${sv.positions} positions, top-10: class server (fake vLLM, q8)`, `${formatMs(sv.score.server.median)} ms`, `engine ${formatMs(sv.score.engine.median)} ms; first call ${formatMs(sv.score.firstServer)} ms (fills the token-text cache); max |Δ log p| ${sv.maxDiff.toExponential(1)} nats`);
row('Next-token top-10, 100–200 tokens of context: class server (fake vLLM, q8)', `${formatMs(sv.next.server.median)} ms`, `engine ${formatMs(sv.next.engine.median)} ms`);

const plain = { fp32: await loadPlainModel('fp32'), q8: await loadPlainModel('q8') };
/** Our loop's greedy decode in Node, ms per token, for the browser rows to compare with. */
const nodeDecodeMs: Record<'fp32' | 'q8', number> = { fp32: Number.NaN, q8: Number.NaN };
for (const [name, engine] of [['fp32', fp32], ['q8', q8]] as const) {
  say(`Generating ${NEW_TOKENS} tokens, ours vs generate() (${name})…`);
  const d = await benchDecode(engine, plain[name], promptIds, NEW_TOKENS, { warmup: 2, runs: name === 'fp32' ? 9 : 5 });
  const ratio = d.ours.median / d.generate.median;
  const perTok = (t: number): string => `${formatMs(t / d.tokens)} ms/token`;
  nodeDecodeMs[name] = d.ours.median / d.tokens;
  row(`Greedy ${d.tokens} tokens: our step loop, engine.generate() (${name})`, perTok(d.ours.median), `${formatMs(d.ours.median)} ms per run`);
  row(
    `Greedy ${d.tokens} tokens: transformers.js model.generate() (${name})`,
    perTok(d.generate.median),
    `ours / generate() = ${formatRatio(ratio)}; same tokens: ${d.same ? 'yes' : 'NO'}`,
    name === 'fp32' ? { value: ratio, t: { kind: 'max', limit: 1.15 }, unit: '× generate()' } : undefined,
  );
}

// 3: top-k over a Gemma-sized vocabulary.
say(`Top-k over ${VOCAB} logits…`);
const tk = await benchTopK([10, 50], { warmup: 5, runs: 21 }, { warmup: 1, runs: 5 });
for (const { k, t } of tk.heap) {
  row(`Top-${k} of ${VOCAB.toLocaleString('en')} logits, heap (top-k.ts)`, `${formatMs(t.median)} ms`, '', { value: t.median, t: { kind: 'max', limit: 2 }, unit: ' ms' });
}
row('  full sort: radix argsort (argsort.ts)', `${formatMs(tk.radix.median)} ms`, tk.agree ? 'same top 50' : 'DIFFERENT top 50');
row('  full sort: Array.sort with a comparator', `${formatMs(tk.comparator.median)} ms`, tk.agree ? 'same top 50' : 'DIFFERENT top 50');

// 4: one forward over 128 positions, native vs in the browser.
say('Forward pass over 128 positions, Node native…');
const native = await benchForward(fp32, forwardIds, { warmup: 3, runs: 15 });
const oneThread = await benchForwardPlain(await loadPlainModel('fp32', 1), forwardIds, { warmup: 3, runs: 15 });
const nativeQ8 = await benchForward(q8, forwardIds, { warmup: 3, runs: 9 });
row('Forward 128 positions, Node onnxruntime-node (fp32)', `${formatMs(native.median)} ms`, 'engine.logitsAll(), ONNX Runtime picks the threads');
row('  same, 1 thread (as WASM here)', `${formatMs(oneThread.median)} ms`, 'intraOpNumThreads 1');
say('Forward pass over 128 positions, onnxruntime-web WASM in Node (diagnostic)…');
const webInNode = await benchOrtWebInNode(`${MODELS_DIR}lm-notes-tiny/onnx/model.onnx`, forwardIds, 4, 4, 64, { warmup: 3, runs: 9, budgetMs: 5000 });
row('  same, onnxruntime-web WASM in Node, 1 thread', `${formatMs(webInNode.median)} ms`, `${formatRatio(webInNode.median / oneThread.median)} native 1-thread; no browser involved`);
row('Forward 128 positions, Node onnxruntime-node (q8)', `${formatMs(nativeQ8.median)} ms`, '');
await fp32.dispose();
await q8.dispose();

let browser: BrowserResult | null = null;
if (skipBrowser) {
  row('Forward 128 positions, Chromium WASM', 'skipped', existsSync(chromiumPath) ? 'BENCH_SKIP_BROWSER=1' : `no browser at ${chromiumPath}`);
} else {
  say('Forward pass over 128 positions in headless Chromium (WASM, then WebGPU on SwiftShader)…');
  browser = await benchBrowser(
    forwardIds,
    [
      // No untimed warm-up on WebAssembly: the first forwards (V8 still compiling ONNX Runtime
      // in the background) are reported apart from the ones after tier-up.
      { backend: 'wasm', dtype: 'fp32', plan: { warmup: 0, runs: 40, budgetMs: 15000 }, timeoutMs: 120_000, decode: { promptIds, newTokens: NEW_TOKENS, plan: { warmup: 2, runs: 7 } } },
      { backend: 'wasm', dtype: 'q8', plan: { warmup: 0, runs: 40, budgetMs: 15000 }, timeoutMs: 120_000, decode: { promptIds, newTokens: NEW_TOKENS, plan: { warmup: 2, runs: 7 } } },
      { backend: 'webgpu', dtype: 'q8', plan: { warmup: 1, runs: 5, budgetMs: 5000 }, timeoutMs: 90_000 },
    ],
    port,
    chromiumPath,
  );
  for (const r of browser.runs) {
    const label = `Forward 128 positions, Chromium ${r.backend === 'wasm' ? 'WASM' : 'WebGPU (SwiftShader)'} (${r.dtype})`;
    if (!r.reply.ok) {
      row(label, 'failed', r.reply.error.slice(0, 120), r.backend === 'wasm' && r.dtype === 'fp32' ? { value: Number.NaN, t: { kind: 'max', limit: 2 }, unit: '× native' } : undefined);
      continue;
    }
    const ms = r.reply.ms;
    // On WebAssembly: the forwards after V8's background tier-up (the last half of the runs).
    const settled = r.backend === 'wasm' && ms.length >= 10 ? ms.slice(Math.floor(ms.length / 2)) : ms;
    const m = median(settled);
    const ref = r.dtype === 'q8' ? nativeQ8.median : native.median;
    const detail = r.backend === 'wasm' ? `${r.reply.threads} thread${r.reply.threads === 1 ? '' : 's'}` : `adapter: ${r.reply.adapter}`;
    const vsOne = r.backend === 'wasm' && r.dtype === 'fp32' ? ` (${formatRatio(m / oneThread.median)} native 1-thread, ${formatRatio(m / webInNode.median)} the same WASM build in Node)` : '';
    const first = r.backend === 'wasm' ? `; first 3 forwards ${ms.slice(0, 3).map((x) => formatMs(x)).join(', ')} ms` : '';
    row(
      `${label}${r.backend === 'wasm' ? ', after tier-up' : ''}`,
      `${formatMs(m)} ms`,
      `${formatRatio(m / ref)} native${vsOne}; ${detail}; model load ${formatMs(r.reply.loadMs)} ms${first}`,
      r.backend === 'wasm' && r.dtype === 'fp32' ? { value: m / ref, t: { kind: 'max', limit: 2 }, unit: '× native' } : undefined,
    );
    const dec = r.reply.decode;
    if (dec && dec.tokens > 0) {
      const perToken = median(dec.ms) / dec.tokens;
      const node = nodeDecodeMs[r.dtype as 'fp32' | 'q8'];
      row(
        `  greedy ${dec.tokens} tokens in Chromium, engine.generate() (${r.dtype})`,
        `${formatMs(perToken)} ms/token`,
        `${formatRatio(perToken / node)} our loop in Node (${formatMs(node)} ms/token, onnxruntime-node)`,
      );
    }
  }
}

// 5: first use of a figure on the built site, cold and warm, against the bare floor.
if (skipBrowser || process.env.BENCH_SKIP_COLD === '1') {
  row('First live number, cold (built site)', 'skipped', skipBrowser ? 'no browser' : 'BENCH_SKIP_COLD=1');
} else if (!existsSync(`${ROOT}dist/index.html`)) {
  row('First live number, cold (built site)', 'skipped', 'dist/ is missing: run `npm run build` first');
} else {
  say('First use of the next-token figure on the built site: cold, warm, floor (20 Mbit/s, then unthrottled)…');
  const copier = (await import(pathToFileURL(`${ROOT}scripts/copy-ort-wasm.mjs`).href)) as { copyOrtWasm(o: { quiet: boolean }): { version: string } };
  const links = [
    { bytesPerSecond: 2_500_000, latencyMs: 20 },
    { bytesPerSecond: null, latencyMs: 0 },
  ];
  const cold = await benchColdLoad({ port: port + 1, executablePath: chromiumPath, runs: Number(process.env.BENCH_COLD_RUNS ?? 3), links, ortVersion: copier.copyOrtWasm({ quiet: true }).version });
  for (const r of cold) {
    const name = r.link.bytesPerSecond ? `${(r.link.bytesPerSecond * 8) / 1e6} Mbit/s + ${r.link.latencyMs} ms` : 'unthrottled';
    const med = (xs: number[]): number => median(xs);
    const coldMs = med(r.cold.map((v) => v.firstNumberMs));
    const mb = med(r.cold.map((v) => v.bytes)) / 1e6;
    row(
      `First live number, cold, ${name}`,
      `${formatMs(coldMs / 1000)} s`,
      `${mb.toFixed(1)} MB sent (gzip host); runs ${r.cold.map((v) => formatMs(v.firstNumberMs / 1000)).join(', ')} s`,
      r.link.bytesPerSecond ? { value: coldMs / 1000, t: { kind: 'max', limit: 12 }, unit: ' s' } : undefined,
    );
    if (r.link.bytesPerSecond) row('  bytes sent before the first live number', `${mb.toFixed(1)} MB`, 'counted by the host after compression', { value: mb, t: { kind: 'max', limit: 10 }, unit: ' MB' });
    const floorMs = med(r.floor.map((f) => f.totalMs));
    const warmMs = med(r.warm.map((v) => v.firstNumberMs));
    row(`  warm revisit (every file cached), ${name}`, `${formatMs(warmMs)} ms`, `${formatRatio(warmMs / floorMs)} the floor; ${r.warm.map((v) => formatMs(v.firstNumberMs)).join(', ')} ms`, {
      value: warmMs / floorMs,
      t: { kind: 'max', limit: 1.5 },
      unit: '× floor',
    });
    const dwellMs = med(r.warmDwell.map((v) => v.firstNumberMs));
    row(
      `  warm revisit, first use ${DWELL_MS / 1000} s after the figure appears, ${name}`,
      `${formatMs(dwellMs)} ms`,
      `the page readies a model it loaded before once a figure is in view; ${r.warmDwell.map((v) => formatMs(v.firstNumberMs)).join(', ')} ms`,
    );
    row(
      `  floor: bare onnxruntime-web session + one forward, ${name}`,
      `${formatMs(floorMs)} ms`,
      `session ${formatMs(med(r.floor.map((f) => f.sessionMs)))} ms, forward ${formatMs(med(r.floor.map((f) => f.forwardMs)))} ms (same profile, files cached)`,
    );
    if (r.warmIsolated.length) {
      row(`  warm revisit with COOP/COEP (threads allowed), ${name}`, `${formatMs(med(r.warmIsolated.map((v) => v.firstNumberMs)))} ms`, 'cross-origin isolated');
    }
    const all = [...r.cold, ...r.warm];
    const longest = Math.max(...all.map((v) => v.longestTaskMs));
    row(
      `  main-thread long tasks during load, ${name}`,
      `${formatMs(med(r.cold.map((v) => v.longTaskMs)))} ms`,
      `sum of tasks > 50 ms, cold (median); longest of any visit ${formatMs(longest)} ms`,
      { value: longest, t: { kind: 'max', limit: 200 }, unit: ' ms longest task' },
    );
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log('');
console.log(`Machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; Chromium ${browser?.version ?? 'not run'}`);
const load1 = loadavg()[0] ?? 0;
const busy = Math.max(load0, load1) > cpus().length;
console.log(
  `Load average (1 min): ${load0.toFixed(1)} at start, ${load1.toFixed(1)} at end${busy ? ' — above the core count: other processes were competing for the CPU, so the figures are noisy' : ''}.`,
);
console.log(`Model: lm-notes-tiny (GPT-2 arch, 4 layers, 256 wide, vocabulary 8,192, context 256); medians of several runs after warm-up.`);
console.log('');
console.log(formatTable(['Measurement', 'Median', 'Target', 'Result', 'Note'], rows, ['left', 'right', 'left', 'left', 'left']));
console.log('');
console.log(`Whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`);
