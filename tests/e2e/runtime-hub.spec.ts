/**
 * The Hub path without internet: requests to https://huggingface.co/ (the site's Hub host) are
 * answered by a local mock Hub (tests/mock-hub/server.mjs) that serves the embedded model's files
 * under any repository name. Checks download progress, caching (a second load makes no Hub
 * request), and that a 404 and a truncated model file are reported in plain words.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startMockHub } from '../mock-hub/server.mjs';
import type { MockHub } from '../mock-hub/server.mjs';

const HUB_MODEL = 'HuggingFaceTB/SmolLM2-135M-Instruct';
const golden = JSON.parse(readFileSync(new URL('../golden/lm-notes-tiny.json', import.meta.url), 'utf8')) as {
  cases: { text: string; input_ids: number[]; logprobs: number[] }[];
};

let hub: MockHub;
test.beforeAll(async () => {
  hub = await startMockHub(0);
});
test.afterAll(async () => {
  await hub.close();
});

/** Answers the page's (and its worker's) Hub requests from the mock; records each path. */
async function routeHub(page: Page, mode: 'ok' | '404' | 'truncated', seen: string[]): Promise<void> {
  await page.unroute('https://huggingface.co/**');
  await page.route('https://huggingface.co/**', async (route) => {
    const req = route.request();
    const u = new URL(req.url());
    seen.push(`${req.method()} ${u.pathname}${req.headers()['range'] ? ' (range)' : ''}`);
    const prefix = mode === 'ok' ? '' : `__${mode}/`;
    const response = await route.fetch({ url: `${hub.url}${prefix}${u.pathname.slice(1)}` });
    await route.fulfill({ response });
  });
}

/** Opens the model page on WebAssembly and picks the Hub model. */
async function pickHubModel(page: Page): Promise<ReturnType<Page['locator']>> {
  await page.goto('/model/?backend=wasm');
  const status = page.locator('section.lm-status');
  await status.scrollIntoViewIfNeeded();
  await expect(status).toHaveAttribute('data-hydrated', 'true');
  await status.getByLabel('Model', { exact: true }).selectOption(HUB_MODEL);
  await expect(status).toHaveAttribute('data-model', HUB_MODEL);
  await expect(status).toHaveAttribute('data-phase', 'idle');
  return status;
}

test('a Hub model downloads with progress, is cached, and loads from the cache without any Hub request', async ({ page }) => {
  test.setTimeout(90_000);
  const seen: string[] = [];
  await routeHub(page, 'ok', seen);
  const status = await pickHubModel(page);
  await status.getByRole('button', { name: 'Load model' }).click();
  await expect(status).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 });
  await expect(status).toHaveAttribute('data-origin', 'network');
  await expect(status.getByRole('status')).toContainText('downloaded from the Hugging Face Hub');
  // Per-file progress with byte counts, for the q4 weights picked for WebAssembly.
  const weights = status.locator('li[data-file="onnx/model_q4.onnx"]');
  await expect(weights).toHaveAttribute('data-done', 'true');
  const [value, max] = await weights.locator('progress').evaluate((el: HTMLProgressElement) => [el.value, el.max]);
  expect(max).toBeGreaterThan(1_000_000);
  expect(value).toBe(max);
  expect(seen).toContain(`GET /${HUB_MODEL}/resolve/main/onnx/model_q4.onnx`);
  expect(seen).toContain(`GET /${HUB_MODEL}/resolve/main/tokenizer.json`);

  // The mock serves the embedded model's weights, so the golden numbers must come out.
  const diag = page.locator('section.lm-diag');
  await diag.scrollIntoViewIfNeeded();
  await expect(diag).toHaveAttribute('data-hydrated', 'true');
  const c = golden.cases[1]!;
  await diag.getByLabel('Text to score').fill(c.text);
  await diag.getByRole('button', { name: 'Score' }).click();
  await expect(diag.locator('tbody tr')).toHaveCount(c.logprobs.length, { timeout: 30_000 });
  const lps = await diag.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-logprob'))));
  lps.forEach((lp, i) => expect(Math.abs(lp - c.logprobs[i]!)).toBeLessThanOrEqual(1e-4));

  // A new page (same browser profile): the choice is remembered and the files come from the cache.
  seen.length = 0;
  await page.reload();
  await status.scrollIntoViewIfNeeded();
  await expect(status).toHaveAttribute('data-hydrated', 'true');
  await expect(status).toHaveAttribute('data-model', HUB_MODEL);
  await status.getByRole('button', { name: 'Load model' }).click();
  await expect(status).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 });
  await expect(status).toHaveAttribute('data-origin', 'browser-cache');
  expect(seen, 'Hub requests on the second load').toEqual([]);
});

test('the tokenizer playground shows the chosen Hub model’s own tokens, downloaded from the Hub', async ({ page }) => {
  test.setTimeout(120_000);
  const seen: string[] = [];
  await routeHub(page, 'ok', seen);
  await page.addInitScript((id) => localStorage.setItem('lm-notes:model', id), HUB_MODEL);
  await page.goto('/unit-1/tokenization/?backend=wasm');
  const w = page.getByTestId('tokenizer-playground');
  await w.scrollIntoViewIfNeeded();
  await expect(w).toHaveAttribute('data-hydrated', 'true');
  const column = w.getByRole('checkbox', { name: 'SmolLM2 135M Instruct (Hugging Face Hub) (your chosen model)' });
  await column.check();
  // Nothing is downloaded until the reader asks for it.
  const ask = w.getByRole('button', { name: 'Tokenize with SmolLM2 135M Instruct (Hugging Face Hub)' });
  await expect(ask).toBeVisible();
  expect(seen).toEqual([]);
  await ask.click();
  await w.getByRole('checkbox', { name: 'Show ids' }).check();
  // The mock Hub serves the embedded model's tokenizer, so the golden ids must come out.
  const c = golden.cases[1]!;
  await w.getByLabel('Text to tokenize').fill(c.text);
  const ids = w.locator('.lmw-tok__row[data-tokenizer="model"] .lmw-tok__id');
  await expect(ids).toHaveCount(c.input_ids.length - 1, { timeout: 90_000 });
  expect((await ids.allInnerTexts()).map(Number)).toEqual(c.input_ids.slice(1));
  await expect(w.getByTestId('count-model')).toHaveText(String(c.input_ids.length - 1));
  expect(seen).toContain(`GET /${HUB_MODEL}/resolve/main/tokenizer.json`);
});

test('a figure whose point needs a bigger model offers one in a click, with its size; the choice then applies on every page', async ({ page }) => {
  test.setTimeout(180_000);
  const seen: string[] = [];
  await routeHub(page, 'ok', seen);
  const BIG = 'HuggingFaceTB/SmolLM2-360M-Instruct';
  await page.goto('/unit-1/what-is-a-language-model/?backend=wasm');
  const fig = page.locator('section[data-widget-id="next-token"]');
  const offer = page.locator('.lm-offer[data-offer="offer"]');
  await offer.scrollIntoViewIfNeeded();
  const button = offer.getByRole('button', { name: /^Use SmolLM2 360M Instruct \(Hugging Face Hub\) for every figure \(about \d+ MB to download once\)$/ });
  await expect(button).toBeVisible();
  await button.click();
  // The figure now shows the bigger model's numbers (the mock Hub serves the embedded files under its name).
  await expect(fig.locator('.lmw-model-line')).toContainText('SmolLM2 360M Instruct (Hugging Face Hub)', { timeout: 90_000 });
  await expect(fig).toHaveAttribute('data-live', 'true', { timeout: 90_000 });
  expect(seen).toContain(`GET /${BIG}/resolve/main/onnx/model_q4.onnx`);
  await expect(page.locator('.lm-offer[data-offer="using"]')).toContainText('This figure uses SmolLM2 360M Instruct');
  expect(await page.evaluate(() => localStorage.getItem('lm-notes:model'))).toBe(BIG);
  // Site-wide: another page starts on it; "back" returns every figure to the embedded model.
  await page.goto('/unit-1/sampling/?backend=wasm');
  await page.locator('.lm-offer').scrollIntoViewIfNeeded(); // it hydrates when visible
  const using = page.locator('.lm-offer[data-offer="using"]');
  await expect(using).toContainText('SmolLM2 360M Instruct');
  await using.getByRole('button', { name: 'Back to the embedded model' }).click();
  await expect(page.locator('.lm-offer[data-offer="offer"]')).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('lm-notes:model'))).toBe('lm-notes-tiny');
});

test.describe('Hub errors', () => {
  test.use({ allowConsoleErrors: [/404|Failed to load resource|Could not locate file|protobuf|Can't create a session|failed to load model|An error occurred/i] });

  test('a missing file (404): the figures fall back to the embedded model, with one notice in plain words', async ({ page }) => {
    const seen: string[] = [];
    await routeHub(page, '404', seen);
    const status = await pickHubModel(page);
    await status.getByRole('button', { name: 'Load model' }).click();
    await expect(status).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
    await expect(status).toHaveAttribute('data-model', 'lm-notes-tiny');
    const notice = status.locator('[data-notice-code="model-fallback"]');
    await expect(notice).toHaveCount(1);
    await expect(notice).toContainText('SmolLM2 135M Instruct (Hugging Face Hub) could not be loaded, so every figure uses LM Notes tiny (embedded) instead');
    await expect(notice).toContainText('was not found where the site looked for it');
    expect(seen.length).toBeGreaterThan(0);
    // The failed choice is not kept: the next visit starts on the embedded model.
    expect(await page.evaluate(() => localStorage.getItem('lm-notes:model'))).toBeNull();
  });

  test('a truncated model file is reported as damaged; “try again” downloads it again and the notice goes', async ({ page }) => {
    test.setTimeout(90_000);
    const seen: string[] = [];
    await routeHub(page, 'truncated', seen);
    const status = await pickHubModel(page);
    await status.getByRole('button', { name: 'Load model' }).click();
    await expect(status).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
    await expect(status).toHaveAttribute('data-model', 'lm-notes-tiny');
    await expect(status.locator('[data-notice-code="model-fallback"]')).toContainText('arrived damaged or incomplete');
    // The damaged copy was dropped from the cache: with a healthy Hub the weights download again.
    seen.length = 0;
    await routeHub(page, 'ok', seen);
    await status.getByRole('button', { name: `Try SmolLM2 135M Instruct (Hugging Face Hub) again` }).click();
    await expect(status).toHaveAttribute('data-model', HUB_MODEL);
    await expect(status).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 });
    await expect(status.locator('[data-notice-code="model-fallback"]')).toHaveCount(0);
    expect(seen).toContain(`GET /${HUB_MODEL}/resolve/main/onnx/model_q4.onnx`);
    expect(await page.evaluate(() => localStorage.getItem('lm-notes:model'))).toBe(HUB_MODEL);
  });
});

test.describe('offline with a Hub model chosen', () => {
  // Chromium logs each request the guard blocks; nothing else may reach the console.
  test.use({ allowConsoleErrors: [/Failed to load resource: net::ERR_BLOCKED_BY_CLIENT/] });

  test('every model-backed page still shows live numbers, from the embedded model, with the notice; nothing leaves the machine', async ({ page, offsiteRequests }) => {
    test.setTimeout(240_000);
    await page.addInitScript((id) => {
      if (sessionStorage.getItem('seeded') === null) {
        localStorage.setItem('lm-notes:model', id);
        sessionStorage.setItem('seeded', '1');
      }
    }, HUB_MODEL);
    await page.goto('/unit-1/what-is-a-language-model/?backend=wasm');
    const fig = page.locator('section[data-widget-id="next-token"]');
    await fig.scrollIntoViewIfNeeded();
    await expect(fig).toHaveAttribute('data-hydrated', 'true');
    await fig.locator('input, textarea').first().focus();
    await expect(fig).toHaveAttribute('data-live', 'true', { timeout: 120_000 });
    await expect(fig.locator('.lmw-model-line')).toContainText('LM Notes tiny (embedded)');
    await expect(fig.locator('[data-notice-code="model-fallback"]')).toContainText('SmolLM2 135M Instruct (Hugging Face Hub) could not be loaded');
    // The Hub was tried (and blocked: this machine is offline), nothing reached it.
    expect(offsiteRequests.some((u) => u.startsWith('https://huggingface.co/'))).toBe(true);
    // The next page is on the embedded model from the start: the failed choice was not kept.
    await page.goto('/lm-internals/?backend=wasm');
    const tool = page.locator('section.lmi');
    await expect(tool).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
    await expect(tool).toHaveAttribute('data-model', 'lm-notes-tiny');
    offsiteRequests.length = 0; // the guard's own check: only the first page's blocked Hub requests were expected
  });
});
