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
  await expect(ex.locator('.lm-ex-answer')).toHaveText(ppl.toFixed(2));
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

test('pick answers: a widget pick event fills, shows and checks the answer', async ({ page }) => {
  await page.goto(EVAL);
  const ex = await exercise(page, 'most-surprising-token');
  const pick = (detail: object) =>
    page.evaluate((d) => document.dispatchEvent(new CustomEvent('lm-notes:pick', { detail: d })), detail);
  // A span pick and a malformed event are ignored by a token exercise.
  await pick({ widget: 'surprisal', kind: 'span', text: 'upon a' });
  await pick({ widget: 'surprisal', kind: 'token' });
  await expect(ex.getByLabel('Your token')).toHaveValue('');
  await pick({ widget: 'surprisal', kind: 'token', text: ' upon', p: 0.25, bits: 2 });
  await expect(ex.getByLabel('Your token')).toHaveValue(' upon');
  await expect(ex.locator('.lm-ex-picked')).toContainText('␣upon');
  await expect(ex.locator('.lm-ex-picked')).toContainText('2.00 bits');
  await expect(ex.getByRole('status')).toContainText('Not quite');
  // The right token, as the build-time model states it in the solution (checked against the
  // golden data by the unit test of the model answers).
  await ex.getByRole('button', { name: 'Show the solution' }).click();
  const right = (await ex.locator('.lm-ex-answer').innerText()).replace('␣', ' ');
  expect(right.trim().length).toBeGreaterThan(0);
  await pick({ widget: 'surprisal', kind: 'token', text: right });
  await expect(ex.getByRole('status')).toHaveText(/Correct/);
  // Typing works without any widget.
  await answer(ex, right.trim());
  await expect(ex.getByRole('status')).toHaveText(/Correct/);
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
