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
import type { BrowserResult } from './browser';
import { benchDecode, benchForward, benchForwardPlain, benchScoring, loadEngine, loadPlainModel, MODELS_DIR, TEXT } from './node-model';
import { benchOrtWebInNode } from './ort-web-node';
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

const plain = { fp32: await loadPlainModel('fp32'), q8: await loadPlainModel('q8') };
for (const [name, engine] of [['fp32', fp32], ['q8', q8]] as const) {
  say(`Generating ${NEW_TOKENS} tokens, ours vs generate() (${name})…`);
  const d = await benchDecode(engine, plain[name], promptIds, NEW_TOKENS, { warmup: 2, runs: name === 'fp32' ? 9 : 5 });
  const ratio = d.ours.median / d.generate.median;
  const perTok = (t: number): string => `${formatMs(t / d.tokens)} ms/token`;
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
      { backend: 'wasm', dtype: 'fp32', plan: { warmup: 4, runs: 15, budgetMs: 8000 }, timeoutMs: 120_000 },
      { backend: 'wasm', dtype: 'q8', plan: { warmup: 2, runs: 9, budgetMs: 5000 }, timeoutMs: 60_000 },
      { backend: 'webgpu', dtype: 'fp32', plan: { warmup: 1, runs: 5, budgetMs: 5000 }, timeoutMs: 30_000 },
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
    const m = median(r.reply.ms);
    const ref = r.dtype === 'q8' ? nativeQ8.median : native.median;
    const detail = r.backend === 'wasm' ? `${r.reply.threads} thread${r.reply.threads === 1 ? '' : 's'}` : `adapter: ${r.reply.adapter}`;
    const vsOne = r.backend === 'wasm' && r.dtype === 'fp32' ? ` (${formatRatio(m / oneThread.median)} native 1-thread)` : '';
    row(label, `${formatMs(m)} ms`, `${formatRatio(m / ref)} native${vsOne}; ${detail}; model load ${formatMs(r.reply.loadMs)} ms`, r.backend === 'wasm' && r.dtype === 'fp32' ? { value: m / ref, t: { kind: 'max', limit: 2 }, unit: '× native' } : undefined);
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
console.log(`Model: lm-notes-tiny (GPT-2 arch, 4 layers, 256 wide, vocabulary 4,096, context 256); medians of several runs after warm-up.`);
console.log('');
console.log(formatTable(['Measurement', 'Median', 'Target', 'Result', 'Note'], rows, ['left', 'right', 'left', 'left', 'left']));
console.log('');
console.log(`Whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`);
