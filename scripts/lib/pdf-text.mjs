// A small text extractor for the PDFs Chromium prints (no dependencies beyond Node's zlib):
// enough to check that a page's headings and numbers are real, selectable text in the PDF.
// It reads each page's content streams, follows the fonts' ToUnicode maps, and writes one line
// per text positioning operator. Use `pdftotext` instead when it is installed (pdfText does).
import { execFileSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';

/** Every `n 0 obj … endobj` of the file: its dictionary text and its (decoded) stream. */
function objects(buf) {
  const s = buf.toString('latin1');
  const out = new Map();
  const re = /(\d+)\s+0\s+obj\b/g;
  let m;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    if (end < 0) break;
    const body = s.slice(start, end);
    const si = body.indexOf('stream');
    let dict = body;
    let stream = null;
    if (si >= 0 && /^\s*<</.test(body)) {
      dict = body.slice(0, si);
      let dataStart = start + si + 'stream'.length;
      if (s[dataStart] === '\r') dataStart++;
      if (s[dataStart] === '\n') dataStart++;
      const dataEnd = s.lastIndexOf('endstream', end);
      let data = buf.subarray(dataStart, dataEnd);
      if (/\/FlateDecode/.test(dict)) {
        try {
          data = inflateSync(data);
        } catch {
          data = Buffer.alloc(0);
        }
      }
      stream = data;
    }
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

/** The glyph-code → text map of a ToUnicode CMap, and its code width in bytes. */
function parseCMap(text) {
  const map = new Map();
  let width = 2;
  const cs = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(text);
  if (cs) width = cs[1].length / 2;
  const hexToStr = (h) => {
    let r = '';
    for (let i = 0; i + 4 <= h.length; i += 4) r += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
    return r;
  };
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const e of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(parseInt(e[1], 16), hexToStr(e[2]));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const e of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]+)>|\[([^\]]*)\])/g)) {
      const lo = parseInt(e[1], 16);
      const hi = parseInt(e[2], 16);
      if (e[3] !== undefined) {
        const base = hexToStr(e[3]);
        const last = base.charCodeAt(base.length - 1);
        for (let c = lo; c <= hi; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(last + c - lo));
      } else {
        const items = [...e[4].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => hexToStr(x[1]));
        for (let c = lo; c <= hi; c++) map.set(c, items[c - lo] ?? '');
      }
    }
  }
  return { map, width };
}

const ref = (dict, key) => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** Text of a PDF buffer, one line per positioned run, pages separated by form feeds. */
export function extractPdfText(buf) {
  const objs = objects(buf);
  const cmaps = new Map();
  const fontMap = (num) => {
    if (!cmaps.has(num)) {
      const f = objs.get(num);
      const tu = f ? ref(f.dict, 'ToUnicode') : null;
      const cm = tu !== null ? objs.get(tu) : null;
      cmaps.set(num, cm?.stream ? parseCMap(cm.stream.toString('latin1')) : { map: new Map(), width: 1 });
    }
    return cmaps.get(num);
  };
  const pages = [...objs.entries()].filter(([, o]) => /\/Type\s*\/Page\b/.test(o.dict)).sort((a, b) => a[0] - b[0]);
  const texts = [];
  for (const [, page] of pages) {
    let res = page.dict;
    const resRef = ref(page.dict, 'Resources');
    if (resRef !== null) res = objs.get(resRef)?.dict ?? '';
    let fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(res)?.[1] ?? '';
    const fontRef = /\/Font\s+(\d+)\s+0\s+R/.exec(res);
    if (fontRef) fontDict = objs.get(Number(fontRef[1]))?.dict ?? '';
    const fonts = new Map([...fontDict.matchAll(/\/([\w.+-]+)\s+(\d+)\s+0\s+R/g)].map((m) => [m[1], Number(m[2])]));
    const contentRefs = [];
    const arr = /\/Contents\s*\[([^\]]*)\]/.exec(page.dict);
    if (arr) for (const m of arr[1].matchAll(/(\d+)\s+0\s+R/g)) contentRefs.push(Number(m[1]));
    else {
      const one = ref(page.dict, 'Contents');
      if (one !== null) contentRefs.push(one);
    }
    let out = '';
    let y = 0;
    let cur = { map: new Map(), width: 1 };
    const decode = (bytes) => {
      let r = '';
      for (let i = 0; i + cur.width <= bytes.length; i += cur.width) {
        let code = 0;
        for (let k = 0; k < cur.width; k++) code = code * 256 + bytes[i + k];
        r += cur.map.get(code) ?? '';
      }
      return r;
    };
    for (const cref of contentRefs) {
      const content = objs.get(cref)?.stream?.toString('latin1') ?? '';
      // Operands are kept so text positioning can tell a new line (y changes) from a glyph
      // placed further along the same line (Skia positions runs and single glyphs).
      const tokenRe = /\/([\w.+-]+)\s+[-\d.]+\s+Tf|<([0-9a-fA-F\s]*)>|\((?:\\.|[^\\)])*\)|((?:-?[\d.]+\s+){2,6})(Td|TD|Tm)\b|\b(T\*|BT|ET)\b/g;
      let t;
      while ((t = tokenRe.exec(content))) {
        if (t[1] !== undefined) {
          const num = fonts.get(t[1]);
          cur = num !== undefined ? fontMap(num) : { map: new Map(), width: 1 };
        } else if (t[2] !== undefined) {
          out += decode(Buffer.from(t[2].replace(/\s+/g, ''), 'hex'));
        } else if (t[0].startsWith('(')) {
          const lit = t[0].slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e) =>
            /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[e] ?? e);
          out += decode(Buffer.from(lit, 'latin1'));
        } else if (t[4] !== undefined) {
          const nums = t[3].trim().split(/\s+/).map(Number);
          const newY = t[4] === 'Tm' ? nums[nums.length - 1] : y + nums[nums.length - 1];
          if (Math.abs(newY - y) > 1 && !out.endsWith('\n')) out += '\n';
          y = newY;
        } else if (t[5] === 'T*' && !out.endsWith('\n')) {
          out += '\n';
        }
      }
    }
    texts.push(out);
  }
  return texts.join('\f');
}

/** Names of the fonts embedded in a PDF (BaseFont entries, subset prefixes removed). */
export function pdfFontNames(buf) {
  const s = buf.toString('latin1');
  return [...new Set([...s.matchAll(/\/BaseFont\s*\/(?:[A-Z]{6}\+)?([\w.-]+)/g)].map((m) => m[1]))];
}

/** The text of a PDF file: `pdftotext` when installed, else the small extractor above. */
export function pdfText(path, buf) {
  try {
    return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return extractPdfText(buf);
  }
}
