/**
 * What a new reader trips over outside the figures' numbers: search excerpts, the model card,
 * names in the sidebar, the LM internals page's navigation, token strips and buttons.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';

test('search excerpts show formulas as read, never their TeX source', async ({ page }) => {
  await page.goto('/');
  const excerpts = await page.evaluate(async () => {
    // The site's own Pagefind bundle, as the search box uses it.
    const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
    const found = [];
    for (const term of ['perplexity', 'softmax', 'temperature', 'entropy', 'bits']) {
      const { results } = await pagefind.search(term);
      for (const r of results.slice(0, 8)) found.push((await r.data()).excerpt as string);
    }
    return found;
  });
  expect(excerpts.length).toBeGreaterThan(10);
  const tex = excerpts.filter((e) => /\\[a-zA-Z]+|[_^]\{/.test(e.replace(/<[^>]+>/g, '')));
  expect(tex, 'excerpts with TeX in them').toEqual([]);
});

test('the model card is a page of the site, rendered from the model’s own README', async ({ page }) => {
  await page.goto('/model/');
  await page.getByRole('link', { name: 'model card' }).click();
  await expect(page).toHaveURL(/\/model\/card\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Model card: lm-notes-tiny');
  // Every section heading of the file is on the page (read now, so the test follows the file).
  const md = readFileSync('public/models/lm-notes-tiny/README.md', 'utf8');
  const sections = [...md.matchAll(/^## (.+)$/gm)].map((m) => (m[1] ?? '').replace(/[`*_]/g, '').trim());
  expect(sections.length).toBeGreaterThan(2);
  for (const s of sections) await expect(page.getByRole('heading', { level: 2, name: s, exact: true })).toBeVisible();
  // One h1 only: the card's own "# lm-notes-tiny" is the page title's job.
  await expect(page.locator('main h1')).toHaveCount(1);
});

test('every sidebar entry is named like the page it opens, and LM internals has the sidebar', async ({ page }) => {
  await page.goto('/lm-internals/');
  const links = page.locator('nav.sidebar a[href]');
  await expect(links.first()).toBeAttached();
  const entries = await links.evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href')!, label: a.textContent!.trim() })));
  expect(entries.map((e) => e.href)).toContain('/lm-internals/');
  for (const { href, label } of entries) {
    if (href === '/') continue; // "Overview" names the home page, whose title is the course's
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 }), `sidebar “${label}” → ${href}`).toHaveText(label);
  }
});

test('a token strip never breaks a token: a leading space stays with its word', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/unit-1/evaluating-language-models/');
  const tokens = page.locator('.srp-token');
  await expect(tokens.first()).toBeAttached();
  const broken = await tokens.evaluateAll((ts) =>
    ts.filter((t) => t.getClientRects().length > 1).map((t) => JSON.stringify(t.textContent)),
  );
  expect(await tokens.count()).toBeGreaterThan(20);
  expect(broken, 'tokens split across lines').toEqual([]);
  // …and the strip still wraps: its tokens sit on more than one line.
  const tops = await tokens.evaluateAll((ts) => new Set(ts.map((t) => Math.round(t.getBoundingClientRect().top))).size);
  expect(tops).toBeGreaterThan(2);
});

test('buttons look the same in the figures and in the panels', async ({ page }) => {
  const look = (sel: string) =>
    page.locator(sel).first().evaluate((b) => {
      const s = getComputedStyle(b);
      return { background: s.backgroundColor, color: s.color, radius: s.borderTopLeftRadius };
    });
  await page.goto('/unit-1/from-bigrams-to-memory/');
  const figure = await look('.lmw-button:not(.lmw-button--quiet)');
  const trainer = await look('.lm-panel.train button');
  expect(trainer).toEqual(figure);
  await page.goto('/model/');
  expect(await look('.lm-panel button')).toEqual(figure);
});
