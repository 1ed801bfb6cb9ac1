/**
 * The theme a page's HTML carries before any script runs: light.
 *
 * Starlight renders `<html … data-theme="dark" …>`; its inline ThemeProvider script then sets the
 * reader's choice. Only the `data-theme` attribute of the `<html>` start tag changes, nowhere else
 * (a code sample that shows `data-theme="dark"` in the page body stays as written). HTML without
 * that attribute is returned unchanged.
 */
export function lightByDefault(html: string): string {
  return html.replace(/<html\b[^>]*>/i, (tag) => tag.replace(/(\sdata-theme=)(["'])dark\2/i, '$1$2light$2'));
}
