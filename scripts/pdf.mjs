// `npm run pdf`: one clean PDF per page of the built site, for Perusall and for printing.
// Builds the site first when dist/ is missing, serves dist/ on a local port, opens every page
// in Chromium (Debian's, as in playwright.config.ts) with JavaScript off, so live figures and
// exercises show their static, build-time state, and prints it with Chromium's print engine
// (print stylesheet: no navigation, KaTeX fonts embedded, figures kept whole). Writes
// pdf/<page>.pdf, e.g. pdf/unit-1-sampling.pdf.
//
// Usage: npm run pdf [-- --only unit-1/sampling] [-- --rebuild]
import { spawnSync } from 'node:child_process';
import { chromiumArgs, chromiumPath } from './lib/chromium.mjs';
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { pdfOptions, waitForFonts } from './lib/print-ready.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const outDir = join(root, 'pdf');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;

if (!existsSync(join(dist, 'index.html')) || args.includes('--rebuild')) {
  console.log('Building the site first (dist/ is missing)…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Every page of the built site as a URL path, like tests/e2e/site-pages.ts. */
function pages(dir = dist) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!['_astro', 'pagefind', 'models', 'ort'].includes(name)) found.push(...pages(full));
    } else if (name === 'index.html') {
      const rel = relative(dist, dir).split(sep).join('/');
      found.push(rel ? `/${rel}/` : '/');
    }
  }
  return found.sort();
}

/** File name of a page's PDF: "/unit-1/sampling/" → "unit-1-sampling.pdf", "/" → "index.pdf". */
export function pdfName(path) {
  const slug = path.replace(/^\/|\/$/g, '').replaceAll('/', '-');
  return `${slug || 'index'}.pdf`;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.ico': 'image/x-icon', '.xml': 'application/xml',
};

/** A static file server for dist/ on a free local port. */
function serve() {
  const server = createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dist, p));
    if (!file.startsWith(dist)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const server = await serve();
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: chromiumArgs,
});
mkdirSync(outDir, { recursive: true });
let count = 0;
try {
  const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'light' });
  // Nothing may come from outside this machine.
  await context.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  const page = await context.newPage();
  for (const path of pages()) {
    if (only && !path.includes(only)) continue;
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    await page.goto(base + path, { waitUntil: 'networkidle' });
    await waitForFonts(page);
    const title = (await page.title()).replace(/\s*\|\s*LM Notes$/, '');
    const file = join(outDir, pdfName(path));
    await page.pdf({ path: file, ...pdfOptions(title) });
    count++;
    console.log(`${relative(root, file)}  ${path}`);
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`Wrote ${count} PDF${count === 1 ? '' : 's'} to pdf/.`);
