/**
 * "Stored in this browser" on the model page, with the mock Hub (tests/mock-hub/server.mjs, which
 * serves the embedded model's files under any repository name) standing in for
 * https://huggingface.co/: a loaded Hub model is listed with the exact bytes the mock served
 * (summed here from the files on disk), removed, and stays removed; several models are listed
 * by name and "Remove all" empties the cache; the section is accessible in light and dark; and a
 * browser without room to keep the model still loads it, with a plain `storage-full` notice.
 *
 * The full cache is a real one: Chromium's DevTools protocol lowers this origin's quota
 * (`Storage.overrideQuotaForOrigin`), so the worker's own `cache.put` fails with a real
 * QuotaExceededError. (An init script that replaces `Cache.prototype.put` would not do: Chromium
 * runs `page.addInitScript` in the page only, not in its workers, and the worker does the caching.)
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startMockHub } from '../mock-hub/server.mjs';
import type { MockHub } from '../mock-hub/server.mjs';

const HUB_MODEL = 'HuggingFaceTB/SmolLM2-135M-Instruct';
const LABEL = 'SmolLM2 135M Instruct (Hugging Face Hub)';
const HUB = 'https://huggingface.co/';
const CACHE = 'transformers-cache';
/** The files the mock Hub serves for every repository. */
const MODEL_DIR = fileURLToPath(new URL('../../public/models/lm-notes-tiny/', import.meta.url));

let hub: MockHub;
test.beforeAll(async () => {
  hub = await startMockHub(0);
});
test.afterAll(async () => {
  await hub.close();
});

/** Answers the page's (and its worker's) Hub requests from the mock. */
async function routeHub(page: Page): Promise<void> {
  await page.route(`${HUB}**`, async (route) => {
    const u = new URL(route.request().url());
    const response = await route.fetch({ url: `${hub.url}${u.pathname.slice(1)}` });
    await route.fulfill({ response });
  });
}

/**
 * The files of `repo` the mock served whole (GET without a range: what transformers.js keeps),
 * each with its size read from disk. The mock answers any `onnx/model*.onnx` with the int8
 * file, as its header says.
 */
function servedFiles(repo: string): Map<string, number> {
  const out = new Map<string, number>();
  const prefix = `/${repo}/resolve/main/`;
  for (const r of hub.log) {
    if (!r.path.startsWith(prefix) || r.method !== 'GET' || r.range !== null || r.mode !== 'ok') continue;
    const file = r.path.slice(prefix.length);
    const onDisk = MODEL_DIR + (/^onnx\/model(_[a-z0-9]+)?\.onnx$/.test(file) ? 'onnx/model_quantized.onnx' : file);
    if (existsSync(onDisk)) out.set(file, statSync(onDisk).size);
  }
  return out;
}

/** "5.7 MB", "232.8 kB", "509 B": what the section shows for a byte count (decimal units). */
function shown(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)} kB`;
  return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;
}

/** The cache keys of `transformers-cache`, read in the page (the Cache API is shared by the origin). */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async (name) => ((await caches.has(name)) ? (await (await caches.open(name)).keys()).map((r) => r.url) : []), CACHE);
}

/** Opens the model page on WebAssembly; returns the status panel and the stored-models section, both hydrated. */
async function openModelPage(page: Page): Promise<{ status: Locator; stored: Locator }> {
  await page.goto('/model/?backend=wasm');
  const status = page.locator('section.lm-status');
  const stored = page.getByRole('region', { name: 'Stored in this browser' });
  await stored.scrollIntoViewIfNeeded();
  await expect(status).toHaveAttribute('data-hydrated', 'true');
  await expect(stored).toHaveAttribute('data-hydrated', 'true');
  await expect(stored).toHaveAttribute('data-state', 'available');
  return { status, stored };
}

/** Picks the Hub model in the status panel and loads it. */
async function loadHubModel(status: Locator): Promise<void> {
  await status.getByLabel('Model', { exact: true }).selectOption(HUB_MODEL);
  await expect(status).toHaveAttribute('data-model', HUB_MODEL);
  await status.getByRole('button', { name: 'Load model' }).click();
  await expect(status).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 });
}

test('before hydration the section says what it will show and that it needs JavaScript', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: testInfo.project.use.baseURL });
  const page = await context.newPage();
  await page.goto('/model/');
  const stored = page.getByRole('region', { name: 'Stored in this browser' });
  await expect(stored).toHaveAttribute('data-state', 'static');
  await expect(stored).toContainText('lists the Hub models your browser keeps for this site');
  await expect(stored).toContainText('It needs JavaScript');
  await expect(stored).toContainText('is not listed: this site serves it');
  await context.close();
});

test('a loaded Hub model is listed with the bytes the Hub served, removed, and stays removed', async ({ page }) => {
  test.setTimeout(120_000);
  await routeHub(page);
  const { status, stored } = await openModelPage(page);
  await expect(stored).toContainText('Nothing is stored');
  await expect(stored.getByTestId('storage-estimate')).toContainText(/This site uses .+ of about .+ the browser allows it\./);

  hub.log.length = 0;
  await loadHubModel(status);
  await expect(status).toHaveAttribute('data-origin', 'network');
  await expect(status.locator('[data-notice-code="storage-full"]')).toHaveCount(0);
  const served = servedFiles(HUB_MODEL);
  expect([...served.keys()].sort()).toContain('onnx/model_q4.onnx');
  const bytes = [...served.values()].reduce((a, b) => a + b, 0);

  // Listed once the load is over (the section reads the cache again when the model is ready).
  const row = stored.getByRole('list', { name: 'Models stored in this browser' }).locator(`li[data-model-id="${HUB_MODEL}"]`);
  await expect(row).toHaveAttribute('data-bytes', String(bytes));
  await expect(row).toHaveAttribute('data-files', String(served.size));
  await expect(row).toContainText(LABEL);
  await expect(row).toContainText(`${served.size} files, ${shown(bytes)}`);
  await expect(row).toContainText('loaded on this page');
  await expect(stored).toHaveAttribute('data-total-bytes', String(bytes));
  // Each file, as the browser stored it.
  await row.locator('summary').click();
  const files = (await row.locator('.lm-stored__files code').allInnerTexts()).map((t) => t.trim());
  expect(files.sort()).toEqual([...served.keys()].sort());
  expect((await cachedUrls(page)).sort()).toEqual([...served.keys()].map((f) => `${HUB}${HUB_MODEL}/resolve/main/${f}`).sort());

  // Remove it: announced, gone from the list and from the browser's cache.
  await stored.getByRole('button', { name: `Remove ${LABEL}` }).click();
  await expect(stored.getByRole('status')).toContainText(`Removed ${LABEL} (${shown(bytes)}).`);
  await expect(stored.getByRole('status')).toContainText('It stays loaded on this page until you reload it');
  await expect(row).toHaveCount(0);
  await expect(stored).toContainText('Nothing is stored');
  await expect(stored).toHaveAttribute('data-total-bytes', '0');
  expect((await cachedUrls(page)).filter((u) => u.includes(HUB_MODEL))).toEqual([]);
  // The model it had loaded still answers on this page.
  await expect(status).toHaveAttribute('data-phase', 'ready');

  await page.reload();
  await stored.scrollIntoViewIfNeeded();
  await expect(stored).toHaveAttribute('data-hydrated', 'true');
  await expect(stored).toHaveAttribute('data-state', 'available');
  await expect(stored).toContainText('Nothing is stored');
  await expect(stored.locator('li[data-model-id]')).toHaveCount(0);
});

test('several stored models are listed by name with their sizes; "Remove all" empties the cache; accessible light and dark', async ({ page }) => {
  await page.goto('/model/');
  // What two earlier visits could have left: SmolLM2's config (with its Content-Length) and
  // Qwen's weights (without one: the size is the body's), plus a file of no Hub repository.
  await page.evaluate(async (name) => {
    const c = await caches.open(name);
    await c.put('https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/resolve/main/config.json', new Response('x'.repeat(814), { headers: { 'content-length': '814' } }));
    await c.put('https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/resolve/main/onnx/model_quantized.onnx', new Response(new Uint8Array(3000)));
    await c.put(`${location.origin}/some/other-file.bin`, new Response(new Uint8Array(42)));
  }, CACHE);
  const { stored } = await openModelPage(page);
  const list = stored.getByRole('list', { name: 'Models stored in this browser' });
  const rows = list.locator(':scope > li');
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-model-id'), e.getAttribute('data-bytes')]))).toEqual([
    ['onnx-community/Qwen2.5-0.5B-Instruct', '3000'],
    [HUB_MODEL, '814'],
    ['(other)', '42'],
  ]);
  await expect(rows.nth(0).locator('.lm-stored__name')).toHaveText('Qwen2.5 0.5B Instruct (Hugging Face Hub)');
  await expect(rows.nth(0).locator('summary')).toHaveText('1 file, 3.0 kB');
  await expect(rows.nth(1).locator('.lm-stored__name')).toHaveText(LABEL);
  await expect(rows.nth(1).locator('summary')).toHaveText('1 file, 814 B');
  await expect(rows.nth(2).locator('.lm-stored__name')).toHaveText('Other files');
  await expect(rows.nth(2).locator('summary')).toHaveText('1 file, 42 B');
  await expect(stored).toContainText('In all: 3.9 kB in 3 files.');
  for (const name of ['Qwen2.5 0.5B Instruct (Hugging Face Hub)', LABEL, 'Other files']) {
    await expect(stored.getByRole('button', { name: `Remove ${name}`, exact: true })).toBeEnabled();
  }

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openModelPage(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await expect(rows).toHaveCount(3);
    const axe = await new AxeBuilder({ page }).include('section.lm-stored').analyze();
    const bad = axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    expect(bad, scheme).toEqual([]);
  }

  await stored.getByRole('button', { name: 'Remove all' }).click();
  await expect(stored.getByRole('status')).toContainText('Removed every stored model (3.9 kB).');
  await expect(rows).toHaveCount(0);
  await expect(stored).toContainText('Nothing is stored');
  expect(await cachedUrls(page)).toEqual([]);
  // The keyboard stays in the section: the button pressed is gone, focus is on its title.
  await expect(stored.locator('.lm-panel__title')).toBeFocused();
});

test('a browser with no room to keep the model still loads it and says it will download again', async ({ page, context }) => {
  test.setTimeout(120_000);
  await routeHub(page);
  await page.goto('/model/?backend=wasm');
  // 1 MB for this origin: the small files (about 240 kB) fit, the 5.5 MB weights do not.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 1_000_000 });
  try {
    const { status, stored } = await openModelPage(page);
    hub.log.length = 0;
    await loadHubModel(status);
    const notice = status.locator('[data-notice-code="storage-full"]');
    await expect(notice).toHaveText(
      'The browser has no room to keep this model, so it will be downloaded again next time. Remove stored models below to make room.',
    );
    const urls = await cachedUrls(page);
    expect(urls.some((u) => u.endsWith('/onnx/model_q4.onnx')), 'weights in the cache').toBe(false);
    await expect(status).toHaveAttribute('data-origin', 'network');
    // The small files did fit and are kept; the section lists them, without the weights.
    const served = servedFiles(HUB_MODEL);
    const kept = [...served.entries()].filter(([f]) => !f.endsWith('.onnx'));
    expect(kept.length).toBeGreaterThan(0);
    expect(urls.sort()).toEqual(kept.map(([f]) => `${HUB}${HUB_MODEL}/resolve/main/${f}`).sort());
    const row = stored.locator(`li[data-model-id="${HUB_MODEL}"]`);
    await expect(row).toHaveAttribute('data-bytes', String(kept.reduce((a, [, b]) => a + b, 0)));
    await expect(row).toHaveAttribute('data-files', String(kept.length));
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
  }
});
