/**
 * The browser half of the benchmark: bundles bench/browser/ with esbuild, serves it with the
 * embedded model and ONNX Runtime's WebAssembly files from a local static server, opens it in
 * headless Chromium (/usr/bin/chromium, through Playwright) and times forward passes inside a
 * module worker on WebAssembly (CPU) and on WebGPU (SwiftShader, a software GPU: informational).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../scripts/lib/chromium.mjs';
import type { ModelDtype } from '../src/lib/lm/registry';
import type { ForwardReply, ForwardRequest } from './browser/worker';
import type { RunPlan } from './timing';
import { ROOT } from './node-model';

const OUT = `${ROOT}bench/.out/browser/`;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.md': 'text/plain; charset=utf-8',
};
const PAGE = '<!doctype html><meta charset="utf-8"><title>LM Notes forward bench</title><script type="module" src="page.js"></script>';

/** Bundles browser entry points with the same resolve conditions as the site's Vite build. */
export async function bundleForBrowser(entryPoints: Record<string, string>, outdir: string, define?: Record<string, string>): Promise<void> {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['onnxruntime-web-use-extern-wasm', 'module', 'browser'],
    logLevel: 'error',
    ...(define ? { define } : {}),
  });
}

/** Bundles the page and its worker. */
function bundle(): Promise<void> {
  return bundleForBrowser({ page: `${ROOT}bench/browser/page.ts`, worker: `${ROOT}bench/browser/worker.ts` }, OUT);
}

/** Serves /bench/ (the bundle), /models/ and /ort/ (from public/) on localhost:port. */
export function serve(port: number): Promise<Server> {
  const roots: [string, string][] = [
    ['/bench/', OUT],
    ['/models/', `${ROOT}public/models/`],
    ['/ort/', `${ROOT}public/ort/`],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/bench/' || path === '/bench/index.html') {
      res.writeHead(200, { 'content-type': TYPES['.html'] as string }).end(PAGE);
      return;
    }
    for (const [prefix, dir] of roots) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) break;
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
      createReadStream(file).pipe(res);
      return;
    }
    if (process.env.BENCH_DEBUG) process.stderr.write(`  [server] 404 ${path}\n`);
    res.writeHead(404).end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** One browser measurement. */
export interface BrowserRun {
  /** Backend and weights. */
  backend: 'wasm' | 'webgpu';
  dtype: ModelDtype;
  /** The worker's answer. */
  reply: ForwardReply;
}

/** Everything the browser part measured, with the Chromium version. */
export interface BrowserResult {
  /** e.g. `150.0.7871.100`. */
  version: string;
  /** One entry per requested configuration. */
  runs: BrowserRun[];
}

/** Runs the forward benchmark in headless Chromium for each configuration. */
export async function benchBrowser(
  ids: number[],
  configs: { backend: 'wasm' | 'webgpu'; dtype: ModelDtype; plan: RunPlan; timeoutMs: number; decode?: ForwardRequest['decode'] }[],
  port: number,
  executablePath: string,
): Promise<BrowserResult> {
  // The site's own copy step (public/ort/<version>/); imported at run time, not bundled, so it
  // finds the project root from its own location.
  const copier = (await import(pathToFileURL(`${ROOT}scripts/copy-ort-wasm.mjs`).href)) as {
    copyOrtWasm(o: { quiet: boolean }): { version: string };
  };
  const { version: ortVersion } = copier.copyOrtWasm({ quiet: true });
  await bundle();
  const server = await serve(port);
  const browser = await chromium.launch({
    executablePath,
    args: [...chromiumArgs, ...(process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || process.env.BENCH_DEBUG) process.stderr.write(`  [chromium] ${m.text()}\n`);
    });
    await page.goto(`http://127.0.0.1:${port}/bench/`);
    await page.waitForFunction(() => 'runForward' in globalThis);
    const runs: BrowserRun[] = [];
    for (const c of configs) {
      const req: ForwardRequest = { backend: c.backend, dtype: c.dtype, ids, plan: c.plan, ortVersion, ...(c.decode ? { decode: c.decode } : {}) };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const reply = await Promise.race([
        page.evaluate((r) => (globalThis as unknown as { runForward: (r: ForwardRequest) => Promise<ForwardReply> }).runForward(r), req),
        new Promise<ForwardReply>((resolve) => {
          timer = setTimeout(() => resolve({ ok: false, error: `timed out after ${c.timeoutMs / 1000} s` }), c.timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      runs.push({ backend: c.backend, dtype: c.dtype, reply });
      if (!reply.ok) await page.reload(); // a stuck worker: start the next configuration afresh
    }
    return { version: browser.version(), runs };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
