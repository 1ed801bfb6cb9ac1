import { defineMiddleware } from 'astro:middleware';
import { lightByDefault } from './lib/static/light-by-default';

/**
 * Every page's HTML starts in the light theme.
 *
 * Starlight's `Page.astro` writes `<html data-theme="dark">` into the HTML and lets its inline
 * ThemeProvider script (in `<head>`, before the body is parsed) replace it with the reader's
 * stored or system choice. Without JavaScript (Perusall's snapshot, `npm run pdf`, a no-JS
 * reader) nothing replaces it, so those readers got the dark theme whatever they prefer. This
 * middleware only swaps that one attribute's initial value; with JavaScript the ThemeProvider
 * still sets the theme before the first paint, so the picker and the auto choice work as before.
 * Runs at build time for the static pages and in `astro dev`.
 */
export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.includes('text/html')) return response;
  const html = await response.text();
  return new Response(lightByDefault(html), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
});
