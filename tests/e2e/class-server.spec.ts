/**
 * A class server in the browser: the fake vLLM server (tests/fixtures/vllm/fake-server.ts) runs
 * the embedded model on onnxruntime-node, so every model-backed figure and the LM internals tool
 * must show the same numbers through it as the in-browser model on the same weights (to 1e-3;
 * a cross-backend consistency check, the golden data being checked elsewhere). Each way a server
 * can fail gives its own plain message while the figures go on with the embedded model.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { test as base, expect } from './fixtures';
import { startFakeVllm } from '../fixtures/vllm/fake-server';
import type { FakeVllm, FakeVllmMode } from '../fixtures/vllm/fake-server';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
const test = base.extend<{}, { vllm: FakeVllm }>({
  // One fake server per Playwright worker; -1: no cap on logprobs, so the figures that ask for
  // the whole distribution get it (a capped server is tested in tests/unit/server-engine.test.ts).
  vllm: [
    // Playwright reads the fixtures a fixture needs from its first parameter: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startFakeVllm({ maxLogprobs: -1 });
      await use(server);
      await server.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

const LOAD_MS = 180_000;
test.describe.configure({ timeout: 480_000 });

/** Notes pages with model-backed figures (their static HTML marks them with data-live / data-source). */
const FIGURE_PAGES = readdirSync('dist/unit-1')
  .filter((d) => /data-(live|source)=/.test(readFileSync(`dist/unit-1/${d}/index.html`, 'utf8')))
  .map((d) => `/unit-1/${d}/?backend=wasm`)
  .sort();

/** Makes the reader's model the fake server (as the "Use a class server" form would). */
async function useServer(context: BrowserContext, url: string, model = 'lm-notes-tiny'): Promise<void> {
  await context.addInitScript(
    ([u, m]) => {
      localStorage.setItem('lm-notes:servers', JSON.stringify([{ name: 'reader-1', url: u, model: m, label: 'Fake vLLM' }]));
      localStorage.setItem('lm-notes:model', 'server:reader-1');
    },
    [url, model] as const,
  );
}

/** Every numeric data attribute a figure exposes for tests, in document order. */
const NUMERIC = ['data-p', 'data-bits', 'data-logprob', 'data-total-bits', 'data-total-logprob', 'data-perplexity', 'data-entropy', 'data-bits-per-token', 'data-bits-per-char', 'data-other-mass', 'data-bits-a', 'data-bits-b', 'data-bits-difference', 'data-token-id', 'data-id'];

async function numbersOf(scope: Locator): Promise<{ name: string; value: number }[]> {
  return scope.evaluate((el, names) => {
    const out: { name: string; value: number }[] = [];
    for (const e of [el, ...Array.from(el.querySelectorAll('*'))]) {
      for (const n of names) {
        const v = e.getAttribute(n);
        if (v !== null && v !== '' && Number.isFinite(Number(v))) out.push({ name: n, value: Number(v) });
      }
    }
    return out;
  }, NUMERIC);
}

/** Uses every model-backed figure of the page and returns their live numbers, figure by figure. */
async function liveFigures(page: Page, url: string): Promise<{ name: string; value: number }[][]> {
  await page.goto(url);
  const figs = page.locator('[data-live], [data-source]');
  const n = await figs.count();
  expect(n, `model-backed figures on ${url}`).toBeGreaterThan(0);
  const out: { name: string; value: number }[][] = [];
  for (let i = 0; i < n; i++) {
    const f = figs.nth(i);
    const attr = (await f.getAttribute('data-live')) !== null ? 'data-live' : 'data-source';
    const live = attr === 'data-live' ? 'true' : 'live';
    await f.scrollIntoViewIfNeeded();
    await expect(async () => {
      // Focus starts the model; figures that score a text go live when the text is edited.
      const box = f.locator('textarea, input').first();
      await box.focus();
      if ((await f.getAttribute(attr)) !== live && (await box.evaluate((e) => e.tagName === 'TEXTAREA' || (e as HTMLInputElement).type === 'text'))) {
        const text = await box.inputValue();
        await box.fill(`${text} again`);
        await box.fill(text);
      }
      await expect(f).toHaveAttribute(attr, live, { timeout: 15_000 });
    }).toPass({ timeout: LOAD_MS });
    await expect(f).toHaveAttribute('data-busy', 'false', { timeout: LOAD_MS });
    out.push(await numbersOf(f));
  }
  return out;
}

/** Same ids and counts; every number within 1e-3. */
function expectSame(server: { name: string; value: number }[][], local: { name: string; value: number }[][], where: string): void {
  expect(server.length, where).toBe(local.length);
  server.forEach((fig, i) => {
    const ref = local[i]!;
    expect(fig.map((x) => x.name), `${where} figure ${i}`).toEqual(ref.map((x) => x.name));
    fig.forEach((x, j) => expect(Math.abs(x.value - ref[j]!.value), `${where} figure ${i} ${x.name} #${j}`).toBeLessThanOrEqual(1e-3));
  });
}

for (const url of FIGURE_PAGES) {
  test(`every figure on ${url.replace('?backend=wasm', '')} shows the in-browser model’s numbers through the class server`, async ({ browser, vllm }) => {
    const localCtx = await browser.newContext();
    const local = await liveFigures(await localCtx.newPage(), url);
    await localCtx.close();

    const ctx = await browser.newContext();
    await useServer(ctx, vllm.url);
    const page = await ctx.newPage();
    const before = vllm.log.length;
    const viaServer = await liveFigures(page, url);
    expect(vllm.log.length).toBeGreaterThan(before);
    await expect(page.locator('.lmw-model-line').first()).toContainText('Fake vLLM (class server) · the class server');
    expectSame(viaServer, local, url);
    await ctx.close();
  });
}

test('the LM internals tool shows the same tokens, log-probabilities and next-token table through the class server', async ({ browser, vllm }) => {
  const read = async (ctx: BrowserContext): Promise<{ name: string; value: number }[][]> => {
    const page = await ctx.newPage();
    await page.goto('/lm-internals/?backend=wasm');
    const tool = page.locator('section.lmi');
    await expect(tool).toHaveAttribute('data-hydrated', 'true');
    await expect(tool).toHaveAttribute('data-ready', 'true', { timeout: LOAD_MS });
    await expect(tool).toHaveAttribute('data-busy', 'false', { timeout: LOAD_MS });
    return [await numbersOf(tool.locator('.lmi-strip')), await numbersOf(tool.getByTestId('span-stats'))];
  };
  const localCtx = await browser.newContext();
  const local = await read(localCtx);
  await localCtx.close();
  const ctx = await browser.newContext();
  await useServer(ctx, vllm.url);
  const viaServer = await read(ctx);
  expect(vllm.log.some((r) => r.path === '/tokenize' && typeof (r.body as { messages?: unknown } | undefined)?.messages === 'object')).toBe(true);
  expectSame(viaServer, local, 'LM internals');
  await ctx.close();
});

test.describe('a class server that fails', () => {
  test.use({ allowConsoleErrors: [/Failed to load resource|CORS|Access-Control|ERR_CONNECTION_REFUSED|net::ERR/i] });

  const PAGE = '/unit-1/what-is-a-language-model/?backend=wasm';
  const cases: { name: string; mode?: FakeVllmMode; url?: string; model?: string; says: RegExp }[] = [
    { name: 'unreachable', url: 'http://127.0.0.1:9', says: /could not be reached/ },
    { name: 'CORS refused', mode: 'no-cors', says: /--allowed-origins/ },
    { name: '401', mode: 'unauthorized', says: /API key/ },
    { name: '429', mode: 'rate-limited', says: /busy/ },
    { name: '5xx', mode: 'server-error', says: /ran into an error \(500\)/ },
    { name: 'malformed reply', mode: 'malformed', says: /not in the expected form|not JSON|could not read/ },
    { name: 'unknown model', model: 'no-such-model', says: /does not serve a model called “no-such-model”/ },
  ];
  for (const c of cases) {
    test(`${c.name}: one plain notice, and the figure works on the embedded model`, async ({ browser, vllm }) => {
      const ctx = await browser.newContext();
      await useServer(ctx, c.url ?? vllm.url, c.model);
      vllm.setMode(c.mode ?? 'ok');
      try {
        const page = await ctx.newPage();
        await page.goto(PAGE);
        const fig = page.locator('section[data-widget-id="next-token"]');
        await fig.scrollIntoViewIfNeeded();
        await expect(fig).toHaveAttribute('data-hydrated', 'true', { timeout: LOAD_MS });
        await fig.locator('textarea, input').first().focus();
        await expect(fig).toHaveAttribute('data-live', 'true', { timeout: LOAD_MS });
        const notice = fig.locator('[data-notice-code="model-fallback"]');
        await expect(notice).toContainText('Fake vLLM (class server) could not be loaded');
        expect(await notice.getAttribute('title')).toMatch(c.says);
        await expect(fig.locator('.lmw-model-line')).toContainText('LM Notes tiny');
        // The failed choice is not kept for the next visit.
        expect(await page.evaluate(() => localStorage.getItem('lm-notes:model'))).toBeNull();
      } finally {
        vllm.setMode('ok');
        await ctx.close();
      }
    });
  }
});

test('the model page adds a class server by its address, uses it, and removes it', async ({ page, vllm }) => {
  await page.goto('/model/?backend=wasm');
  const panel = page.getByRole('region', { name: 'Model status' });
  await expect(panel).toHaveAttribute('data-hydrated', 'true');
  await panel.getByText('Use a class server').click();
  await panel.getByLabel('Address').fill(vllm.url);
  await panel.getByLabel('Model id').fill('lm-notes-tiny');
  await panel.getByLabel('Name (optional)').fill('Our GPU');
  await panel.getByRole('button', { name: 'Add and use' }).click();
  await expect(panel).toHaveAttribute('data-phase', 'ready', { timeout: LOAD_MS });
  await expect(panel).toHaveAttribute('data-backend', 'server');
  await expect(panel.getByRole('status')).toContainText('Our GPU (class server) is ready on the class server');
  await page.reload();
  await expect(panel.getByRole('combobox', { name: 'Model' })).toHaveValue('server:reader-1');
  await panel.getByText('Use a class server').click();
  await panel.getByRole('button', { name: 'Remove Our GPU' }).click();
  await expect(panel.getByRole('combobox', { name: 'Model' })).toHaveValue('lm-notes-tiny');
  expect(await page.evaluate(() => localStorage.getItem('lm-notes:servers'))).toBe('[]');
});
