/**
 * Loading the bundled public-domain training text from the site (once per page).
 */
import { BUNDLED_TEXT } from '../../lib/train/corpora';

let cached: Promise<string> | null = null;

/** The bundled text's URL on this site (respects the site's base path). */
export function bundledTextUrl(): string {
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  return `${base}${BUNDLED_TEXT.path}`;
}

/** Fetches the bundled text (cached; a failed fetch is retried on the next call). */
export function loadBundledText(): Promise<string> {
  if (!cached) {
    cached = fetch(bundledTextUrl()).then((r) => {
      if (!r.ok) throw new Error(`The bundled text could not be loaded (the server answered ${r.status}).`);
      return r.text();
    });
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}
