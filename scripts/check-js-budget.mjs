// Checks how much JavaScript each built page ships, against the budget in size-budget.json.
// A prose-only page (no island) may ship only Starlight's own scripts; a page with live figures
// may ship up to its own budget on first load (the model worker and the model load on first use
// and are not counted here). Prints a table; exits 1 when a page is over budget.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const budget = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url), 'utf8'));

/** All `index.html` files under `dist`, except generated asset folders. */
function htmlPages(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!['_astro', 'pagefind', 'models', 'ort'].includes(name)) out.push(...htmlPages(full));
    } else if (name.endsWith('.html')) out.push(full);
  }
  return out;
}

/** Static imports of an ES module (`import … from "x"`, `import "x"`, `export … from "x"`). */
function staticImports(code) {
  const specs = [];
  const re = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']/g;
  for (const m of code.matchAll(re)) specs.push(m[1]);
  return specs;
}

/** Bytes of a module and everything it imports statically, counted once per page. */
function moduleGraph(urlPath, seen) {
  if (seen.has(urlPath)) return;
  const file = join(dist, urlPath);
  if (!existsSync(file)) throw new Error(`missing script ${urlPath}`);
  seen.add(urlPath);
  const code = readFileSync(file, 'utf8');
  for (const spec of staticImports(code)) {
    if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
    const next = spec.startsWith('/') ? spec : posix.join(posix.dirname(urlPath), spec);
    moduleGraph(next, seen);
  }
}

function pageJs(html) {
  const modules = new Set();
  let inline = '';
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1];
    if (/type=["']application\/(ld\+)?json["']/.test(attrs)) continue;
    const src = attrs.match(/\bsrc=["']([^"']+)["']/);
    if (src) moduleGraph(src[1], modules);
    else inline += m[2];
  }
  // Islands load their component and renderer by URL attributes rather than <script src>.
  for (const m of html.matchAll(/<astro-island\b[^>]*?\b(?:component-url|renderer-url)=["']([^"']+)["']/g)) {
    moduleGraph(m[1], modules);
  }
  let code = inline;
  for (const m of modules) code += readFileSync(join(dist, m), 'utf8');
  return { bytes: Buffer.byteLength(code), gzip: gzipSync(code).length, islands: /<astro-island\b/.test(html) };
}

const rows = [];
let failed = false;
for (const file of htmlPages(dist)) {
  const html = readFileSync(file, 'utf8');
  const rel = relative(dist, file).split(sep).join('/');
  const path = '/' + rel.replace(/(^|\/)index\.html$/, '');
  const { bytes, gzip, islands } = pageJs(html);
  const limit = islands ? budget.islandPageJsBytes : budget.prosePageJsBytes;
  const over = bytes > limit;
  failed ||= over;
  rows.push({ page: path, kind: islands ? 'live' : 'prose', bytes, gzip, limit, over });
}
rows.sort((a, b) => a.page.localeCompare(b.page));
const pad = (s, n) => String(s).padEnd(n);
console.log(pad('page', 52) + pad('kind', 7) + pad('JS bytes', 10) + pad('gzip', 8) + 'budget');
for (const r of rows) {
  console.log(pad(r.page, 52) + pad(r.kind, 7) + pad(r.bytes, 10) + pad(r.gzip, 8) + r.limit + (r.over ? '  OVER BUDGET' : ''));
}
const prose = rows.filter((r) => r.kind === 'prose');
if (prose.length) {
  const max = Math.max(...prose.map((r) => r.bytes));
  console.log(`\nProse-only pages: ${prose.length}, at most ${max} bytes of JS (all of it Starlight's own: search, theme, menu, table of contents).`);
}
if (failed) {
  console.error('\nJS budget exceeded: see size-budget.json.');
  process.exit(1);
}
