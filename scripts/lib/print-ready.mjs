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
