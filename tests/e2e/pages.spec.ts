import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { builtPages } from './site-pages';

const pages = builtPages();

test('the build has the whole unit', () => {
  expect(pages.filter((p) => p.startsWith('/unit-1/')).length).toBeGreaterThanOrEqual(10);
});

for (const path of pages) {
  test.describe(`page ${path}`, () => {
    test('renders a heading and all of its math', async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      // rehype-katex renders failed formulas as .katex-error spans: there must be none.
      await expect(page.locator('.katex-error')).toHaveCount(0);
      // Every formula has its MathML twin for screen readers and its visible HTML form.
      const formulas = await page.locator('.katex').count();
      await expect(page.locator('.katex .katex-mathml')).toHaveCount(formulas);
      await expect(page.locator('.katex .katex-html')).toHaveCount(formulas);
    });

    test('fits a phone screen: nothing pushes the page sideways, and it is accessible there', async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(path);
      // Scroll through so every island hydrates (they hydrate when visible) before measuring.
      for (let y = 0; y < 40; y++) await page.mouse.wheel(0, 600);
      await page.waitForTimeout(500);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
      expect(bad).toEqual([]);
    });

    for (const scheme of ['light', 'dark'] as const) {
      test(`has no serious accessibility violations (${scheme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
        const results = await new AxeBuilder({ page }).analyze();
        const bad = results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
        expect(bad).toEqual([]);
      });
    }
  });
}

test.describe('an unknown address', () => {
  // The browser logs the 404 status of the page itself as a console error; that one is asked for.
  test.use({ allowConsoleErrors: [/Failed to load resource: the server responded with a status of 404/] });
  test('answers 404 with a page that links home and to the first notes page', async ({ page }) => {
    const res = await page.goto('/no-such-page/');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the start page' })).toHaveAttribute('href', '/');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    const notes = page.getByRole('link', { name: 'Read the notes from the first page' });
    await notes.click();
    await expect(page).toHaveURL(/\/unit-1\/what-is-a-language-model\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('What a language model is');
    // The 404 page is not a page of the notes: it is not built a second time as /404/.
    expect(pages).not.toContain('/404/');
  });
});
