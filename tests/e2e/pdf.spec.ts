/**
 * PDFs for Perusall: a page printed through Chromium's print engine (as `npm run pdf` does)
 * keeps its headings and numbers as real text, embeds KaTeX's fonts, and leaves out the
 * navigation and the exercises' solutions. Text comes from `pdftotext` when installed, else
 * from the small extractor in scripts/lib/pdf-text.mjs.
 *
 * To check a widget's build-time numbers in print, add them to EXPECTED below.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { pdfFontNames, pdfText } from '../../scripts/lib/pdf-text.mjs';
import { waitForFonts } from '../../scripts/lib/print-ready.mjs';

/** Strings each printed page must contain as text (headings are added from the page itself). */
const EXPECTED: { page: string; expected: string[]; absent?: string[]; widgetNumbers?: string }[] = [
  {
    page: '/unit-1/evaluating-language-models/',
    // The surprisal figure's build-time totals (read from the static page, so they stay in step).
    widgetNumbers: '.srp-compare',
    // Numbers from the prose and tables (static HTML), and an exercise's question.
    expected: ['4.118', '0.824', '36.089', '2.585', 'Surprise of one token', 'How many bits of surprise is that?'],
    // An exercise's worked solution and the site navigation stay out of print.
    absent: ['a bit more than two fair coin flips', 'Generative modeling', 'Skip to content', 'Reset my answers'],
  },
  {
    page: '/unit-1/what-is-a-language-model/',
    expected: ['The United States of'],
    // The next-token figure's build-time table: probabilities and bits of its first rows.
    widgetNumbers: '.nt-table tbody tr:nth-child(-n+3) td.lmw-num',
  },
  {
    page: '/model/',
    expected: ['256 tokens', '8,192'],
  },
];

/** Whitespace-free form, so line breaks and justified spacing in the PDF do not matter. */
const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

for (const { page: path, expected, absent = [], widgetNumbers } of EXPECTED) {
  test(`the PDF of ${path} has its headings and numbers as text`, async ({ browser }, testInfo) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: testInfo.project.use.baseURL });
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    await page.goto(path, { waitUntil: 'networkidle' });
    await waitForFonts(page);
    const headings = (await page.locator('main h1, main h2').allInnerTexts()).map((h) => h.trim()).filter(Boolean);
    expect(headings.length).toBeGreaterThan(2);
    const figureNumbers: string[] = [];
    if (widgetNumbers) {
      for (const t of await page.locator(widgetNumbers).allInnerTexts()) figureNumbers.push(...(t.match(/\d+\.\d+/g) ?? []));
      expect(figureNumbers.length, `numbers in ${widgetNumbers}`).toBeGreaterThan(1);
    }
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    mkdirSync(testInfo.outputDir, { recursive: true });
    const file = testInfo.outputPath('page.pdf');
    writeFileSync(file, pdf);
    const text = squash(pdfText(file, pdf) as string);
    expect(text.length).toBeGreaterThan(500);
    for (const s of [...headings, ...expected, ...figureNumbers]) expect(text, `PDF text should contain “${s}”`).toContain(squash(s));
    for (const s of absent) expect(text, `PDF text should not contain “${s}”`).not.toContain(squash(s));
    if (path.includes('evaluating')) {
      // Math is typeset with KaTeX's own fonts, embedded in the file.
      expect((pdfFontNames(pdf) as string[]).some((f) => f.startsWith('KaTeX'))).toBe(true);
      // …and its glyphs are text: the worked example's sum, typeset by KaTeX.
      expect(text).toContain(squash('1.000+0.074+0.044+2.000+1.000=4.118'));
    }
    await context.close();
  });
}
