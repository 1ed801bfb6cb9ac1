/**
 * The tokenizer playground (tokenization page) on the built site: build-time tokens in the
 * no-JS HTML equal the live ones, GPT-4/GPT-4o counts equal js-tiktoken's own, the embedded
 * model's ids equal the golden PyTorch-side ids, hostile input, 10,000 characters without a
 * freeze, keyboard and mouse, URL state, lazy rank-file chunks, axe in light and dark.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { test, expect } from './fixtures';

const PAGE = '/unit-1/tokenization/';
const gpt4 = new Tiktoken(cl100k);
const gpt4o = new Tiktoken(o200k);
const golden = JSON.parse(readFileSync('tests/golden/lm-notes-tiny.json', 'utf8')) as { cases: { text: string; input_ids: number[]; token_texts: string[] }[] };
/** The embedded model's tokens of the preset, from the golden data (a leading space shown as ␣). */
const PRESET_TOKENS = golden.cases.find((c) => c.text === 'a fearsome dragon')!.token_texts.slice(1).map((t) => t.replace(/^ /, '␣'));

async function open(page: Page, query = ''): Promise<Locator> {
  await page.goto(PAGE + query);
  const w = page.getByTestId('tokenizer-playground');
  await w.scrollIntoViewIfNeeded();
  await expect(w).toHaveAttribute('data-hydrated', 'true');
  return w;
}

function count(w: Locator, t: string): Locator {
  return w.getByTestId(`count-${t}`);
}

async function showAll(w: Locator): Promise<void> {
  for (const name of ['Characters', 'Whole words']) await w.getByRole('checkbox', { name }).check();
}

test.describe('tokenizer playground', () => {
  test('no-JS figure: build-time tokens and counts of the preset, equal to the live ones', async ({ browser, page }) => {
    test.setTimeout(240_000); // loads the model in the page (slow on a busy 2-core machine)
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const nojs = await ctx.newPage();
    await nojs.goto(PAGE);
    const s = nojs.getByTestId('tokenizer-playground');
    const staticCounts = {
      tiny: await count(s, 'lm-notes-tiny').innerText(),
      cl: await count(s, 'cl100k_base').innerText(),
      o: await count(s, 'o200k_base').innerText(),
    };
    const staticSpans = await s.locator('.lmw-tok__row[data-tokenizer="lm-notes-tiny"] li').allInnerTexts();
    await ctx.close();
    expect(staticSpans).toEqual(PRESET_TOKENS);
    expect(staticCounts).toEqual({
      tiny: String(PRESET_TOKENS.length),
      cl: String(gpt4.encode('a fearsome dragon').length),
      o: String(gpt4o.encode('a fearsome dragon').length),
    });
    // Live: edit the text, then put the preset back; everything is recomputed in the page
    // (the model worker and the rank files), and must equal the static figure.
    const w = await open(page);
    const box = w.getByLabel('Text to tokenize');
    await box.fill('something else');
    await w.getByRole('button', { name: '“a fearsome dragon”' }).click();
    await expect(count(w, 'cl100k_base')).toHaveText(staticCounts.cl);
    await expect(count(w, 'o200k_base')).toHaveText(staticCounts.o);
    await expect(w.locator('.lmw-model-line')).toHaveAttribute('data-phase', 'ready', { timeout: 180_000 });
    await expect(count(w, 'lm-notes-tiny')).toHaveText(staticCounts.tiny);
    expect(await w.locator('.lmw-tok__row[data-tokenizer="lm-notes-tiny"] li').allInnerTexts()).toEqual(staticSpans);
  });

  test('rank files are separate chunks, fetched only after an edit', async ({ page }) => {
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    const w = await open(page);
    await page.waitForTimeout(500);
    expect(urls.filter((u) => /cl100k|o200k/.test(u))).toEqual([]);
    await w.getByRole('checkbox', { name: 'GPT-4o (o200k_base)' }).uncheck();
    await w.getByLabel('Text to tokenize').fill('hello world');
    await expect(count(w, 'cl100k_base')).toHaveText('2');
    expect(urls.filter((u) => /cl100k_base\.[\w-]+\.js/.test(u))).toHaveLength(1);
    expect(urls.filter((u) => /o200k/.test(u))).toEqual([]);
  });

  test('GPT-4 and GPT-4o counts equal js-tiktoken on emoji, CJK, RTL, zero-width and markup', async ({ page }) => {
    const w = await open(page);
    await showAll(w);
    const texts = [
      'Emoji 👩‍👩‍👧 🐉🔥 and flags 🇫🇷',
      '日本語のテキストと中文文本',
      'مرحبا بالعالم — שלום עולם',
      'zero\u200Bwidth\u200Djoiner\uFEFF',
      'The cat sat on the mat.',
    ];
    for (const text of texts) {
      await w.getByLabel('Text to tokenize').fill(text);
      await expect(count(w, 'cl100k_base')).toHaveText(gpt4.encode(text).length.toLocaleString('en-US'));
      await expect(count(w, 'o200k_base')).toHaveText(gpt4o.encode(text).length.toLocaleString('en-US'));
      await expect(count(w, 'chars')).toHaveText(String([...text].length));
    }
    // zero-width characters are made visible
    await w.getByLabel('Text to tokenize').fill('a\u200Bb');
    await expect(w.locator('.lmw-tok__row[data-tokenizer="chars"] li').nth(1)).toHaveText('⟨U+200B⟩');
  });

  test('the embedded model’s ids equal the golden ids', async ({ page }) => {
    test.setTimeout(240_000); // loads the model in the page
    const w = await open(page);
    await w.getByRole('checkbox', { name: 'Show ids' }).check();
    for (const c of golden.cases.slice(0, 3)) {
      await w.getByLabel('Text to tokenize').fill(c.text);
      const ids = w.locator('.lmw-tok__row[data-tokenizer="lm-notes-tiny"] .lmw-tok__id');
      await expect(ids).toHaveCount(c.input_ids.length - 1, { timeout: 180_000 });
      await expect(async () => expect((await ids.allInnerTexts()).map(Number)).toEqual(c.input_ids.slice(1))).toPass();
    }
  });

  test('hostile input: empty, markup shown as text, 10,000 characters without freezing', async ({ page }) => {
    test.setTimeout(150_000); // four 10,000-character texts through js-tiktoken (quadratic on one piece) on 2 busy cores
    const w = await open(page);
    await showAll(w);
    const box = w.getByLabel('Text to tokenize');
    await box.fill('');
    await expect(w.getByText('The text is empty')).toBeVisible();
    await expect(count(w, 'cl100k_base')).toHaveText('0');
    const markup = '<script>window.__x=1</script><img src=x onerror="window.__x=2">';
    await box.fill(markup);
    await expect(count(w, 'cl100k_base')).toHaveText(String(gpt4.encode(markup).length));
    expect(await w.locator('ol img, ol script').count()).toBe(0);
    await expect(w.locator('.lmw-tok__row[data-tokenizer="words"] li').first()).toHaveText('<');
    expect(await page.evaluate(() => (window as unknown as { __x?: number }).__x)).toBeUndefined();
    // 10,000 letters without a space: one regex piece, quadratic in js-tiktoken.
    const long = 'a'.repeat(10_000);
    await box.fill(long);
    await expect(count(w, 'chars')).toHaveText('10,000');
    await expect(count(w, 'cl100k_base')).toHaveText(/^[\d,]+$/);
    await expect(count(w, 'o200k_base')).toHaveText(/^[\d,]+$/);
    // The page still answers: one more letter is counted again by every tokenizer (no timing:
    // a frozen page fails this through the test's timeout).
    await box.press('End');
    await box.press('b');
    await expect(count(w, 'chars')).toHaveText('10,001');
    await expect(count(w, 'cl100k_base')).toHaveText(gpt4.encode(`${long}b`).length.toLocaleString('en-US'));
    await box.fill(long);
    await expect(count(w, 'chars')).toHaveText('10,000');
    // Characters: one token per letter (the embedded model's byte-level tokenizer may give as many).
    const charsRow = w.locator('.lmw-tok__row[data-tokenizer="chars"]');
    await expect(charsRow.getByText('The first 1,500 tokens are drawn; all 10,000 are counted.')).toBeVisible();
    await expect(charsRow.locator('li')).toHaveCount(1_500);
    const cjk = '語'.repeat(10_000);
    await box.fill(cjk);
    await expect(count(w, 'chars')).toHaveText('10,000');
    await expect(count(w, 'o200k_base')).toHaveText(/\d/);
  });

  test('keyboard: arrow keys move across tokens and show ids; Space toggles ids; example buttons', async ({ page }) => {
    const w = await open(page);
    await w.getByRole('button', { name: 'A rare word' }).focus();
    await page.keyboard.press('Enter');
    await expect(w.getByLabel('Text to tokenize')).toHaveValue('Words like antidisestablishmentarianism fall apart.');
    await expect(count(w, 'cl100k_base')).not.toHaveText('…');
    const row = w.locator('.lmw-tok__row[data-tokenizer="cl100k_base"]');
    const first = row.locator('li').first();
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(row.locator('li').nth(2)).toBeFocused();
    const ids = gpt4.encode('Words like antidisestablishmentarianism fall apart.');
    await expect(row.locator('.lmw-tok__detail')).toContainText(`id ${ids[2]}`);
    await page.keyboard.press('End');
    await expect(row.locator('li').last()).toBeFocused();
    // the rare word falls into several pieces in every subword vocabulary
    expect(ids.length).toBeGreaterThan(7);
    const showIds = w.getByRole('checkbox', { name: 'Show ids' });
    await showIds.focus();
    await page.keyboard.press('Space');
    await expect(row.locator('.lmw-tok__id').first()).toHaveText(String(ids[0]));
    await expect(page).toHaveURL(/tokenizer\.ids=1/);
  });

  test('mouse: hover shows an id, checkboxes add tokenizers', async ({ page }) => {
    const w = await open(page);
    await w.getByRole('checkbox', { name: 'Characters' }).click();
    await expect(w.locator('.lmw-tok__row[data-tokenizer="chars"] li')).toHaveCount(17);
    await w.locator('.lmw-tok__row[data-tokenizer="chars"] li').first().hover();
    await expect(w.locator('.lmw-tok__row[data-tokenizer="chars"] .lmw-tok__detail')).toContainText('id 97');
    await w.getByRole('checkbox', { name: 'GPT-4 (cl100k_base)' }).click();
    await expect(w.locator('.lmw-tok__row[data-tokenizer="cl100k_base"]')).toHaveCount(0);
  });

  test('URL state: text, tokenizers and ids from the link', async ({ page }) => {
    const w = await open(page, `?tokenizer.text=${encodeURIComponent('Hello, world!')}&tokenizer.tok=words,cl100k_base&tokenizer.ids=1`);
    await expect(w.getByLabel('Text to tokenize')).toHaveValue('Hello, world!');
    await expect(w.getByRole('checkbox', { name: 'Show ids' })).toBeChecked();
    await expect(w.locator('.lmw-tok__row')).toHaveCount(2);
    await expect(count(w, 'words')).toHaveText('4');
    await expect(count(w, 'cl100k_base')).toHaveText(String(gpt4.encode('Hello, world!').length));
    await expect(w.locator('.lmw-tok__row[data-tokenizer="words"] li')).toHaveText(['Hello0', ',1', 'world2', '!3']);
  });

  test('axe clean in light and dark', async ({ page }) => {
    const w = await open(page);
    await showAll(w);
    await w.getByRole('checkbox', { name: 'Show ids' }).check();
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => {
        localStorage.setItem('starlight-theme', t);
        document.documentElement.dataset.theme = t;
      }, theme);
      const result = await new AxeBuilder({ page }).include('[data-testid="tokenizer-playground"]').analyze();
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${theme}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    }
  });
});
