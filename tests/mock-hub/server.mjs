// A stand-in for the Hugging Face Hub, for tests without internet. It serves the embedded model
// (public/models/lm-notes-tiny) under the Hub's URL layout for ANY repository name, and, when
// started with `{ fixtures: true }` (CLI: `--fixtures`), the tiny architecture fixtures of
// tests/fixtures/hub/{owner}/{name}/ (built by model/fixtures/make_fixtures.py) under their real
// repository ids, file for file: a fixture repository serves only the files it has (a dtype it
// lacks is a 404, as on the Hub), other names still get the embedded model.
//
//   GET /{owner}/{name}/resolve/{revision}/{file}       the file (any onnx/model*.onnx → model_quantized.onnx,
//                                                       the file the golden data is of)
//   GET /__404/{owner}/{name}/resolve/{revision}/{file} always 404
//   GET /__truncated/{owner}/{name}/resolve/…           like the first, but .onnx files cut in half
//   GET /__log                                          JSON list of the requests served so far
//   POST /__reset                                       clears that list
//
// Range requests (`bytes=a-b`, used by transformers.js to read sizes) get 206 + Content-Range.
// CORS is open, as on the real Hub. Run alone with `node tests/mock-hub/server.mjs [port]`, or
// import `startMockHub()` in a test.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, normalize } from 'node:path';

const MODEL_DIR = fileURLToPath(new URL('../../public/models/lm-notes-tiny/', import.meta.url));
const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/hub/', import.meta.url));

/** `rel` inside `dir` when it is a file there, else null (never outside `dir`). */
function fileIn(dir, rel) {
  const full = normalize(join(dir, rel));
  if (!full.startsWith(dir) || !existsSync(full) || !statSync(full).isFile()) return null;
  return full;
}

/** The fixture folder of a repository id, or null when there is no fixture for it. */
export function fixtureDir(repo) {
  if (!/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(repo)) return null;
  const dir = normalize(join(FIXTURES_DIR, repo)) + '/';
  return dir.startsWith(FIXTURES_DIR) && existsSync(join(dir, 'config.json')) ? dir : null;
}

/** The local file standing in for a Hub file, or null if there is none. */
function localFile(repo, file, fixtures) {
  const dir = fixtures ? fixtureDir(repo) : null;
  if (dir) return fileIn(dir, file);
  const rel = /^onnx\/model(_[a-z0-9]+)?\.onnx$/.test(file) ? 'onnx/model_quantized.onnx' : file;
  return fileIn(MODEL_DIR, rel);
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': 'content-length, content-range, etag',
};

/**
 * Starts the mock Hub on `port` (0: any free port); `options.fixtures` serves the architecture
 * fixtures under their repository ids. Resolves to its base URL (with trailing slash), the log
 * of requests served, and a close function.
 */
export function startMockHub(port = 0, options = {}) {
  const fixtures = options.fixtures === true;
  const log = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    if (url.pathname === '/__log') {
      res.writeHead(200, { 'content-type': 'application/json', ...CORS });
      res.end(JSON.stringify(log));
      return;
    }
    if (url.pathname === '/__reset' && req.method === 'POST') {
      log.length = 0;
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    let path = decodeURIComponent(url.pathname);
    let mode = 'ok';
    for (const m of ['404', 'truncated']) {
      if (path.startsWith(`/__${m}/`)) {
        mode = m;
        path = path.slice(`/__${m}`.length);
      }
    }
    const match = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    log.push({ method: req.method, mode, path, range: req.headers.range ?? null });
    const file = match ? localFile(match[1], match[3], fixtures) : null;
    if (mode === '404' || !file) {
      res.writeHead(404, { 'content-type': 'text/plain', ...CORS });
      res.end('Entry not found');
      return;
    }
    let body = readFileSync(file);
    if (mode === 'truncated' && file.endsWith('.onnx')) body = body.subarray(0, Math.floor(body.length / 2));
    const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}`, ...CORS });
        res.end();
        return;
      }
      const part = body.subarray(start, end + 1);
      res.writeHead(206, {
        'content-type': type,
        'content-length': String(part.length),
        'content-range': `bytes ${start}-${end}/${body.length}`,
        ...CORS,
      });
      res.end(req.method === 'HEAD' ? undefined : part);
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': String(body.length), ...CORS });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        log,
        close: () => new Promise((done) => server.close(() => done(undefined))),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const args = process.argv.slice(2);
  const fixtures = args.includes('--fixtures');
  const port = args.find((a) => /^\d+$/.test(a));
  const hub = await startMockHub(Number(port ?? 8765), { fixtures });
  console.log(`mock Hub serving ${fixtures ? `${FIXTURES_DIR} (fixtures) and ` : ''}${MODEL_DIR} at ${hub.url}`);
}
