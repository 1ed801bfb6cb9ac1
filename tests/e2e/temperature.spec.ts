/**
 * Temperature / top-k / top-p figure on the sampling page: the static (no-JS) and live numbers
 * equal an independent computation (p^(1/T) renormalised, cut, renormalised again, written out
 * in this test) applied to the model's probabilities from the engine on onnxruntime-node (a
 * cross-backend consistency check of the model's numbers) to 1e-3; T = 0 always gives the argmax; a seed replays the same
 * draws after reload; sliders work by keyboard and mouse; hostile prompts; URL state; axe.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { nodeNext } from './node-engine';

const PAGE = '/unit-1/sampling/?backend=wasm';
const TOL = 1e-3;
const LOAD_MS = 180_000;
test.describe.configure({ timeout: 420_000 });

/** Independent reference: top rows before / at T / after for the settings, from plain probabilities. */
function reference(ps: number[], T: number, k: number, pTop: number) {
  if (T === 0) return { atT: ps.map((_, i) => (i === 0 ? 1 : 0)), after: ps.map((_, i) => (i === 0 ? 1 : 0)), keptCount: 1, keptMass: 1 };
  const w = ps.map((p) => p ** (1 / T));
  const sw = w.reduce((a, b) => a + b, 0);
  const atT = w.map((x) => x / sw);
  const kk = k > 0 ? k : atT.length;
  const cand = atT.slice(0, kk);
  const sc = cand.reduce((a, b) => a + b, 0);
  let keep = 0;
  let acc = 0;
  while (keep < cand.length && acc < pTop * sc) acc += cand[keep++]!;
  if (pTop >= 1) keep = cand.length;
  const mass = cand.slice(0, keep).reduce((a, b) => a + b, 0);
  return { atT, after: atT.map((x, i) => (i < keep ? x / mass : 0)), keptCount: keep, keptMass: mass };
}

type Row = { id: number; before: number; atT: number; after: number; observed: number; expected: number };
async function rows(w: Locator): Promise<Row[]> {
  return w.locator('tbody tr[data-token-id]').evaluateAll((trs) =>
    trs.map((tr) => ({
      id: Number(tr.getAttribute('data-token-id')),
      before: Number(tr.getAttribute('data-before')),
      atT: Number(tr.getAttribute('data-at-t')),
      after: Number(tr.getAttribute('data-after')),
      observed: Number(tr.getAttribute('data-observed')),
      expected: Number(tr.getAttribute('data-expected')),
    })),
  );
}

async function checkAgainstReference(w: Locator, T: number, k: number, p: number): Promise<void> {
  const full = await nodeNext('The cat sat on the');
  const ps = full.top.map((c) => c.p);
  const ref = reference(ps, T, k, p);
  const r = await rows(w);
  expect(r.length).toBe(10);
  r.forEach((row, i) => {
    expect(row.id).toBe(full.top[i]!.id);
    expect(Math.abs(row.before - ps[i]!)).toBeLessThan(TOL);
    expect(Math.abs(row.atT - ref.atT[i]!)).toBeLessThan(TOL);
    expect(Math.abs(row.after - ref.after[i]!)).toBeLessThan(TOL);
  });
  expect(Number(await w.getAttribute('data-kept-count'))).toBe(ref.keptCount);
  expect(Math.abs(Number(await w.getAttribute('data-kept-mass')) - ref.keptMass)).toBeLessThan(TOL);
}

const widgetOf = (page: Page, id: string) => page.locator(`section[data-widget-id="${id}"]`);

async function live(w: Locator): Promise<void> {
  await w.scrollIntoViewIfNeeded();
  await expect(w).toHaveAttribute('data-hydrated', 'true');
  await w.locator('textarea, input').first().focus(); // the model loads on first use
  await expect(w).toHaveAttribute('data-live', 'true', { timeout: LOAD_MS });
  await expect(w).toHaveAttribute('data-busy', 'false', { timeout: LOAD_MS });
}

test('static (no-JS) = independent formula = live; T = 0 is the argmax; keyboard and mouse; seed replays after reload; axe light', async ({ browser, page }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const sp = await ctx.newPage();
  await sp.goto(PAGE);
  const s1 = widgetOf(sp, 'temperature');
  const s2 = widgetOf(sp, 'temperature-cut');
  await expect(s1.locator('.lmw-static-note')).toBeVisible();
  await checkAgainstReference(s1, 0.7, 0, 1);
  await checkAgainstReference(s2, 1, 3, 0.9);
  await expect(s2.locator('.tp-explain')).toContainText('divided by');
  const static1 = await rows(s1);
  const static2 = await rows(s2);
  await ctx.close();

  await page.goto(PAGE);
  const w = widgetOf(page, 'temperature');
  await live(w);
  const l1 = await rows(w);
  l1.forEach((r, i) => {
    expect(r.id).toBe(static1[i]!.id);
    for (const key of ['before', 'atT', 'after'] as const) expect(Math.abs(r[key] - static1[i]![key])).toBeLessThan(1e-4);
    expect(r.observed).toBe(static1[i]!.observed); // same seed, same draws
  });
  const w2 = widgetOf(page, 'temperature-cut');
  await live(w2);
  (await rows(w2)).forEach((r, i) => expect(Math.abs(r.after - static2[i]!.after)).toBeLessThan(1e-4));
  await expect(w2.locator('.tp-explain')).toHaveText(/Kept 3 tokens with mass 0\.0\d{3} at T = 1 → each kept probability is divided by 0\.0\d{3}\./);

  // Keyboard: the temperature slider to 0 (Home) → greedy, argmax gets everything, for any seed.
  const tSlider = w.getByRole('slider', { name: /Temperature/ });
  await tSlider.focus();
  await page.keyboard.press('Home');
  await expect(w.locator('.tp-explain')).toContainText('T = 0 is greedy decoding');
  await checkAgainstReference(w, 0, 0, 1);
  for (const seed of ['3', '99', '123456']) {
    await w.getByLabel('Seed').fill(seed);
    const r = await rows(w);
    expect(r[0]!.after).toBe(1);
    expect(r[0]!.observed).toBe(200);
    expect(r.slice(1).every((x) => x.observed === 0)).toBe(true);
  }
  // Arrow keys step T; top-k and top-p by keyboard too.
  await tSlider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect(tSlider).toHaveValue('0.5');
  await w.getByRole('slider', { name: /Top-k/ }).focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await w.getByRole('slider', { name: /Top-p/ }).focus();
  await page.keyboard.press('End');
  await checkAgainstReference(w, 0.5, 5, 1);

  // Mouse: click the middle of the temperature slider (≈ 1.25), "Draw again" advances the seed.
  const box = (await tSlider.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const T = Number(await tSlider.inputValue());
  expect(T).toBeGreaterThan(0.9);
  expect(T).toBeLessThan(1.6);
  await checkAgainstReference(w, T, 5, 1);
  await w.getByLabel('Seed').fill('41');
  await w.getByRole('button', { name: 'Draw again (next seed)' }).click();
  await expect(w.getByLabel('Seed')).toHaveValue('42');
  await w.getByLabel('Draws').fill('1000');
  await w.getByLabel('Draws').press('Enter');
  await expect(w.locator('caption')).toContainText('1,000 draws, seed 42');
  const before = await rows(w);
  expect(before.reduce((s, r) => s + r.expected, 0)).toBeGreaterThan(990); // top-5 at k = 5 hold everything
  const firstDraws = await w.locator('.tp-draws').innerText();
  const axe = await new AxeBuilder({ page }).include('section[data-widget-id="temperature"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), 'light').toEqual([]);

  // Reload: the URL holds the state, and the same seed gives the same draws.
  await expect.poll(() => new URL(page.url()).searchParams.get('temperature.seed')).toBe('42');
  await page.reload();
  const again = widgetOf(page, 'temperature');
  await live(again);
  await expect(again.getByLabel('Seed')).toHaveValue('42');
  expect((await rows(again)).map((r) => r.observed)).toEqual(before.map((r) => r.observed));
  expect(await again.locator('.tp-draws').innerText()).toBe(firstDraws);
});

test('URL state, hostile prompts, axe dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.addInitScript(() => localStorage.setItem('starlight-theme', 'dark'));
  await page.goto(`${PAGE}&temperature-cut.t=1.5&temperature-cut.k=20&temperature-cut.p=0.8&temperature-cut.seed=9&temperature-cut.n=50`);
  const w = widgetOf(page, 'temperature-cut');
  await live(w);
  await expect(w.getByRole('slider', { name: /Temperature/ })).toHaveValue('1.5');
  await expect(w.getByRole('slider', { name: /Top-k/ })).toHaveValue('20');
  await expect(w.getByRole('slider', { name: /Top-p/ })).toHaveValue('0.8');
  await expect(w.getByLabel('Seed')).toHaveValue('9');
  await expect(w.locator('caption')).toContainText('50 draws, seed 9');
  await checkAgainstReference(w, 1.5, 20, 0.8);
  const axe = await new AxeBuilder({ page }).include('section[data-widget-id="temperature-cut"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), 'dark').toEqual([]);

  const prompt = w.getByLabel('Prompt');
  await prompt.fill('');
  await expect(w.getByText('The prompt is empty.')).toBeVisible();
  await expect(w.locator('table')).toHaveCount(0);
  await prompt.fill('word '.repeat(2000));
  await expect(w.locator('.nt-truncated')).toContainText('context window of 256 tokens', { timeout: LOAD_MS });
  expect((await prompt.inputValue()).length).toBe(10_000);
  await page.evaluate(() => ((window as unknown as { pwned: number }).pwned = 0));
  const evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> 🙂 東京 مرحبا a\u200bb';
  await prompt.fill(evil);
  await expect(w).toHaveAttribute('data-busy', 'false', { timeout: LOAD_MS });
  await expect(w.locator('.nt-truncated')).toHaveCount(0);
  await expect(prompt).toHaveValue(evil);
  await expect(w.locator('tbody tr[data-token-id]')).toHaveCount(10);
  expect(await page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
  await expect(w.locator('img, script')).toHaveCount(0);
});

/** Where a widget's caption sits against the box its table scrolls in, and whether its text overflows. */
async function captionFit(w: Locator) {
  return w.locator('.lmw-table-scroll > table > caption').evaluate((cap) => {
    const box = cap.closest('.lmw-table-scroll')!.getBoundingClientRect();
    const r = cap.getBoundingClientRect();
    return { left: r.left - box.left, right: box.right - r.right, overflow: cap.scrollWidth - cap.clientWidth, scrolls: cap.closest('.lmw-table-scroll')!.scrollWidth > box.width + 1 };
  });
}

test('on a phone (390 px) the caption is never cut off: it wraps inside the box and stays in view while the table scrolls by keyboard (review Part 2, item 10)', async ({ browser, page }) => {
  // Static (no-JS) page: the table is wider than the phone's column, its caption is not.
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const sp = await ctx.newPage();
  await sp.goto(PAGE);
  const fit = await captionFit(widgetOf(sp, 'temperature'));
  expect(fit.scrolls, 'the table is wider than the column here (else this checks nothing)').toBe(true);
  expect(fit.left).toBeGreaterThanOrEqual(-0.5);
  expect(fit.right).toBeGreaterThanOrEqual(-0.5);
  expect(fit.overflow).toBeLessThanOrEqual(0);
  await ctx.close();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(PAGE);
  const w = widgetOf(page, 'temperature');
  await live(w);
  const region = w.getByRole('region', { name: 'Probabilities before and after reshaping (scrolls sideways)' });
  await region.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  const scrolled = await captionFit(w);
  expect(scrolled.left).toBeGreaterThanOrEqual(-0.5);
  expect(scrolled.right).toBeGreaterThanOrEqual(-0.5);
  expect(scrolled.overflow).toBeLessThanOrEqual(0);
});
