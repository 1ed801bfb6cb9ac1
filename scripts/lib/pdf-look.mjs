// What a printed page looks like, for the PDF tests: renders a PDF's pages to images with
// poppler's `pdftoppm`, finds its words with `pdftotext -bbox` (Debian `poppler-utils`), and
// measures the page background, dark areas and every word's contrast. Images are read as
// binary PPM (P6) or PGM (P5), which need no decoder beyond this file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether poppler's tools are on the PATH. */
export function hasPoppler() {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A binary PPM (P6, RGB) or PGM (P5, grey) image with 8-bit samples, as pdftoppm writes it.
 * @returns {{ width: number, height: number, channels: 1 | 3, data: Uint8Array }}
 */
export function parsePnm(buf) {
  let pos = 0;
  const token = () => {
    for (;;) {
      while (pos < buf.length && /\s/.test(String.fromCharCode(buf[pos]))) pos++;
      if (buf[pos] === 0x23) while (pos < buf.length && buf[pos] !== 0x0a) pos++; // # comment
      else break;
    }
    let s = '';
    while (pos < buf.length && !/\s/.test(String.fromCharCode(buf[pos]))) s += String.fromCharCode(buf[pos++]);
    return s;
  };
  const magic = token();
  if (magic !== 'P6' && magic !== 'P5') throw new Error(`not a binary PPM/PGM image (${magic})`);
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (!(width > 0 && height > 0) || max !== 255) throw new Error(`unsupported image header ${width}×${height}, max ${max}`);
  pos++; // the single whitespace byte after the header
  const channels = magic === 'P6' ? 3 : 1;
  const data = buf.subarray(pos, pos + width * height * channels);
  if (data.length !== width * height * channels) throw new Error('image data is truncated');
  return { width, height, channels, data };
}

const linear = (c) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const LINEAR = Float64Array.from({ length: 256 }, (_, i) => linear(i));

/** WCAG relative luminance (0 black … 1 white) of every pixel. */
export function luminance(img) {
  const n = img.width * img.height;
  const out = new Float64Array(n);
  const d = img.data;
  if (img.channels === 1) for (let i = 0; i < n; i++) out[i] = LINEAR[d[i]];
  else for (let i = 0; i < n; i++) out[i] = 0.2126 * LINEAR[d[3 * i]] + 0.7152 * LINEAR[d[3 * i + 1]] + 0.0722 * LINEAR[d[3 * i + 2]];
  return out;
}

/** WCAG contrast ratio of two relative luminances. */
export const contrast = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * Page-wide measures of one rendered page.
 * - `whiteShare`: share of pixels that are white paper (luminance ≥ 0.9);
 * - `marginWhiteShare`: the same for the outer band of `margin` pixels (the page frame);
 * - `blankBottomShare`: the share of the content area (rows `contentTop` to the height less
 *   `contentBottom`, i.e. inside the page margins) left blank below the last mark on the page;
 * - `darkTiles`: tiles of `tile`×`tile` pixels whose mean luminance is below 0.2, i.e. solid
 *   dark areas (text alone never darkens a whole tile that much), with the largest connected
 *   group of them in `largestDarkArea` (in tiles).
 */
export function pageLook(img, { tile = 12, margin = 8, contentTop = 0, contentBottom = 0 } = {}) {
  const { width: w, height: h } = img;
  const lum = luminance(img);
  let white = 0;
  let marginWhite = 0;
  let marginCount = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const isWhite = lum[y * w + x] >= 0.9;
      if (isWhite) white++;
      if (x < margin || y < margin || x >= w - margin || y >= h - margin) {
        marginCount++;
        if (isWhite) marginWhite++;
      }
    }
  }
  let lastMarkedRow = contentTop - 1;
  for (let y = contentTop; y < h - contentBottom; y++) {
    for (let x = 0; x < w; x++) {
      if (lum[y * w + x] < 0.9) {
        lastMarkedRow = y;
        break;
      }
    }
  }
  const contentRows = h - contentBottom - contentTop;
  const blankBottomShare = (h - contentBottom - 1 - lastMarkedRow) / contentRows;
  const tw = Math.floor(w / tile);
  const th = Math.floor(h / tile);
  const dark = new Uint8Array(tw * th);
  let darkTiles = 0;
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      let sum = 0;
      for (let y = ty * tile; y < (ty + 1) * tile; y++) for (let x = tx * tile; x < (tx + 1) * tile; x++) sum += lum[y * w + x];
      if (sum / (tile * tile) < 0.2) {
        dark[ty * tw + tx] = 1;
        darkTiles++;
      }
    }
  }
  // Largest 4-connected group of dark tiles.
  let largestDarkArea = 0;
  const seen = new Uint8Array(tw * th);
  for (let i = 0; i < dark.length; i++) {
    if (!dark[i] || seen[i]) continue;
    let size = 0;
    const stack = [i];
    seen[i] = 1;
    while (stack.length) {
      const j = stack.pop();
      size++;
      const x = j % tw;
      const y = (j - x) / tw;
      for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]]) {
        if (nx < 0 || ny < 0 || nx >= tw || ny >= th) continue;
        const k = ny * tw + nx;
        if (dark[k] && !seen[k]) {
          seen[k] = 1;
          stack.push(k);
        }
      }
    }
    largestDarkArea = Math.max(largestDarkArea, size);
  }
  return {
    whiteShare: white / (w * h),
    marginWhiteShare: marginWhite / marginCount,
    blankBottomShare,
    darkTiles,
    darkShare: darkTiles / (tw * th),
    largestDarkArea,
    largestDarkShare: largestDarkArea / (tw * th),
  };
}

/**
 * The contrast of one word as printed: its background is the lightest tenth of the pixels in its
 * box (the paper or panel behind it), its ink the darkest 4 % (the glyphs' cores; anti-aliased
 * edges at low resolution are lighter, so this slightly understates the true contrast).
 * @param {{ xMin: number, yMin: number, xMax: number, yMax: number }} box in pixels
 */
export function wordContrast(img, lum, box) {
  const x0 = Math.max(0, Math.floor(box.xMin));
  const x1 = Math.min(img.width, Math.ceil(box.xMax));
  const y0 = Math.max(0, Math.floor(box.yMin));
  const y1 = Math.min(img.height, Math.ceil(box.yMax));
  const values = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) values.push(lum[y * img.width + x]);
  if (values.length < 4) return null;
  values.sort((a, b) => a - b);
  const ink = values[Math.floor(values.length * 0.04)];
  const background = values[Math.min(values.length - 1, Math.floor(values.length * 0.9))];
  return { ink, background, ratio: contrast(ink, background) };
}

/** Words and their boxes (in PDF points) per page, from `pdftotext -bbox`. */
export function pdfWords(pdfFile) {
  const html = execFileSync('pdftotext', ['-bbox', pdfFile, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const pages = [];
  for (const p of html.split(/<page\b/).slice(1)) {
    const words = [];
    for (const m of p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const text = m[5].replace(/&(lt|gt|amp|quot|apos);/g, (_, e) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]);
      words.push({ xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4], text });
    }
    pages.push(words);
  }
  return pages;
}

/**
 * Renders pages of a PDF at `dpi` with pdftoppm (binary PPM) and returns them in page order.
 * `pages` picks 1-based page numbers (all pages when absent).
 */
export function renderPdf(pdfFile, { dpi = 50, pages } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-look-'));
  try {
    const out = [];
    const wanted = pages ?? null;
    if (wanted) {
      for (const n of wanted) {
        execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(n), '-l', String(n), pdfFile, join(dir, `p${n}`)]);
      }
    } else {
      execFileSync('pdftoppm', ['-r', String(dpi), pdfFile, join(dir, 'p')]);
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.ppm'));
    const pageNo = (f) => Number(f.match(/(\d+)\.ppm$/)[1]);
    files.sort((a, b) => pageNo(a) - pageNo(b));
    for (const f of files) out.push({ page: pageNo(f), image: parsePnm(readFileSync(join(dir, f))) });
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Everything the visual PDF check asserts, for one PDF: per page the page-wide measures and the
 * words whose measured contrast is below `minContrast`. At 72 dpi a glyph's thin strokes render
 * lighter than its colour, so the measured ratio understates the real one: black text measures
 * about 20, grey code comments with a real 5.5:1 about 2.9, and the unreadable old dark-theme
 * print 1.1–1.4 (objectives box, code block). `marginMm` is the @page margin (print.css).
 * @param {string} pdfFile
 * @param {{ dpi?: number, minContrast?: number, marginMm?: number, pages?: number[] }} [options]
 */
export function lookAtPdf(pdfFile, { dpi = 72, minContrast = 2.5, marginMm = 16, pages } = {}) {
  const words = pdfWords(pdfFile);
  const scale = dpi / 72;
  return renderPdf(pdfFile, { dpi, pages }).map(({ page, image }) => {
    const lum = luminance(image);
    const marginPx = Math.round((marginMm / 25.4) * dpi);
    const look = pageLook(image, {
      tile: Math.max(4, Math.round(dpi / 6)),
      margin: Math.max(2, Math.round(dpi / 8)),
      contentTop: marginPx,
      contentBottom: marginPx,
    });
    const poorWords = [];
    let checkedWords = 0;
    for (const w of words[page - 1] ?? []) {
      // Words of at least three letters or digits: a lone symbol's strokes are too thin to
      // reach their ink colour once rendered at a low resolution.
      if ((w.text.match(/[\p{L}\p{N}]/gu) ?? []).length < 3) continue;
      const box = { xMin: w.xMin * scale, yMin: w.yMin * scale, xMax: w.xMax * scale, yMax: w.yMax * scale };
      const c = wordContrast(image, lum, box);
      if (!c) continue;
      checkedWords++;
      if (c.ratio < minContrast) {
        poorWords.push({ text: w.text, ratio: Number(c.ratio.toFixed(2)), background: Number(c.background.toFixed(2)) });
      }
    }
    return { page, ...look, checkedWords, poorWords };
  });
}
