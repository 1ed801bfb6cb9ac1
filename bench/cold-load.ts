/**
 * First use of a model-backed figure on the built site, as a reader meets it: `dist/` served by
 * a local host that compresses text and `.wasm` (as GitHub Pages and Netlify do) and sends
 * `Cache-Control: max-age=600`, over a link paced at 20 Mbit/s with 20 ms of latency per
 * response (paced in the server, so the worker's downloads are paced too), or unthrottled.
 *
 * - cold: a fresh browser profile opens the first notes page, focuses the next-token figure (its
 *   first use) and waits for live numbers; bytes are counted as the server sent them.
 * - warm revisit: the same profile opens the page again (every file in the HTTP cache), and
 *   once more with the reader's first use 3 s after the figure appeared (the page readies a
 *   model it loaded before as soon as a figure is in view: see src/lib/lm/warm-start.ts).
 * - floor: in that profile, a bare worker creates an ONNX Runtime Web session for the same
 *   model file with the same WebAssembly build and runs one forward pass (bench/browser/floor.ts).
 * - long tasks: main-thread tasks over 50 ms between first use and the first live number.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../scripts/lib/chromium.mjs';
import { bundleForBrowser } from './browser';
import { ROOT } from './node-model';

const DIST = `${ROOT}dist/`;
const FLOOR_OUT = `${ROOT}bench/.out/floor/`;
const PAGE = '/unit-1/what-is-a-language-model/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.onnx': 'application/octet-stream',
};
/** What the host compresses (fonts are compressed already; `.onnx` is served as binary, as-is). */
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.wasm', '.json']);

/** A link: bytes per second shared by all responses, and latency before each response. */
export interface Link {
  /** Bytes per second (null: as fast as the machine goes). */
  bytesPerSecond: number | null;
  /** Milliseconds before each response starts. */
  latencyMs: number;
}

/** The host: static files, gzip, caching headers, a paced link, a byte count. */
class Host {
  private server: Server | null = null;
  private readonly gz = new Map<string, Buffer>();
  /** Bytes sent since the last `resetCount()`. */
  sent = 0;
  /** Send COOP/COEP (cross-origin isolation, so ONNX Runtime may use threads). */
  isolate = false;
  private nextFree = 0;

  constructor(private link: Link) {}

  setLink(link: Link): void {
    this.link = link;
  }

  /** Writes `body` in 16 kB slices, each when the shared link has room for it. */
  private async pace(res: ServerResponse, body: Buffer): Promise<void> {
    const rate = this.link.bytesPerSecond;
    for (let i = 0; i < body.length; i += 16_384) {
      const chunk = body.subarray(i, i + 16_384);
      if (rate) {
        const now = performance.now();
        const start = Math.max(now, this.nextFree);
        this.nextFree = start + (chunk.length / rate) * 1000;
        if (this.nextFree - now > 1) await new Promise((r) => setTimeout(r, this.nextFree - now));
      }
      this.sent += chunk.length;
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  /** Resolves the file for a URL path, or null. */
  private file(path: string): string | null {
    const roots: [string, string][] = [
      ['/__floor/', FLOOR_OUT],
      ['/', DIST],
    ];
    for (const [prefix, dir] of roots) {
      if (!path.startsWith(prefix)) continue;
      let file = normalize(join(dir, path.slice(prefix.length)));
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) return file;
      return null;
    }
    return null;
  }

  start(port: number): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        if (this.link.latencyMs) await new Promise((r) => setTimeout(r, this.link.latencyMs));
        const file = path === '/__floor/' ? join(FLOOR_OUT, 'index.html') : this.file(path);
        if (!file) {
          res.writeHead(404).end();
          return;
        }
        const st = statSync(file);
        const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
        const headers: Record<string, string> = {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'public, max-age=600',
          etag,
        };
        if (this.isolate) {
          headers['cross-origin-opener-policy'] = 'same-origin';
          headers['cross-origin-embedder-policy'] = 'require-corp';
        }
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, headers).end();
          return;
        }
        let body: Buffer;
        if (COMPRESSED.has(extname(file)) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
          body = this.gz.get(file) ?? gzipSync(readFileSync(file), { level: 6 });
          this.gz.set(file, body);
          headers['content-encoding'] = 'gzip';
          headers.vary = 'accept-encoding';
        } else {
          body = readFileSync(file);
        }
        res.writeHead(200, { ...headers, 'content-length': String(body.length) });
        await this.pace(res, body);
      })();
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** One visit: first use → live, bytes sent, main-thread long tasks. */
export interface Visit {
  /** Milliseconds from focusing the figure to its first live number. */
  firstNumberMs: number;
  /** Bytes the host sent from navigation to the first live number. */
  bytes: number;
  /** Sum of main-thread long tasks (> 50 ms) in that span. */
  longTaskMs: number;
  /** The longest of them. */
  longestTaskMs: number;
}

/** The bare floor: session creation + one forward, timed in a worker. */
export interface Floor {
  /** Milliseconds from the request to the first logits (wasm init, model bytes from cache, session, forward). */
  totalMs: number;
  /** Of which: session creation (wasm init included). */
  sessionMs: number;
  /** Of which: the forward pass. */
  forwardMs: number;
}

/** Everything measured for one link. */
export interface ColdLoadResult {
  link: Link;
  cold: Visit[];
  warm: Visit[];
  /** A warm revisit whose first use comes `DWELL_MS` after the figure is on screen. */
  warmDwell: Visit[];
  floor: Floor[];
  /** A warm revisit with COOP/COEP sent (threads allowed). */
  warmIsolated: Visit[];
}

/** Bundles the floor page and worker (bare onnxruntime-web, no transformers.js). */
async function bundleFloor(ortVersion: string, modelPath: string): Promise<void> {
  await bundleForBrowser({ floor: `${ROOT}bench/browser/floor.ts` }, FLOOR_OUT, {
    __ORT_DIR__: JSON.stringify(`/ort/${ortVersion}/`),
    __MODEL__: JSON.stringify(modelPath),
  });
  writeFileSync(
    `${FLOOR_OUT}index.html`,
    `<!doctype html><meta charset="utf-8"><title>floor</title><script type="module">
const w = new Worker('/__floor/floor.js', { type: 'module' });
globalThis.floor = new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); w.onerror = (e) => resolve({ error: e.message }); });
</script>`,
  );
}

const LONGTASKS = `
window.__longtasks = [];
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
} catch {}
`;

/** Floor / warm-revisit pairs per fresh profile. */
const WARM_PAIRS = 2;

/** How long a reader looks at the figure before using it, in the dwell row. */
export const DWELL_MS = 3000;

/**
 * Opens the page in `ctx`, first use of the next-token figure (`dwellMs` after it is hydrated),
 * waits for live numbers.
 */
async function visit(ctx: import('@playwright/test').BrowserContext, host: Host, base: string, dwellMs = 0): Promise<Visit> {
  const page = await ctx.newPage();
  try {
    host.sent = 0;
    await page.goto(`${base}${PAGE}`, { waitUntil: 'load' });
    const fig = page.locator('section[data-widget-id="next-token"]');
    await fig.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('section[data-widget-id="next-token"]')?.getAttribute('data-hydrated') === 'true', null, {
      timeout: 60_000,
    });
    if (dwellMs) await page.waitForTimeout(dwellMs);
    const t0 = await page.evaluate(() => performance.now());
    await fig.locator('textarea, input').first().focus();
    await page.waitForFunction(() => document.querySelector('section[data-widget-id="next-token"]')?.getAttribute('data-live') === 'true', null, {
      timeout: 180_000,
      polling: 20,
    });
    const t1 = await page.evaluate(() => performance.now());
    const tasks = (await page.evaluate(() => (window as unknown as { __longtasks: [number, number][] }).__longtasks)).filter(
      ([start, dur]) => start + dur >= t0 && start <= t1,
    );
    return {
      firstNumberMs: t1 - t0,
      bytes: host.sent,
      longTaskMs: tasks.reduce((s, [, d]) => s + d, 0),
      longestTaskMs: tasks.reduce((m, [, d]) => Math.max(m, d), 0),
    };
  } finally {
    await page.close();
  }
}

/** The bare floor in `ctx` (files already cached). */
async function floor(ctx: import('@playwright/test').BrowserContext, base: string): Promise<Floor> {
  const page = await ctx.newPage();
  try {
    await page.goto(`${base}/__floor/`);
    const r = (await page.evaluate(() => (globalThis as unknown as { floor: Promise<Floor & { error?: string }> }).floor)) as Floor & { error?: string };
    if (r.error) throw new Error(`floor: ${r.error}`);
    return r;
  } finally {
    await page.close();
  }
}

/**
 * Runs `runs` cold visits per link (each in a fresh profile), each followed in the same profile
 * by floor / warm-revisit pairs and one warm revisit with a dwell; then one isolated warm
 * revisit per link.
 */
export async function benchColdLoad(opts: { port: number; executablePath: string; runs: number; links: Link[]; ortVersion: string }): Promise<ColdLoadResult[]> {
  if (!existsSync(`${DIST}index.html`)) throw new Error('dist/ is missing: run `npm run build` first');
  await bundleFloor(opts.ortVersion, process.env.BENCH_FLOOR_MODEL ?? '/models/lm-notes-tiny/onnx/model_quantized.onnx');
  const host = new Host(opts.links[0]!);
  await host.start(opts.port);
  const base = `http://localhost:${opts.port}`;
  const results: ColdLoadResult[] = [];
  try {
    for (const link of opts.links) {
      host.setLink(link);
      const res: ColdLoadResult = { link, cold: [], warm: [], warmDwell: [], floor: [], warmIsolated: [] };
      for (let i = 0; i < opts.runs; i++) {
        const dir = mkdtempSync(join(tmpdir(), 'lm-notes-cold-'));
        const ctx = await chromium.launchPersistentContext(dir, { executablePath: opts.executablePath, args: chromiumArgs });
        try {
          await ctx.addInitScript(LONGTASKS);
          res.cold.push(await visit(ctx, host, base));
          // Warm revisits and floors alternate, floor first: each later page view finds more of
          // ONNX Runtime's compiled WebAssembly in V8's cache, so measuring all floors after all
          // revisits (or before) would favour one side.
          for (let j = 0; j < WARM_PAIRS; j++) {
            res.floor.push(await floor(ctx, base));
            res.warm.push(await visit(ctx, host, base));
          }
          res.warmDwell.push(await visit(ctx, host, base, DWELL_MS));
          if (i === 0) {
            host.isolate = true;
            try {
              await visit(ctx, host, base); // the new headers: documents fetched again once
              res.warmIsolated.push(await visit(ctx, host, base));
            } finally {
              host.isolate = false;
            }
          }
        } finally {
          await ctx.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }
      results.push(res);
    }
  } finally {
    await host.close();
  }
  return results;
}
