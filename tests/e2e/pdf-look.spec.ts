/**
 * What the PDFs for Perusall look like, not only what text they hold (pdf.spec.ts): every page
 * of the site is printed as `npm run pdf` prints it (JavaScript off, Chromium's print engine,
 * the same options), with the reader's system set to dark, and each PDF page is rendered to an
 * image with poppler's `pdftoppm` at 72 dpi (scripts/lib/pdf-look.mjs reads the PPM itself).
 * On every page: white paper up to the edges, no large dark area, every word legible against
 * what is behind it, and no page but the last left mostly blank by a figure that jumped to the
 * next one. The print rendering of a sample of pages passes axe.
 *
 * Needs `pdftoppm` and `pdftotext` (Debian `poppler-utils`; `.ci/run` installs it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { builtPages } from './site-pages';
import { hasPoppler, lookAtPdf } from '../../scripts/lib/pdf-look.mjs';
import { pdfOptions, waitForFonts } from '../../scripts/lib/print-ready.mjs';

type PageLook = {
  page: number;
  whiteShare: number;
  marginWhiteShare: number;
  blankBottomShare: number;
  darkShare: number;
  largestDarkShare: number;
  checkedWords: number;
  poorWords: { text: string; ratio: number }[];
};

/** The checks on one rendered PDF; returns the problems found, as readable lines. */
function problems(looks: PageLook[]): string[] {
  const out: string[] = [];
  for (const p of looks) {
    const last = p.page === looks.length;
    if (p.marginWhiteShare < 0.99) out.push(`page ${p.page}: the page frame is not white (${(100 * p.marginWhiteShare).toFixed(0)} % white)`);
    if (p.whiteShare < 0.5) out.push(`page ${p.page}: only ${(100 * p.whiteShare).toFixed(0)} % of the page is white paper`);
    if (p.largestDarkShare > 0.01 || p.darkShare > 0.03) {
      out.push(`page ${p.page}: a dark area covers ${(100 * p.largestDarkShare).toFixed(1)} % of the page (${(100 * p.darkShare).toFixed(1)} % dark in all)`);
    }
    if (p.poorWords.length) out.push(`page ${p.page}: words hard to read: ${p.poorWords.slice(0, 8).map((w) => `“${w.text}” ${w.ratio}:1`).join(', ')}`);
    if (!last && p.blankBottomShare > 0.5) out.push(`page ${p.page}: ${(100 * p.blankBottomShare).toFixed(0)} % of the page is left blank`);
  }
  return out;
}

test.describe('printed pages look right', () => {
  test.skip(!hasPoppler(), 'needs pdftoppm and pdftotext: apt-get install poppler-utils (.ci/run does)');
  test.beforeAll(() => {
    // On CI a missing poppler is an error, not a skip: the check would silently vanish.
    if (process.env.CI) expect(hasPoppler(), 'pdftoppm and pdftotext (poppler-utils)').toBe(true);
  });

  for (const path of builtPages()) {
    test(`the PDF of ${path} is light and legible`, async ({ browser }, testInfo) => {
      test.setTimeout(180_000);
      const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'dark', baseURL: testInfo.project.use.baseURL });
      const page = await context.newPage();
      await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
      await page.goto(path, { waitUntil: 'networkidle' });
      await waitForFonts(page);
      const title = (await page.title()).replace(/\s*\|\s*LM Notes$/, '');
      mkdirSync(testInfo.outputDir, { recursive: true });
      const file = testInfo.outputPath('page.pdf');
      writeFileSync(file, await page.pdf(pdfOptions(title)));
      const looks = lookAtPdf(file) as PageLook[];
      expect(looks.length).toBeGreaterThan(0);
      expect(looks.reduce((n, p) => n + p.checkedWords, 0), 'words measured').toBeGreaterThan(50);
      expect(problems(looks)).toEqual([]);

      await context.close();
    });
  }

  // axe on the print rendering of a sample of pages (a full axe run takes 20–40 s a page on two
  // busy cores): the one with most kinds of figure, code, exercises and the objectives box; the
  // colour-coded token strips; and the reference page with asides, tables and code. axe cannot
  // run with JavaScript switched off (its timers never fire), so it checks the same rendering
  // with every page script blocked by a Content Security Policy instead.
  for (const path of ['/unit-1/sampling/', '/unit-1/chat-as-a-document/', '/authoring/']) {
    test(`the print rendering of ${path} without JavaScript passes axe`, async ({ browser }, testInfo) => {
      test.setTimeout(180_000);
      const context = await browser.newContext({ colorScheme: 'dark', baseURL: testInfo.project.use.baseURL });
      await context.route('**/*', async (route) => {
        if (route.request().resourceType() !== 'document') return route.continue();
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "script-src 'none'" } });
      });
      const page = await context.newPage();
      await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
      await page.goto(path, { waitUntil: 'networkidle' });
      await expect(page.locator('html'), 'no page script ran').toHaveAttribute('data-theme', 'light');
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
      expect(bad).toEqual([]);
      await context.close();
    });
  }

  test('a reader who chose the dark theme prints on white paper too', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    // With JavaScript on, the theme picker's stored choice applies on screen…
    await page.emulateMedia({ colorScheme: 'light' });
    await page.addInitScript(() => localStorage.setItem('starlight-theme', 'dark'));
    await page.goto('/authoring/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await waitForFonts(page);
    // …and paper is light all the same (print.css maps the dark palette to the light one).
    mkdirSync(testInfo.outputDir, { recursive: true });
    const file = testInfo.outputPath('dark-reader.pdf');
    writeFileSync(file, await page.pdf(pdfOptions('Authoring')));
    const looks = lookAtPdf(file, { pages: [1, 2, 3, 4] }) as PageLook[];
    expect(problems(looks)).toEqual([]);
  });
});

test.describe('without JavaScript the site is light', () => {
  for (const path of ['/', '/unit-1/sampling/', '/model/']) {
    test(`${path} renders in the light theme even when the system prefers dark`, async ({ browser }, testInfo) => {
      const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'dark', baseURL: testInfo.project.use.baseURL });
      const page = await context.newPage();
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
      const [r = 0, g = 0, b = 0] = await page.evaluate(() =>
        (getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g) ?? []).map(Number),
      );
      expect(Math.min(r, g, b), `body background rgb(${r}, ${g}, ${b})`).toBeGreaterThan(240);
      const ink = await page.evaluate(() => getComputedStyle(document.querySelector('main h1')!).color);
      const dark = (ink.match(/\d+/g) ?? []).slice(0, 3).map(Number);
      expect(Math.max(...dark), `heading colour ${ink}`).toBeLessThan(80);
      await context.close();
    });
  }

  test('with JavaScript the reader’s choice still applies before the page is shown', async ({ page }) => {
    test.setTimeout(120_000);
    // Record the theme at the moment the parser reaches <body>: nothing is painted before that,
    // so this is the theme of the first paint.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body) {
          (window as unknown as { themeAtBody?: string }).themeAtBody = document.documentElement.dataset.theme;
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    // System dark, nothing stored ("auto"): dark from the first paint, no flash of the light default.
    // (A page without live figures: the theme logic is Starlight's, the same on every page.)
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/model/card/');
    expect(await page.evaluate(() => (window as unknown as { themeAtBody?: string }).themeAtBody)).toBe('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    // Picking "Light" in the picker switches and is remembered.
    await page.getByRole('combobox', { name: 'Select theme' }).first().selectOption('light');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    // And "Dark" with a light system.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('combobox', { name: 'Select theme' }).first().selectOption('dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await page.evaluate(() => (window as unknown as { themeAtBody?: string }).themeAtBody)).toBe('dark');
  });
});
