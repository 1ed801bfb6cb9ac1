/**
 * The training widgets on the built site: train on the toy corpus and watch the loss fall to the
 * best bigram loss, sample (greedy loops, seeded replays), pause and resume a longer run while
 * the page stays responsive, compare the models with the transformer (numbers equal to each
 * model's own scoring), the word-order test, bad input, keyboard operation and accessibility.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

const PAGE = '/unit-1/from-bigrams-to-memory/';
/** The best a bigram model can do on "the good, the bad and the ugly": 3·log₂3 / 7 bits per token. */
const TOY_BEST_BITS = (3 * Math.log2(3)) / 7;

/** Opens the page and waits for the trainer to hydrate. */
async function openTrainer(page: Page): Promise<Locator> {
  await page.goto(PAGE);
  const trainer = page.getByTestId('bigram-trainer');
  await trainer.scrollIntoViewIfNeeded();
  await expect(trainer).toHaveAttribute('data-hydrated', 'true');
  return trainer;
}

/** Number in a data attribute. */
async function num(loc: Locator, attr: string): Promise<number> {
  const v = await loc.getAttribute(attr);
  expect(v, `${attr} is set`).not.toBeNull();
  expect(v).not.toBe('');
  return Number(v);
}

/** The trainer's main button (Train / Pause / Resume / Train N more steps). */
function primary(trainer: Locator): Locator {
  return trainer.locator('button.train__primary');
}

test.describe('bigram trainer', () => {
  test('renders a description, the toy corpus, the labels and what will happen before any script runs', async ({ request }) => {
    const html = await (await request.get(PAGE)).text();
    const section = html.slice(html.indexOf('data-testid="bigram-trainer"'));
    expect(section).toContain('Train a language model in this page');
    expect(section).toContain('the good, the bad and the ugly');
    for (const label of ['Training text', 'Tokenizer', 'Model', 'Steps per run', 'Learning rate η', 'Temperature T', 'Sampling seed', 'Held-out text']) {
      expect(section, label).toContain(label);
    }
    expect(section).toContain('No training yet. When you press Train, the loss starts near');
    expect(section).toMatch(/<button[^>]*class="train__primary"[^>]*disabled/);
    const comparison = html.slice(html.indexOf('data-testid="model-comparison"'));
    expect(comparison).toContain('loads the model on first use');
    expect(comparison).toContain('Alice drank water');
  });

  test('toy corpus by keyboard: the loss falls to the best bigram loss, samples loop, embeddings in 2-D', async ({ page }) => {
    const trainer = await openTrainer(page);
    await expect(trainer.getByTestId('toy-corpus')).toContainText('the good, the bad and the ugly');
    // Keyboard only: focus the main button and press Enter.
    await primary(trainer).focus();
    await expect(primary(trainer)).toHaveText('Train');
    await page.keyboard.press('Enter');
    await expect(trainer).toHaveAttribute('data-phase', 'finished');
    await expect(trainer).toHaveAttribute('data-step', '500');
    await expect(primary(trainer)).toBeFocused();
    await expect(primary(trainer)).toHaveText('Train 500 more steps');

    // The loss fell from about log2 7 ≈ 2.81 bits to the bigram optimum ≈ 0.679.
    const loss = await num(trainer, 'data-loss-bits');
    expect(loss).toBeGreaterThanOrEqual(TOY_BEST_BITS - 1e-6);
    expect(loss - TOY_BEST_BITS).toBeLessThan(0.02);
    await expect(trainer.getByTestId('chart-caption')).toContainText('Loss after 500 steps');
    await expect(trainer.getByTestId('chart-caption')).toContainText('log₂ 7');
    const chart = trainer.getByRole('img', { name: /Training loss in bits per token/ });
    await expect(chart).toBeVisible();
    const path = await chart.locator('path.train-chart__line').getAttribute('d');
    const ys = [...(path ?? '').matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys.length).toBeGreaterThan(50);
    expect(ys.at(-1) as number).toBeGreaterThan(ys[0] as number); // SVG y grows downwards: the curve went down
    await expect(trainer.getByRole('status').first()).toContainText('Finished 500 steps');

    // The six tokens in 2-D (the bigram model's columns, projected).
    const scatter = trainer.getByRole('img', { name: /Token vectors in 2-D/ });
    await expect(scatter).toBeVisible();
    await expect(scatter.locator('text.train-scatter__label')).toHaveText(['the', 'good', ',', 'bad', 'and', 'ugly']);

    // Greedy sampling (T = 0, set with the keyboard) from "the" falls into a loop.
    const slider = trainer.getByLabel(/Temperature T/);
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(trainer.getByTestId('temperature-value')).toHaveText('0 (greedy)');
    await trainer.getByRole('button', { name: 'Sample', exact: true }).press('Enter');
    const sample = trainer.getByTestId('sample-text');
    await expect(sample).toHaveAttribute('data-temperature', '0');
    await expect(sample).toContainText(/^the /);
    await expect(trainer.getByTestId('sample-loop')).toContainText('no memory');

    // T = 1 with a visible seed replays exactly; another seed (almost surely) differs.
    await slider.fill('1');
    await expect(trainer.getByTestId('temperature-value')).toHaveText('1.0');
    await trainer.getByLabel('Sampling seed').fill('7');
    await trainer.getByRole('button', { name: 'Sample', exact: true }).click();
    await expect(sample).toHaveAttribute('data-seed', '7');
    const first = await sample.textContent();
    await trainer.getByLabel('Sampling seed').fill('8');
    await trainer.getByRole('button', { name: 'Sample', exact: true }).click();
    await expect(sample).toHaveAttribute('data-seed', '8');
    await trainer.getByLabel('Sampling seed').fill('7');
    await trainer.getByRole('button', { name: 'Sample', exact: true }).click();
    await expect(sample).toHaveAttribute('data-seed', '7');
    await expect(sample).toHaveText(first as string);
    // Every pair in a bigram sample from the toy corpus is a pair of the corpus, except after "ugly" (never followed by anything).
    const words = (first as string).replace(/,/g, ' ,').split(/\s+/);
    const seen = new Set(['the>good', 'good>,', ',>the', 'the>bad', 'bad>and', 'and>the', 'the>ugly']);
    for (let i = 1; i < words.length; i++) if (words[i - 1] !== 'ugly') expect(seen.has(`${words[i - 1]}>${words[i]}`), `${words[i - 1]} → ${words[i]}`).toBe(true);

    // Scoring a held-out sentence gives bits per token and perplexity = 2^(bits per token).
    await trainer.getByRole('button', { name: 'Score', exact: true }).click();
    const score = trainer.getByTestId('trainer-score');
    const bpt = await num(score, 'data-bits-per-token');
    expect(await num(score, 'data-perplexity')).toBeCloseTo(2 ** bpt, 10);
    expect(await num(score, 'data-scored')).toBe(7);

    // The page is accessible with trained widgets showing.
    const results = await new AxeBuilder({ page }).include('[data-testid="bigram-trainer"]').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
    expect(bad).toEqual([]);
  });

  test('the context-averaging model with d = 2 on the toy corpus: embeddings drawn as they are', async ({ page }) => {
    const trainer = await openTrainer(page);
    await trainer.getByLabel('Model', { exact: true }).selectOption('average');
    await expect(trainer.getByLabel('Embedding dimension d')).toHaveValue('2');
    await primary(trainer).click();
    await expect(trainer).toHaveAttribute('data-phase', 'finished');
    expect(await num(trainer, 'data-loss-bits')).toBeLessThan(TOY_BEST_BITS); // it sees more than one token back
    await expect(trainer.getByRole('img', { name: /dimension 1 across, dimension 2 up/ })).toBeVisible();
    await expect(trainer.getByTestId('train-facts')).toContainText('d = 2');
  });

  test('pause and resume continue from where training was, and the page stays responsive while it trains', async ({ page }) => {
    test.setTimeout(120_000);
    const trainer = await openTrainer(page);
    // Radio buttons by keyboard: from the toy corpus, ArrowRight moves to the Alice excerpt.
    await trainer.getByLabel('The toy corpus').focus();
    await page.keyboard.press('ArrowRight');
    await expect(trainer.getByLabel('Alice in Wonderland (chapter I)')).toBeChecked();
    await expect(trainer.getByLabel('Steps per run')).toHaveValue('2000');
    await primary(trainer).click();
    await expect(trainer).toHaveAttribute('data-phase', 'running');
    await expect.poll(async () => num(trainer, 'data-step')).toBeGreaterThan(20);

    // While it trains: the training runs in its own worker, not on the page's thread (so the
    // page cannot stall on it, without timing anything), typing is handled, a sample comes back.
    const workerNames = await Promise.all(page.workers().map((w) => w.evaluate(() => (self as unknown as { name: string }).name)));
    expect(workerNames).toContain('lm-notes-trainer');
    const heldOut = trainer.getByLabel('Held-out text');
    await heldOut.fill('');
    await heldOut.pressSequentially('the rabbit ran', { delay: 20 });
    await expect(heldOut).toHaveValue('the rabbit ran');
    await expect(trainer).toHaveAttribute('data-phase', 'running');
    await trainer.getByRole('button', { name: 'Sample', exact: true }).click();
    await expect(trainer.getByTestId('sample-text')).toBeVisible();
    await expect(trainer).toHaveAttribute('data-phase', 'running');

    // Pause: the step stops moving.
    await expect(primary(trainer)).toHaveText('Pause');
    await primary(trainer).click();
    await expect(trainer).toHaveAttribute('data-phase', 'paused');
    const pausedAt = await num(trainer, 'data-step');
    expect(pausedAt).toBeLessThan(2000);
    const pausedLoss = await num(trainer, 'data-loss-bits');
    await page.waitForTimeout(600);
    expect(await num(trainer, 'data-step')).toBe(pausedAt);
    await expect(trainer.getByRole('status').first()).toContainText(`Paused at step ${pausedAt.toLocaleString('en')}`);

    // Resume: training continues from that step (the curve is not restarted) to the end of the run.
    await expect(primary(trainer)).toHaveText('Resume');
    await primary(trainer).click();
    await expect.poll(async () => num(trainer, 'data-step')).toBeGreaterThan(pausedAt);
    await expect(trainer).toHaveAttribute('data-phase', 'finished', { timeout: 90_000 });
    await expect(trainer).toHaveAttribute('data-step', '2000');
    expect(await num(trainer, 'data-loss-bits')).toBeLessThan(pausedLoss + 0.3);
    await expect(trainer.getByTestId('chart-caption')).toContainText('Loss after 2,000 steps');
  });

  test('bad input: empty and one-token texts get a clear message, a huge paste is cut with a notice', async ({ page }) => {
    const trainer = await openTrainer(page);
    await trainer.getByLabel('Your own text').check();
    const box = trainer.getByLabel(/Your text/);
    await box.fill('   ');
    await primary(trainer).click();
    await expect(trainer.getByRole('alert')).toContainText('The training text is empty');
    await expect(trainer).toHaveAttribute('data-phase', 'empty');

    await box.fill('hello');
    await primary(trainer).click();
    await expect(trainer.getByRole('alert')).toContainText('single token');
    await expect(trainer).toHaveAttribute('data-phase', 'empty');

    const huge = 'Down, down, down. Would the fall never come to an end? '.repeat(500); // 27,500 characters
    await box.fill(huge);
    await expect(trainer.getByTestId('truncation-notice')).toContainText('only the first 20,000 are used');
    await trainer.getByLabel('Tokenizer').selectOption('chars');
    await trainer.getByLabel('Steps per run').fill('50');
    await primary(trainer).click();
    await expect(trainer).toHaveAttribute('data-phase', 'finished');
    await expect(trainer.getByText('the model was trained on the first 20,000')).toBeVisible();
    await expect(trainer.getByRole('alert')).toHaveCount(0);

    // Changing a setting after training says that Train starts a new model.
    await trainer.getByLabel('Tokenizer').selectOption('words');
    await expect(trainer.getByTestId('settings-changed')).toBeVisible();
    await expect(primary(trainer)).toHaveText('Train a new model');
  });
});

test.describe('model comparison', () => {
  test('the table shows each model’s own scores; the word-order test separates the models', async ({ page }) => {
    test.setTimeout(180_000);
    const trainer = await openTrainer(page);
    // Train both of the reader's models on the Alice excerpt, character tokens.
    await trainer.getByLabel('Alice in Wonderland (chapter I)').check();
    await trainer.getByLabel('Tokenizer').selectOption('chars');
    await primary(trainer).click();
    await expect(trainer).toHaveAttribute('data-phase', 'finished', { timeout: 60_000 });
    await trainer.getByLabel('Model', { exact: true }).selectOption('average');
    await trainer.getByLabel('Steps per run').fill('600');
    await primary(trainer).click();
    await expect(trainer).toHaveAttribute('data-phase', 'finished', { timeout: 60_000 });

    const sentence = 'She poured the tea into her favourite cup';
    const ownScore = async (model: 'bigram' | 'average'): Promise<{ bpt: number; ppl: number; total: number }> => {
      await trainer.getByLabel('Model', { exact: true }).selectOption(model);
      await trainer.getByLabel('Held-out text').fill(sentence);
      await trainer.getByRole('button', { name: 'Score', exact: true }).click();
      const s = trainer.getByTestId('trainer-score');
      await expect(s).toBeVisible();
      return { bpt: await num(s, 'data-bits-per-token'), ppl: await num(s, 'data-perplexity'), total: await num(s, 'data-total-bits') };
    };
    const own = { average: await ownScore('average'), bigram: await ownScore('bigram') };

    // The transformer's own numbers, from the diagnostics panel of "The model" page (same model).
    const modelPage = await page.context().newPage();
    await modelPage.goto('/model/');
    const diag = modelPage.locator('section.lm-diag');
    await diag.scrollIntoViewIfNeeded();
    await expect(diag).toHaveAttribute('data-hydrated', 'true');
    await diag.getByLabel('Text to score').fill(sentence);
    await diag.getByRole('button', { name: 'Score' }).click();
    const diagTable = diag.locator('table[data-total-logprob]');
    await expect(diagTable).toBeVisible({ timeout: 60_000 });
    const transformerBits = -(await num(diagTable, 'data-total-logprob')) / Math.LN2;
    const transformerTokens = await diag.locator('tbody tr').count();
    await modelPage.close();

    const comparison = page.getByTestId('model-comparison');
    await comparison.scrollIntoViewIfNeeded();
    await expect(comparison).toHaveAttribute('data-hydrated', 'true');
    await expect(comparison.getByLabel('Held-out sentence')).toHaveValue(sentence);
    await comparison.getByRole('button', { name: 'Score with every model' }).click();
    const table = comparison.getByTestId('comparison-table');
    for (const m of ['bigram', 'average', 'transformer']) await expect(table.locator(`tr[data-model="${m}"]`)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

    for (const m of ['bigram', 'average'] as const) {
      const row = table.locator(`tr[data-model="${m}"]`);
      expect(await num(row, 'data-bits-per-token')).toBe(own[m].bpt);
      expect(await num(row, 'data-perplexity')).toBe(own[m].ppl);
      expect(await num(row, 'data-total-bits')).toBe(own[m].total);
      await expect(row).toContainText('the Alice excerpt, characters');
    }
    const tRow = table.locator('tr[data-model="transformer"]');
    expect(await num(tRow, 'data-total-bits')).toBeCloseTo(transformerBits, 9);
    expect(await num(tRow, 'data-tokens')).toBe(transformerTokens);
    const tBpt = await num(tRow, 'data-bits-per-token');
    expect(tBpt).toBeCloseTo(transformerBits / transformerTokens, 9);
    expect(await num(tRow, 'data-perplexity')).toBeCloseTo(2 ** tBpt, 9);
    await expect(tRow).toContainText('(loaded)');
    // Bits per character put the models on one scale: the transformer beats the bigram model.
    expect(await num(tRow, 'data-bits-per-char')).toBeLessThan(await num(table.locator('tr[data-model="bigram"]'), 'data-bits-per-char'));
    // The verdict names the lowest bits per character among the models that know every token.
    const ranked: [string, number][] = [];
    for (const m of ['bigram', 'average', 'transformer']) {
      const row = table.locator(`tr[data-model="${m}"]`);
      if ((await row.getAttribute('data-ranked')) === 'true') ranked.push([m, await num(row, 'data-bits-per-char')]);
    }
    ranked.sort((x, y) => x[1] - y[1]);
    await expect(table).toHaveAttribute('data-best', ranked[0]?.[0] ?? '');

    // Word order: only the context-averaging model predicts the same next token after both orders.
    await comparison.getByRole('button', { name: 'Run the word-order test' }).click();
    const order = comparison.getByTestId('order-table');
    for (const m of ['bigram', 'average', 'transformer']) await expect(order.locator(`tr[data-model="${m}"]`)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const avg = order.locator('tr[data-model="average"]');
    await expect(avg).toHaveAttribute('data-same', 'true');
    expect(await num(avg, 'data-max-diff')).toBeLessThan(1e-9);
    // …while the probabilities of the two sentences themselves differ.
    expect(Math.abs((await num(avg, 'data-bits-a')) - (await num(avg, 'data-bits-b')))).toBeGreaterThan(1e-6);
    await expect(order.locator('tr[data-model="bigram"]')).toHaveAttribute('data-same', 'false');
    await expect(order.locator('tr[data-model="transformer"]')).toHaveAttribute('data-same', 'false');

    const results = await new AxeBuilder({ page }).include('[data-testid="model-comparison"]').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
    expect(bad).toEqual([]);
  });

  test('a model that knows none of the sentence’s words is shown but not ranked (review Part 2, item 9)', async ({ page }) => {
    test.setTimeout(240_000);
    const trainer = await openTrainer(page);
    await primary(trainer).click(); // the toy corpus, word tokens: none of the held-out words
    await expect(trainer).toHaveAttribute('data-phase', 'finished', { timeout: 60_000 });
    const comparison = page.getByTestId('model-comparison');
    await comparison.scrollIntoViewIfNeeded();
    await comparison.getByRole('button', { name: 'Score with every model' }).click();
    const table = comparison.getByTestId('comparison-table');
    const bigram = table.locator('tr[data-model="bigram"]');
    const tRow = table.locator('tr[data-model="transformer"]');
    await expect(tRow).toHaveAttribute('data-state', 'done', { timeout: 150_000 }); // loads the model (shared CPU)
    await expect(bigram).toHaveAttribute('data-state', 'done');
    await expect(bigram).toHaveAttribute('data-ranked', 'false');
    await expect(bigram).toContainText('not ranked');
    await expect(tRow).toHaveAttribute('data-ranked', 'true');
    await expect(table).toHaveAttribute('data-best', 'transformer');
    await expect(comparison.getByTestId('comparison-verdict')).toContainText('Transformer');
    await expect(comparison.getByTestId('comparison-not-ranked')).toContainText('your bigram model');
  });

  test('a missing model can be trained from the comparison, which the trainer then shows', async ({ page }) => {
    await page.goto(PAGE);
    const comparison = page.getByTestId('model-comparison');
    await comparison.scrollIntoViewIfNeeded();
    await expect(comparison).toHaveAttribute('data-hydrated', 'true');
    const row = comparison.getByTestId('comparison-table').locator('tr[data-model="bigram"]');
    await expect(row).toContainText('not trained yet');
    await row.getByRole('button', { name: 'Train one here' }).click();
    await expect(row).toContainText('2,000 steps', { timeout: 30_000 });
    const trainer = page.getByTestId('bigram-trainer');
    await trainer.scrollIntoViewIfNeeded();
    await expect(trainer).toHaveAttribute('data-phase', 'finished');
    await expect(trainer.getByTestId('train-facts')).toContainText('Trained on the Alice excerpt with the character tokenizer');
  });
});

test('dark theme: both widgets, trained and scored, have no serious accessibility violations', async ({ page }) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  const trainer = await openTrainer(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await primary(trainer).click();
  await expect(trainer).toHaveAttribute('data-phase', 'finished');
  await trainer.getByRole('button', { name: 'Sample', exact: true }).click();
  await trainer.getByRole('button', { name: 'Score', exact: true }).click();
  await expect(trainer.getByTestId('trainer-score')).toBeVisible();
  const comparison = page.getByTestId('model-comparison');
  await comparison.scrollIntoViewIfNeeded();
  await expect(comparison).toHaveAttribute('data-hydrated', 'true');
  await comparison.getByRole('button', { name: 'Score with every model' }).click();
  await expect(comparison.getByTestId('comparison-table').locator('tr[data-model="transformer"]')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await comparison.getByRole('button', { name: 'Run the word-order test' }).click();
  await expect(comparison.getByTestId('order-table').locator('tr[data-model="transformer"]')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const results = await new AxeBuilder({ page }).include('[data-testid="bigram-trainer"]').include('[data-testid="model-comparison"]').analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  expect(bad).toEqual([]);
});
