/**
 * The softmax explorer (autoregressive-models page) and the sampler (sampling page) on the
 * built site: numbers against the formula / an independent running sum, keyboard and mouse,
 * bad input, seeded draws surviving a reload, URL state, no-JS static figures equal to the live
 * ones, axe in light and dark.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** The embedded model's vocabulary size (golden data). */
const VOCAB = (JSON.parse(readFileSync('tests/golden/lm-notes-tiny.json', 'utf8')) as { vocab_size: number }).vocab_size;

const SOFTMAX_PAGE = '/unit-1/autoregressive-models/';
const SAMPLER_PAGE = '/unit-1/sampling/';

/** softmax(z / T) straight from the formula. */
function formula(z: number[], T = 1): number[] {
  const e = z.map((x) => Math.exp(x / T));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Independent inverse CDF: first token whose running sum exceeds r. */
function landing(p: number[], r: number): number {
  let run = 0;
  for (let i = 0; i < p.length; i++) {
    run += p[i]!;
    if (run > r) return i;
  }
  return p.length - 1;
}

async function open(page: Page, path: string, testId: string): Promise<Locator> {
  await page.goto(path);
  const w = page.getByTestId(testId);
  await w.scrollIntoViewIfNeeded();
  await expect(w).toHaveAttribute('data-hydrated', 'true');
  return w;
}

async function probs(w: Locator): Promise<number[]> {
  return w.locator('[data-testid="softmax-row"] td[data-p]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-p'))));
}

async function staticText(browser: Browser, path: string, testId: string): Promise<string> {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(path);
  const text = await page.getByTestId(testId).innerText();
  await ctx.close();
  return text;
}

async function axe(page: Page, selector: string): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => {
      localStorage.setItem('starlight-theme', t);
      document.documentElement.dataset.theme = t;
    }, theme);
    const result = await new AxeBuilder({ page }).include(selector).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${theme}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  }
}

test.describe('softmax explorer', () => {
  test('no-JS figure shows the real probabilities, equal to the formula and to the live widget', async ({ browser, page }) => {
    const text = await staticText(browser, SOFTMAX_PAGE, 'softmax-explorer');
    const expected = formula([2, 1, 0]).map((p) => p.toFixed(3));
    expect(expected).toEqual(['0.665', '0.245', '0.090']);
    for (const p of expected) expect(text).toContain(p);
    expect(text).toContain('Computed when the site was built');
    const w = await open(page, SOFTMAX_PAGE, 'softmax-explorer');
    const live = await w.locator('[data-testid="softmax-row"] td[data-p]').allInnerTexts();
    expect(live).toEqual(expected);
    await expect(w.locator('.katex').first()).toBeVisible();
  });

  test('keyboard: type logits, move the temperature with arrow keys; numbers equal the formula to 1e-3', async ({ page }) => {
    const w = await open(page, SOFTMAX_PAGE, 'softmax-explorer');
    const z = w.getByLabel('Logits z (comma-separated)');
    await z.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('3, 1.5, -2, 0');
    await expect(w.getByTestId('softmax-row')).toHaveCount(4);
    let got = await probs(w);
    formula([3, 1.5, -2, 0]).forEach((p, i) => expect(Math.abs(got[i]! - p)).toBeLessThan(1e-3));
    await page.keyboard.press('Tab'); // labels
    await page.keyboard.press('Tab'); // temperature slider
    await expect(w.getByLabel('Temperature T')).toBeFocused();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await expect(w.locator('output')).toHaveText('T = 2.0');
    got = await probs(w);
    formula([3, 1.5, -2, 0], 2).forEach((p, i) => expect(Math.abs(got[i]! - p)).toBeLessThan(1e-3));
    await expect(w.locator('.lmw-softmax__summary')).toContainText('Most likely: cheese');
  });

  test('mouse: reset button, bad input messages, hostile labels shown as text, URL state', async ({ page }) => {
    await page.goto(`${SOFTMAX_PAGE}?softmax.z=1,1,1,1&softmax.t=2.5&softmax.labels=a,b`);
    const w = page.getByTestId('softmax-explorer');
    await w.scrollIntoViewIfNeeded();
    await expect(w).toHaveAttribute('data-hydrated', 'true');
    await expect(w.getByLabel('Logits z (comma-separated)')).toHaveValue('1,1,1,1');
    await expect(w.locator('output')).toHaveText('T = 2.5');
    expect(await w.locator('td[data-p]').allInnerTexts()).toEqual(['0.250', '0.250', '0.250', '0.250']);
    await expect(w.getByRole('rowheader').nth(3)).toHaveText('token 4');
    await w.getByRole('button', { name: 'Reset T to 1' }).click();
    await expect(w.locator('output')).toHaveText('T = 1.0');
    await expect(page).toHaveURL(/softmax\.t=1(&|$)/);
    const z = w.getByLabel('Logits z (comma-separated)');
    await z.click();
    await z.fill('');
    await expect(w.getByRole('alert')).toContainText('Type at least one logit');
    await z.fill('2, banana, 0');
    await expect(w.getByRole('alert')).toContainText('“banana” is not a number (logit 2)');
    expect(await w.getByTestId('softmax-row').count()).toBe(4); // last good logits kept
    await z.fill('1e400');
    await expect(w.getByRole('alert')).toBeVisible();
    await z.fill('2, 1, 0');
    await expect(w.getByRole('alert')).toHaveCount(0);
    const labels = w.getByLabel('Labels');
    await labels.fill('<script>window.__x=1</script>,<img src=x onerror="window.__x=2">,🐉');
    await expect(w.getByRole('rowheader').first()).toHaveText('<script>window.__x=1</script>');
    await expect(w.getByRole('rowheader').nth(1)).toHaveText('<img src=x onerror="window.__x=2">');
    expect(await w.locator('tbody img, tbody script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __x?: number }).__x)).toBeUndefined();
  });

  test('axe clean in light and dark', async ({ page }) => {
    await open(page, SOFTMAX_PAGE, 'softmax-explorer');
    await axe(page, '[data-testid="softmax-explorer"]');
  });
});

test.describe('sampler', () => {
  const example = [0.4, 0.25, 0.15, 0.12, 0.08];
  const names = ['mat', 'floor', 'bed', 'sofa', 'roof'];

  test('no-JS figure: r = 0.62 lands on floor, equal to an independent running sum and to the live widget', async ({ browser, page }) => {
    expect(names[landing(example, 0.62)]).toBe('floor');
    const text = await staticText(browser, SAMPLER_PAGE, 'sampler');
    expect(text).toMatch(/r = 0\.62 lands on floor, whose\s+stretch runs from 0\.400 to 0\.650 \(p = 0\.250\)/);
    for (const p of example) expect(text).toContain(p.toFixed(3));
    const w = await open(page, SAMPLER_PAGE, 'sampler');
    await expect(w.getByTestId('sampler-landed')).toHaveText('floor');
    await expect(w.getByTestId('sampler-result')).toHaveText(/stretch runs from 0\.400 to 0\.650 \(p = 0\.250\)/);
  });

  test('keyboard: draw 1 and draw 100; every landing matches the running sum; histogram totals', async ({ page }) => {
    const w = await open(page, SAMPLER_PAGE, 'sampler');
    const draw1 = w.getByRole('button', { name: 'Draw 1', exact: true });
    await draw1.focus();
    await page.keyboard.press('Enter');
    await expect(w.getByTestId('sampler-draws')).toContainText('1 draw with seed 42');
    let r = Number(await w.getByLabel('r', { exact: true }).inputValue());
    await expect(w.getByTestId('sampler-landed')).toHaveText(names[landing(example, r)]!);
    await page.keyboard.press('Tab');
    await expect(w.getByRole('button', { name: 'Draw 100' })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(w.getByTestId('sampler-draws')).toContainText('101 draws with seed 42');
    const counts = (await w.getByTestId('sampler-count').allInnerTexts()).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(101);
    r = Number(await w.getByLabel('r', { exact: true }).inputValue());
    await expect(w.getByTestId('sampler-landed')).toHaveText(names[landing(example, r)]!);
    // r typed by keyboard.
    const rBox = w.getByLabel('r', { exact: true });
    await rBox.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('0.93');
    await expect(w.getByTestId('sampler-landed')).toHaveText('roof');
    // slider by arrow keys
    const slider = w.getByLabel('r (slider)');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(w.getByTestId('sampler-landed')).toHaveText('mat');
  });

  test('a fixed seed gives the same draws after a reload', async ({ page }) => {
    const w = await open(page, SAMPLER_PAGE, 'sampler');
    await w.getByLabel('Seed').fill('7');
    await w.getByRole('button', { name: 'Draw 100' }).click();
    await expect(w.getByTestId('sampler-draws')).toContainText('100 draws with seed 7');
    const before = await w.getByTestId('sampler-count').allInnerTexts();
    const rBefore = await w.getByLabel('r', { exact: true }).inputValue();
    await expect(page).toHaveURL(/sampler\.seed=7/);
    await expect(page).toHaveURL(/sampler\.n=100/);
    await page.reload();
    const again = page.getByTestId('sampler');
    await again.scrollIntoViewIfNeeded();
    await expect(again).toHaveAttribute('data-hydrated', 'true');
    expect(await again.getByTestId('sampler-count').allInnerTexts()).toEqual(before);
    await expect(again.getByLabel('r', { exact: true })).toHaveValue(rBefore);
    // and a fresh start with the same seed replays them
    await again.getByRole('button', { name: 'Clear draws' }).click();
    await again.getByRole('button', { name: 'Draw 100' }).click();
    expect(await again.getByTestId('sampler-count').allInnerTexts()).toEqual(before);
  });

  test('mouse: click the bar, bad r, the model distribution, URL state', async ({ page }) => {
    await page.goto(`${SAMPLER_PAGE}?sampler.r=0.85&sampler.seed=3`);
    const w = page.getByTestId('sampler');
    await w.scrollIntoViewIfNeeded();
    await expect(w).toHaveAttribute('data-hydrated', 'true');
    await expect(w.getByLabel('r', { exact: true })).toHaveValue('0.85');
    await expect(w.getByLabel('Seed')).toHaveValue('3');
    await expect(w.getByTestId('sampler-landed')).toHaveText('sofa');
    const bar = w.getByTestId('sampler-bar');
    const box = (await bar.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.1, box.y + box.height / 2);
    await expect(w.getByTestId('sampler-landed')).toHaveText('mat');
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await expect(w.getByTestId('sampler-landed')).toHaveText('floor');
    const rBox = w.getByLabel('r', { exact: true });
    await rBox.fill('1.5');
    await expect(w.getByText('r must be a number from 0 up to')).toBeVisible();
    await rBox.fill('');
    await expect(w.getByText('r must be a number from 0 up to')).toBeVisible();
    await rBox.fill('0.3');
    await expect(w.getByText('r must be a number from 0 up to')).toHaveCount(0);
    await w.getByLabel('The small model’s real distribution').check();
    await expect(page).toHaveURL(/sampler\.dist=model/);
    const rows = w.getByTestId('sampler-row');
    await expect(rows).toHaveCount(9);
    const ps = (await rows.locator('td:nth-child(2)').allInnerTexts()).map(Number);
    expect(Math.abs(ps.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.01);
    await expect(rows.last()).toContainText(`the other ${(VOCAB - 8).toLocaleString('en-US')} tokens`); // 8 rows listed
  });

  test('on a phone its table scrolls sideways by keyboard; on a wide screen it is no extra Tab stop', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    const w = await open(page, SAMPLER_PAGE, 'sampler');
    const region = w.getByRole('region', { name: 'Tokens, draws and histogram (scrolls sideways)' });
    await region.focus();
    await expect(region).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    const box = w.locator('.lmw-table-scroll');
    await expect(box).toHaveAttribute('data-overflows', 'false');
    expect(await box.getAttribute('tabindex')).toBeNull();
    await expect(w.getByRole('region')).toHaveCount(0);
    // The model's real distribution (a long "the other … tokens" row) fits too: no header is cut
    // off at 1280 px (review Part 2, item 10).
    await w.getByLabel('The small model’s real distribution').check();
    await expect(w.getByTestId('sampler-row')).toHaveCount(9);
    await expect(box).toHaveAttribute('data-overflows', 'false');
    expect(await box.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    const lastHeader = w.locator('thead th').last();
    await expect(lastHeader).toContainText('Observed share');
    const [hRight, bRight] = await Promise.all([lastHeader.evaluate((el) => el.getBoundingClientRect().right), box.evaluate((el) => el.getBoundingClientRect().right)]);
    expect(hRight).toBeLessThanOrEqual(bRight + 0.5);
  });

  test('axe clean in light and dark', async ({ page }) => {
    const w = await open(page, SAMPLER_PAGE, 'sampler');
    await w.getByRole('button', { name: 'Draw 100' }).click();
    await axe(page, '[data-testid="sampler"]');
  });
});
