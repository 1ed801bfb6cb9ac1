/**
 * The surprisal and chain-rule widgets on the built site: the static (no-JS) figures equal the
 * live model's, per-token numbers equal the golden PyTorch log-probs, span selection by mouse
 * and keyboard (with the pick event), URL state, the chain-rule total equal to the surprisal
 * total, hostile input and accessibility in light and dark.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

// Loading the model in the browser (WebAssembly) can take over half a minute on a busy machine.
test.describe.configure({ timeout: 240_000 });

const SURPRISAL_PAGE = '/unit-1/evaluating-language-models/';
const CHAIN_PAGE = '/unit-1/generative-models-and-the-chain-rule/';
const TEXT_A = 'Once upon a time there was a king';
const TEXT_B = 'Once upon a spreadsheet there was a king';

interface GoldenCase {
  text: string;
  logprobs: number[];
  token_texts: string[];
}
const golden = JSON.parse(readFileSync(new URL('../golden/lm-notes-tiny.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };
/** The golden (PyTorch) case of a text. */
const goldenCase = (text: string): GoldenCase => golden.cases.find((c) => c.text === text)!;
/** Per-token bits of a golden case. */
const goldenBits = (text: string): number[] => goldenCase(text).logprobs.map((l) => -l / Math.LN2);
const sumOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
/** 1.2e-17 as the chain-rule figure prints it: "1.20×10⁻¹⁷". */
function timesTenTo(x: number): string {
  const [mant, exp] = x.toExponential(2).split('e');
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  const e = Number(exp);
  return `${mant}×10${e < 0 ? '⁻' : ''}${[...String(Math.abs(e))].map((d) => sup[Number(d)]).join('')}`;
}

/** A displayed probability ("0.0638", "9.12×10⁻⁴", "1") as a number. */
function parseProbability(s: string): number {
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  const m = /^([\d.]+)×10⁻([⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(s.trim());
  if (!m) return Number(s.trim());
  const exp = [...m[2]!].map((c) => sup.indexOf(c)).join('');
  return Number(m[1]) * 10 ** -Number(exp);
}

/** Opens a page (optionally with a query) and waits for the widget to hydrate. */
async function open(page: Page, path: string, widget: 'surprisal' | 'chain-rule', query = ''): Promise<Locator> {
  await page.goto(path + query);
  const w = page.locator(`[data-widget="${widget}"]`);
  await w.scrollIntoViewIfNeeded();
  await expect(w).toHaveAttribute('data-hydrated', 'true');
  return w;
}

/** One side of the surprisal widget. */
function side(w: Locator, s: 'A' | 'B'): Locator {
  return w.locator(`[data-side="${s}"]`);
}

/** Waits until a side (or the chain-rule widget) shows the live model's numbers for its text. */
async function waitLive(loc: Locator): Promise<void> {
  await expect(loc).toHaveAttribute('data-source', 'live', { timeout: 180_000 });
  await expect(loc).toHaveAttribute('data-busy', 'false', { timeout: 180_000 });
}

/** The per-token numbers a side shows: strip texts, table p and bits cells, exact data attributes. */
async function sideFigures(s: Locator) {
  return {
    tokens: await s.locator('[role="option"]').allTextContents(),
    p: await s.locator('td[data-cell="p"]').allTextContents(),
    bits: await s.locator('td[data-cell="bits"]').allTextContents(),
    whole: (await s.locator('[data-stat="whole-bits"]').textContent())!.trim(),
    logprobs: (await s.locator('tr[data-logprob]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-logprob'))))),
  };
}

/** The chain-rule widget's displayed numbers. */
async function chainFigures(w: Locator) {
  return {
    p: await w.locator('td[data-cell="p"]').allTextContents(),
    log2p: await w.locator('td[data-cell="log2p"]').allTextContents(),
    product: (await w.locator('td[data-cell="product"]').textContent())!.trim(),
    sum: (await w.locator('td[data-cell="log2sum"]').textContent())!.trim(),
    total: (await w.locator('[data-stat="total-bits"]').textContent())!.trim(),
  };
}

/** A page with JavaScript off. */
async function staticPage(browser: Browser, path: string): Promise<Page> {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(path);
  return page;
}

test.describe('surprisal widget', () => {
  test('without JavaScript shows the build-time figures, and the live model in the browser gives the same numbers', async ({ page, browser }) => {
    const s = await staticPage(browser, SURPRISAL_PAGE);
    const sw = s.locator('[data-widget="surprisal"]');
    await expect(sw).toContainText('computed when the site was built');
    await expect(sw).toContainText('start-of-text token');
    const staticA = await sideFigures(side(sw, 'A'));
    const staticB = await sideFigures(side(sw, 'B'));
    // Expected numbers from the PyTorch golden data.
    const [bitsA, bitsB] = [sumOf(goldenBits(TEXT_A)), sumOf(goldenBits(TEXT_B))];
    expect(staticA.tokens).toEqual(goldenCase(TEXT_A).token_texts.slice(1));
    expect(staticB.tokens).toHaveLength(goldenCase(TEXT_B).logprobs.length);
    expect(staticA.whole).toBe(bitsA.toFixed(3));
    expect(staticB.whole).toBe(bitsB.toFixed(3));
    await expect(sw.locator('.srp-compare')).toContainText((bitsB - bitsA).toFixed(3));
    await s.context().close();

    // Live: edit each text and put it back, so the model in this page scores the presets again.
    const w = await open(page, SURPRISAL_PAGE, 'surprisal');
    for (const [name, text] of [['A', TEXT_A], ['B', TEXT_B]] as const) {
      const box = side(w, name).getByLabel(`Text ${name}`, { exact: true });
      await box.fill(`${text} again`);
      await box.fill(text);
      await waitLive(side(w, name));
      const live = await sideFigures(side(w, name));
      const stat = name === 'A' ? staticA : staticB;
      expect(live.tokens).toEqual(stat.tokens);
      expect(live.p).toEqual(stat.p);
      expect(live.bits).toEqual(stat.bits);
      expect(live.whole).toBe(stat.whole);
      live.logprobs.forEach((lp, i) => expect(Math.abs(lp - stat.logprobs[i]!)).toBeLessThan(1e-3));
    }
  });

  test('shows per-token p and bits equal to the golden PyTorch log-probs (text from the URL)', async ({ page }) => {
    const c = golden.cases.find((g) => g.text === 'Once upon a time there was a')!;
    const w = await open(page, SURPRISAL_PAGE, 'surprisal', `?surprisal.a=${encodeURIComponent(c.text)}`);
    await expect(w.getByLabel('Text A', { exact: true })).toHaveValue(c.text);
    await waitLive(side(w, 'A'));
    const f = await sideFigures(side(w, 'A'));
    expect(f.tokens).toEqual(c.token_texts.slice(1));
    expect(f.bits).toHaveLength(c.logprobs.length);
    c.logprobs.forEach((lp, i) => {
      expect(Math.abs(Number(f.bits[i]) - -lp / Math.LN2), `bits of token ${i}`).toBeLessThan(1e-3);
      expect(Math.abs(parseProbability(f.p[i]!) - Math.exp(lp)), `p of token ${i}`).toBeLessThan(1e-3);
      expect(Math.abs(f.logprobs[i]! - lp)).toBeLessThan(1e-3);
    });
    const total = -c.logprobs.reduce((a, b) => a + b, 0) / Math.LN2;
    expect(Math.abs(Number(f.whole) - total)).toBeLessThan(1e-3);
  });

  test('mouse: dragging selects a span with total = Σ bits, perplexity = 2^(bits/token), a pick event and the URL', async ({ page }) => {
    const w = await open(page, SURPRISAL_PAGE, 'surprisal');
    await page.evaluate(() => {
      (window as unknown as { picks: unknown[] }).picks = [];
      document.addEventListener('lm-notes:pick', (e) => (window as unknown as { picks: unknown[] }).picks.push((e as CustomEvent).detail));
    });
    const tokens = side(w, 'A').locator('[role="option"]');
    const from = (await tokens.nth(2).boundingBox())!;
    const to = (await tokens.nth(6).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    const bits = await tokens.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-bits'))));
    const sum = bits.slice(2, 7).reduce((a, b) => a + b, 0);
    const stats = side(w, 'A').locator('.srp-stats');
    await expect(stats).toContainText('Selected 5 tokens');
    await expect(stats).toContainText('“ upon a time there was”');
    expect(Number(await stats.locator('[data-stat="bits"]').textContent())).toBeCloseTo(sum, 3);
    expect(Number(await stats.locator('[data-stat="bpt"]').textContent())).toBeCloseTo(sum / 5, 3);
    expect(Number(await stats.locator('[data-stat="ppl"]').textContent())).toBeCloseTo(2 ** (sum / 5), 2);
    // The figure quoted in the prose, from the golden data.
    expect(await stats.locator('[data-stat="bits"]').textContent()).toBe(sumOf(goldenBits('Once upon a time there was a king').slice(2, 7)).toFixed(3));
    await expect(tokens.nth(2)).toHaveAttribute('aria-selected', 'true');
    await expect(tokens.nth(7)).toHaveAttribute('aria-selected', 'false');
    const picks = (await page.evaluate(() => (window as unknown as { picks: unknown[] }).picks)) as Record<string, unknown>[];
    expect(picks).toHaveLength(1);
    expect(picks[0]).toMatchObject({ widget: 'surprisal', kind: 'span', text: ' upon a time there was', tokens: 5, side: 'A' });
    expect(Math.abs((picks[0]!.bits as number) - sum)).toBeLessThan(1e-9);
    await expect(page).toHaveURL(/surprisal\.spanA=3-7/);
  });

  test('keyboard: arrows move the cursor and show the token, Shift+arrows extend the span, Escape clears', async ({ page }) => {
    const w = await open(page, SURPRISAL_PAGE, 'surprisal');
    const strip = side(w, 'A').getByRole('listbox', { name: 'Tokens of text A, coloured by surprise' });
    await side(w, 'A').getByLabel('Text A', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(strip).toBeFocused();
    const details = side(w, 'A').locator('.srp-details');
    await expect(details).toContainText(`Token 1, “${goldenCase(TEXT_A).token_texts[1]}”`);
    await expect(details).toContainText('predicted from the start-of-text token');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const tokens = side(w, 'A').locator('[role="option"]');
    const bits = await tokens.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-bits'))));
    await expect(details).toContainText('Token 3, “␣upon”');
    expect(Number(await details.locator('[data-detail="bits"]').textContent())).toBeCloseTo(bits[2]!, 3);
    expect(parseProbability((await details.locator('[data-detail="p"]').textContent())!)).toBeCloseTo(2 ** -bits[2]!, 5);
    await expect(details).toContainText('The model expected:');
    await expect(strip).toHaveAttribute('aria-activedescendant', /-A-t2$/);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
    const stats = side(w, 'A').locator('.srp-stats');
    await expect(stats).toContainText('Selected 5 tokens');
    const sum = bits.slice(2, 7).reduce((a, b) => a + b, 0);
    expect(Number(await stats.locator('[data-stat="bits"]').textContent())).toBeCloseTo(sum, 3);
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(stats).toContainText('Selected 4 tokens');
    await page.keyboard.press('End');
    await expect(stats).toContainText('Selected 1 token (“ing”)');
    await page.keyboard.press('Shift+Home');
    await expect(stats).toContainText('Selected 10 tokens');
    expect(Number(await stats.locator('[data-stat="bits"]').textContent())).toBeCloseTo(sumOf(goldenBits(TEXT_A)), 3);
    await page.keyboard.press('Escape');
    await expect(stats).toContainText('No span selected');
    // Hovering a token shows it too.
    await tokens.nth(4).hover();
    await expect(details).toContainText('Token 5, “␣time”');
  });

  test('URL state: a span and a second text in the link are shown', async ({ page }) => {
    const w = await open(page, SURPRISAL_PAGE, 'surprisal', '?surprisal.spanA=3-7&surprisal.b=Once%20upon%20a%20cat');
    await expect(side(w, 'A').locator('.srp-stats')).toContainText(
      `Selected 5 tokens (“ upon a time there was”): ${sumOf(goldenBits(TEXT_A).slice(2, 7)).toFixed(3)} bits`,
    );
    await expect(w.getByLabel('Text B', { exact: true })).toHaveValue('Once upon a cat');
    await waitLive(side(w, 'B'));
    await expect(side(w, 'B').locator('[role="option"]').last()).toHaveText(/cat/);
  });

  test('hostile input: empty, 10,000 characters, emoji/CJK/RTL/zero-width, markup shown as text', async ({ page }) => {
    page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
    const w = await open(page, SURPRISAL_PAGE, 'surprisal');
    const box = w.getByLabel('Text A', { exact: true });
    await box.fill('');
    await expect(side(w, 'A')).toContainText('The text is empty');

    const long = 'The jury said that the election was conducted. '.repeat(300).slice(0, 10_000);
    await box.fill(long);
    await waitLive(side(w, 'A'));
    const notice = side(w, 'A').locator('[data-dropped]');
    await expect(notice).toContainText('longer than the model’s 256-token window');
    expect(Number(await notice.getAttribute('data-dropped'))).toBeGreaterThan(0);
    await expect(box).toHaveValue(long);
    // The 256-token window holds the start-of-text token and the last 255 tokens of the text.
    await expect(side(w, 'A').locator('[role="option"]')).toHaveCount(255);

    const odd = 'We met 🙂 在北京 and said שלום\u200b to caf\u00e9 ﻿x';
    await box.fill(odd);
    await waitLive(side(w, 'A'));
    await expect(notice).toHaveCount(0);
    expect(Number(await side(w, 'A').locator('[data-stat="whole-tokens"]').textContent())).toBeGreaterThan(10);
    expect(Number.isFinite(Number(await side(w, 'A').locator('[data-stat="whole-bits"]').textContent()))).toBe(true);

    const markup = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    await box.fill(markup);
    await waitLive(side(w, 'A'));
    const shown = (await side(w, 'A').locator('[role="option"]').allTextContents()).join('');
    expect(shown).toBe(markup);
    expect(await w.locator('img').count()).toBe(0);
    expect(await w.locator('script').count()).toBe(0);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const w = await open(page, SURPRISAL_PAGE, 'surprisal', '?surprisal.spanA=3-7');
      await side(w, 'A').locator('[role="option"]').nth(4).hover();
      await w.locator('details').first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const results = await new AxeBuilder({ page }).include('[data-widget="surprisal"]').analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      expect(bad).toEqual([]);
    });
  }
});

test.describe('chain-rule widget', () => {
  test('without JavaScript shows the build-time factors, equal to the live model’s', async ({ page, browser }) => {
    const s = await staticPage(browser, CHAIN_PAGE);
    const sw = s.locator('[data-widget="chain-rule"]');
    await expect(sw).toContainText('computed when the site was built');
    const joke = goldenBits('tell me a joke');
    await expect(sw).toContainText(`P(“${goldenCase('tell me a joke').token_texts[1]}” | start of text)`);
    const stat = await chainFigures(sw);
    expect(stat.p).toHaveLength(joke.length);
    expect(stat.sum).toBe((-sumOf(joke)).toFixed(3));
    expect(stat.total).toBe(sumOf(joke).toFixed(3));
    expect(stat.product).toBe(timesTenTo(2 ** -sumOf(joke)));
    await s.context().close();

    const w = await open(page, CHAIN_PAGE, 'chain-rule');
    const box = w.getByLabel('Sentence');
    await box.fill('tell me a joke, please');
    await box.fill('tell me a joke');
    await waitLive(w);
    expect(await chainFigures(w)).toEqual(stat);
    // Product of the factors and sum of the logs agree with each other (the formula).
    const rows = await w.locator('tr[data-p]').evaluateAll((r) => r.map((e) => [Number(e.getAttribute('data-p')), Number(e.getAttribute('data-log2p'))]));
    const product = rows.reduce((a, [p]) => a * p!, 1);
    const sum = rows.reduce((a, [, l]) => a + l!, 0);
    expect(Math.abs(Math.log2(product) - sum)).toBeLessThan(1e-9);
    expect(Number(stat.sum)).toBeCloseTo(sum, 3);
  });

  test('its total equals the surprisal widget’s total for the same text (both from URL state)', async ({ page }) => {
    // The chain-rule figure's preset (computed at build time) against the live surprisal figure.
    for (const text of ['tell me a joke']) {
      const c = await open(page, CHAIN_PAGE, 'chain-rule', `?chain-rule.text=${encodeURIComponent(text)}`);
      await expect(c.getByLabel('Sentence')).toHaveValue(text);
      const chainTotal = Number(await c.locator('.crw-total').getAttribute('data-total-bits'));
      const chainShown = await c.locator('[data-stat="total-bits"]').textContent();
      const w = await open(page, SURPRISAL_PAGE, 'surprisal', `?surprisal.a=${encodeURIComponent(text)}`);
      await waitLive(side(w, 'A'));
      const strip = side(w, 'A').getByRole('listbox');
      const surprisalTotal = Number(await strip.getAttribute('data-total-bits'));
      // Build time (onnxruntime-node) and the browser (WebAssembly) agree to float rounding.
      expect(Math.abs(chainTotal - surprisalTotal), text).toBeLessThan(1e-3);
      expect(await side(w, 'A').locator('[data-stat="whole-bits"]').textContent()).toBe(chainShown);
    }
  });

  test('hostile input: empty, too long for a table, 10,000 characters, markup as text', async ({ page }) => {
    const w = await open(page, CHAIN_PAGE, 'chain-rule');
    const box = w.getByLabel('Sentence');
    await box.fill('');
    await expect(w).toContainText('The sentence is empty');
    await box.fill('The quixotic zookeeper juxtaposed xylophones with phlegmatic kumquats.');
    await waitLive(w);
    await expect(w.locator('.crw-too-long')).toContainText('too many factors for a readable table');
    await expect(w.locator('table')).toHaveCount(0);
    const long = 'Tell me a joke about the jury. '.repeat(400).slice(0, 10_000);
    await box.fill(long);
    await waitLive(w);
    await expect(w).toContainText('longer than the model’s 256-token window');
    await expect(box).toHaveValue(long);
    await box.fill('<img src=x onerror=alert(1)>');
    await waitLive(w);
    await expect(w.locator('caption')).toContainText('<img');
    expect(await w.locator('img').count()).toBe(0);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await open(page, CHAIN_PAGE, 'chain-rule');
      const results = await new AxeBuilder({ page }).include('[data-widget="chain-rule"]').analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      expect(bad).toEqual([]);
    });
  }
});
