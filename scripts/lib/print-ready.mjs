// Shared by `npm run pdf` and the PDF test: wait until a page is ready for Chromium's print
// engine.

/**
 * Waits until every web font the printed page uses has loaded: KaTeX's fonts are
 * `font-display: block`, so math printed before they arrive would be blank. Works with the
 * page's own JavaScript off (Playwright evaluates in the page regardless).
 */
export async function waitForFonts(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    const pending = [...document.fonts].filter((f) => f.status === 'loading');
    await Promise.all(pending.map((f) => f.loaded.catch(() => null)));
  });
}

/**
 * Chromium's print options for a page of the notes: A4 with print.css's margins, backgrounds
 * on, and a footer with the page's title and page numbers. `npm run pdf` and the PDF tests print
 * with these, so the tests look at the same paper as Perusall.
 * @param {string} title the page's title, without the site name
 */
export function pdfOptions(title) {
  const safe = title.replace(/[<&]/g, '');
  return {
    format: 'A4',
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: `<div style="font: 8px sans-serif; width: 100%; padding: 0 14mm; display: flex; justify-content: space-between; color: #222;"><span>LM Notes · ${safe}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
    outline: true,
    tagged: true,
  };
}
