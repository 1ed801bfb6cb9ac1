/**
 * Self-check exercises in the built site: checking each answer kind right and wrong, hints and
 * solutions, progress that survives a reload, reset, corrupt saved data, keyboard use, axe in
 * both themes, and the question list with JavaScript off. The model-computed answer is checked
 * against the PyTorch golden data, not against the page.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

const EVAL = '/unit-1/evaluating-language-models/';
const SAMPLING = '/unit-1/sampling/';
const CHAT = '/unit-1/chat-as-a-document/';
const KEY = `lm-notes:exercises:${EVAL}`;

const golden = JSON.parse(readFileSync(new URL('../golden/lm-notes-tiny.json', import.meta.url), 'utf8')) as {
  cases: { text: string; logprobs: number[]; sum_logprob: number }[];
};

/** The exercise section with this id, once its island has hydrated. */
async function exercise(page: Page, id: string): Promise<Locator> {
  const ex = page.locator(`section[data-exercise-id="${id}"]`);
  await ex.scrollIntoViewIfNeeded();
  await expect(ex.locator('form[data-hydrated="true"]')).toBeVisible();
  return ex;
}

async function answer(ex: Locator, text: string) {
  await ex.getByLabel(/^Your (answer|token|span)$/).fill(text);
  await ex.getByRole('button', { name: 'Check' }).click();
}

const progress = (page: Page) => page.locator('.lm-ex-progress [role="status"]');

test('number answers: wrong, outside the tolerance, then right; progress counts it', async ({ page }) => {
  await page.goto(EVAL);
  const total = await page.locator('section[data-exercise-id]').count();
  expect(total).toBeGreaterThanOrEqual(4);
  await expect(progress(page)).toHaveText(`0 of ${total} done`);
  const ex = await exercise(page, 'bits-of-one-token');
  const result = ex.getByRole('status');
  await answer(ex, 'two');
  await expect(result).toContainText('not a number');
  await answer(ex, '2.3'); // −log₂ 0.2 = 2.3219…, tolerance 0.01
  await expect(result).toContainText('Not quite');
  await expect(result).toContainText('too low');
  await answer(ex, String(-Math.log2(0.2) + 0.009));
  await expect(result).toHaveText(/Correct/);
  await answer(ex, '2.33 bits');
  await expect(result).toHaveText(/Correct/);
  await expect(progress(page)).toHaveText(`1 of ${total} done`);
});

test('a model-computed answer equals the golden PyTorch perplexity', async ({ page }) => {
  const usa = golden.cases.find((c) => c.text === 'The United States of America')!;
  const ppl = 2 ** (-usa.sum_logprob / Math.LN2 / usa.logprobs.length);
  await page.goto(EVAL);
  const ex = await exercise(page, 'tiny-model-perplexity');
  await answer(ex, (ppl + 0.6).toFixed(3)); // tolerance 0.5
  await expect(ex.getByRole('status')).toContainText('Not quite');
  await answer(ex, ppl.toFixed(3));
  await expect(ex.getByRole('status')).toHaveText(/Correct/);
  await ex.getByRole('button', { name: 'Show the solution' }).click();
  // The model answer, rounded to 2 decimals (trailing zeros dropped): compared as a number.
  await expect(ex.locator('.lm-ex-answer')).toHaveText(/^\d+(\.\d{1,2})?$/);
  expect(Math.abs(Number(await ex.locator('.lm-ex-answer').textContent()) - ppl)).toBeLessThanOrEqual(0.005 + 1e-9);
});

test('the bits of “␣America” after “The United States of” equal the golden value', async ({ page }) => {
  const usa = golden.cases.find((c) => c.text === 'The United States of America')!;
  const bits = -usa.logprobs[4]! / Math.LN2; // the token after [bos] The United States of
  await page.goto('/unit-1/autoregressive-models/');
  const ex = await exercise(page, 'america-bits');
  await answer(ex, (bits + 0.07).toFixed(3)); // tolerance 0.05
  await expect(ex.getByRole('status')).toContainText('too high');
  await answer(ex, `${bits.toFixed(3)} bits`);
  await expect(ex.getByRole('status')).toHaveText(/Correct/);
});

test('choice answers: wrong then right', async ({ page }) => {
  await page.goto(SAMPLING);
  const ex = await exercise(page, 'draw-with-r');
  await ex.getByLabel('fish').check();
  await ex.getByRole('button', { name: 'Check' }).click();
  await expect(ex.getByRole('status')).toContainText('Not quite');
  // Cumulative sums 0.5, 0.8, 1.0: r = 0.62 lands in the second interval.
  await ex.getByLabel('dog').check();
  await ex.getByRole('button', { name: 'Check' }).click();
  await expect(ex.getByRole('status')).toHaveText(/Correct/);
});

test('text answers: normalised, but case-sensitive when asked', async ({ page }) => {
  await page.goto(CHAT);
  const ex = await exercise(page, 'reply-marker');
  await answer(ex, '<|ASSISTANT|>');
  await expect(ex.getByRole('status')).toContainText('Not quite');
  await answer(ex, '  <|assistant|> ');
  await expect(ex.getByRole('status')).toHaveText(/Correct/);
});

test('pick answers: a pick for the question fills the box, Check grades it; picks for another text do not count', async ({ page }) => {
  await page.goto(EVAL);
  const ex = await exercise(page, 'most-surprising-token');
  const TEXT = 'Once upon a spreadsheet there was a king'; // the question's text
  const box = ex.getByLabel('Your token');
  const result = ex.locator('.lm-ex-result'); // the live region (hidden from role queries while empty)
  const pick = (detail: object) =>
    page.evaluate((d) => document.dispatchEvent(new CustomEvent('lm-notes:pick', { detail: d })), detail);
  // A span of two tokens and a malformed event are ignored by a token exercise.
  await pick({ widget: 'surprisal', kind: 'span', text: 'upon a', tokens: 2, context: TEXT });
  await pick({ widget: 'surprisal', kind: 'token' });
  await expect(box).toHaveValue('');
  // A pick made in another text does not count: the box stays empty, nothing is marked.
  await pick({ widget: 'surprisal', kind: 'token', text: ' time', bits: 1, context: 'Once upon a time there was a king' });
  await expect(box).toHaveValue('');
  await expect(ex.locator('.lm-ex-pick-note')).toContainText('does not count');
  await expect(result).toHaveText('');
  // A pick in the question's text (a one-token span counts as a token) fills the box, unmarked.
  await pick({ widget: 'surprisal', kind: 'span', text: ' upon', tokens: 1, bits: 2, context: TEXT });
  await expect(box).toHaveValue(' upon');
  await expect(ex.locator('.lm-ex-picked')).toContainText('␣upon');
  await expect(ex.locator('.lm-ex-picked')).toContainText('2.00 bits');
  await expect(ex.locator('.lm-ex-picked')).toContainText('Press Check');
  await expect(result).toHaveText('');
  await ex.getByRole('button', { name: 'Check' }).click();
  await expect(result).toContainText('Not quite');
  // The right token, as the build-time model states it in the solution (checked against the
  // golden data by the unit test of the model answers).
  await ex.getByRole('button', { name: 'Show the solution' }).click();
  const right = (await ex.locator('.lm-ex-answer').innerText()).replace('␣', ' ');
  expect(right.trim().length).toBeGreaterThan(0);
  await pick({ widget: 'surprisal', kind: 'token', text: right, context: TEXT });
  await expect(result).toHaveText(''); // the mark went with the old answer
  await ex.getByRole('button', { name: 'Check' }).click();
  await expect(result).toHaveText(/Correct/);
  // Typing replaces the picked answer and the "you picked" line.
  await box.fill('king');
  await expect(result).toHaveText('');
  await expect(ex.locator('.lm-ex-picked')).toHaveCount(0);
  // Typing works without any widget.
  await answer(ex, right.trim());
  await expect(result).toHaveText(/Correct/);
});

test('the next-token figure: only a pick after the question’s prompt fills the answer, and only Check marks it', async ({ page }) => {
  test.setTimeout(420_000);
  const LOAD_MS = 180_000; // the model loads in the browser on first use (WebAssembly, shared CPU)
  await page.goto('/unit-1/what-is-a-language-model/?backend=wasm');
  const ex = await exercise(page, 'most-likely-after-usa');
  const box = ex.getByLabel('Your token');
  const result = ex.locator('.lm-ex-result'); // the live region (hidden from role queries while empty)
  const w = page.locator('section[data-widget-id="next-token"]');
  await w.scrollIntoViewIfNeeded();
  await expect(w).toHaveAttribute('data-hydrated', 'true', { timeout: LOAD_MS });
  const prompt = w.getByLabel('Prompt');
  const settled = async () => {
    await expect(w).toHaveAttribute('data-live', 'true', { timeout: LOAD_MS });
    await expect(w).toHaveAttribute('data-busy', 'false', { timeout: LOAD_MS });
  };
  // Another prompt: the review's "Once upon a" then a click on a token.
  await prompt.fill('Once upon a');
  await settled();
  await w.getByRole('button', { name: /^Append “/ }).first().click();
  await expect(ex.locator('.lm-ex-pick-note')).toContainText('“Once upon a”');
  await expect(box).toHaveValue('');
  await expect(result).toHaveText('');
  await page.reload();
  const again = await exercise(page, 'most-likely-after-usa');
  await expect(again.locator('.lm-ex-result')).toHaveText('');
  await expect(again.getByLabel('Your token')).toHaveValue('');
  // The question's own prompt: the top token fills the box, and nothing is marked until Check.
  await w.scrollIntoViewIfNeeded();
  await expect(w).toHaveAttribute('data-hydrated', 'true', { timeout: LOAD_MS });
  await prompt.fill('The United States of');
  await settled();
  await w.getByRole('button', { name: 'Take the top one' }).click();
  await expect(box).not.toHaveValue('');
  await expect(ex.locator('.lm-ex-picked')).toContainText('after “The United States of”');
  await expect(result).toHaveText('');
  await ex.getByRole('button', { name: 'Check' }).click();
  await expect(result).toHaveText(/Correct/);
  const picked = await box.inputValue();
  // The figure's prompt has grown by the pick; a pick now is for another prompt and changes nothing.
  await settled();
  await w.getByRole('button', { name: /^Append “/ }).first().click();
  await expect(ex.locator('.lm-ex-pick-note')).toContainText('does not count');
  await expect(box).toHaveValue(picked);
  await expect(result).toHaveText(/Correct/);
});

test('hints one at a time and the worked solution on request, kept after a reload', async ({ page }) => {
  await page.goto(EVAL);
  let ex = await exercise(page, 'bits-of-one-token');
  await expect(ex.locator('.lm-ex-hints li')).toHaveCount(0);
  await ex.getByRole('button', { name: /Show a hint/ }).click();
  await expect(ex.locator('.lm-ex-hints li')).toHaveCount(1);
  await ex.getByRole('button', { name: /Next hint/ }).click();
  await ex.getByRole('button', { name: /Next hint/ }).click();
  await expect(ex.locator('.lm-ex-hints li')).toHaveCount(3);
  await expect(ex.getByRole('button', { name: 'No more hints' })).toBeDisabled();
  const toggle = ex.getByRole('button', { name: 'Show the solution' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(ex.getByRole('button', { name: 'Hide the solution' })).toHaveAttribute('aria-expanded', 'true');
  await expect(ex.locator('.lm-ex-solution')).toContainText('Answer: 2.322 bits');
  await expect(ex.locator('.lm-ex-solution .katex').first()).toBeVisible();
  await answer(ex, '2.32');
  await page.reload();
  ex = await exercise(page, 'bits-of-one-token');
  await expect(ex.getByLabel('Your answer')).toHaveValue('2.32');
  await expect(ex.getByRole('status')).toHaveText(/Correct/);
  await expect(ex.locator('.lm-ex-hints li')).toHaveCount(3);
  await expect(ex.locator('.lm-ex-solution')).toBeVisible();
  await expect(progress(page)).toHaveText(/^1 of \d+ done$/);
});

test('reset asks first, then forgets every answer of the page', async ({ page }) => {
  await page.goto(EVAL);
  const a = await exercise(page, 'bits-of-one-token');
  await answer(a, '2.32');
  const b = await exercise(page, 'perplexity-from-bits');
  await answer(b, '5.66');
  await expect(progress(page)).toHaveText(/^2 of \d+ done$/);
  await page.getByRole('button', { name: 'Reset my answers' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress(page)).toHaveText(/^2 of \d+ done$/);
  await page.getByRole('button', { name: 'Reset my answers' }).click();
  await page.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(progress(page)).toHaveText(/^0 of \d+ done$/);
  await expect(a.getByLabel('Your answer')).toHaveValue('');
  await expect(b.locator('.lm-ex-result')).toHaveText('');
  expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBeNull();
  await page.reload();
  await expect(progress(page)).toHaveText(/^0 of \d+ done$/);
});

test('corrupt saved data shows a notice and the exercises still work', async ({ page }) => {
  await page.addInitScript((k) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(k, '{"version":1,"exercises":{"bits-of-one-token":{"response":42}}}');
      sessionStorage.setItem('seeded', '1');
    }
  }, KEY);
  await page.goto(EVAL);
  await expect(page.getByRole('alert')).toContainText('could not be read');
  const ex = await exercise(page, 'bits-of-one-token');
  await expect(ex.getByLabel('Your answer')).toHaveValue('');
  await answer(ex, '2.32');
  await expect(ex.getByRole('status')).toHaveText(/Correct/);
  await expect(progress(page)).toHaveText(/^1 of \d+ done$/);
  const saved = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), KEY))!);
  expect(saved.exercises['bits-of-one-token'].status).toBe('correct');
  await page.reload();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('keyboard only: type and press Enter, choose with arrow keys, open hints with Space', async ({ page }) => {
  await page.goto(SAMPLING);
  const ex = await exercise(page, 'top-p-set-size');
  await ex.getByLabel('Your answer').focus();
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await expect(ex.getByRole('status')).toHaveText(/Correct/);
  await page.keyboard.press('Tab'); // Check
  await page.keyboard.press('Tab'); // hint
  await expect(ex.getByRole('button', { name: /Show a hint/ })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(ex.locator('.lm-ex-hints li')).toHaveCount(1);
  const choice = await exercise(page, 'draw-with-r');
  await choice.getByLabel('cat').focus();
  await page.keyboard.press('ArrowDown'); // dog
  await expect(choice.getByLabel('dog')).toBeChecked();
  await page.keyboard.press('Tab'); // Check
  await expect(choice.getByRole('button', { name: 'Check' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(choice.getByRole('status')).toHaveText(/Correct/);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: no serious violations in the exercises (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(EVAL);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    const ex = await exercise(page, 'bits-of-one-token');
    await answer(ex, '7');
    await ex.getByRole('button', { name: /Show a hint/ }).click();
    await ex.getByRole('button', { name: 'Show the solution' }).click();
    const ok = await exercise(page, 'span-bits');
    await answer(ok, '3.32');
    await page.getByRole('button', { name: 'Reset my answers' }).click();
    const results = await new AxeBuilder({ page }).include('.lm-ex-set').analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    expect(bad).toEqual([]);
  });
}

test('with JavaScript off the questions are readable and no hint or solution is shown', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(EVAL);
  const ex = page.locator('section[data-exercise-id="bits-of-one-token"]');
  await expect(ex.getByRole('heading', { name: 'Surprise of one token' })).toBeVisible();
  await expect(ex.locator('.lm-ex-question')).toContainText('How many bits of surprise is that?');
  await expect(ex.getByLabel('Your answer')).toBeDisabled();
  await expect(ex).toContainText('need JavaScript');
  const text = await page.locator('body').innerText();
  expect(text).not.toContain('a bit more than two fair coin flips'); // from the worked solution
  expect(text).not.toContain('log₂ 5 = ln 5 / ln 2'); // a hint
  await expect(page.locator('.lm-ex-solution:visible')).toHaveCount(0);
  const choice = await context.newPage();
  await choice.goto(SAMPLING);
  await expect(choice.locator('section[data-exercise-id="draw-with-r"]').getByLabel('dog')).toBeVisible();
  await context.close();
});
