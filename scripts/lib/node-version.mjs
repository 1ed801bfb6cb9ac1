// The Node versions the project runs on, and a check that needs no dependency (it runs before
// `npm ci`). The range is the intersection of what the installed packages declare (checked
// over every package's `engines.node` in node_modules, Dec 2026): on the 20 line sitemap needs
// 20.19.5, on the 22 line @napi-rs/wasm-runtime and eslint-visitor-keys need 22.13; 23 is not
// supported by them before 23.5 and is out of support anyway. package.json's "engines" says the same.

/** The supported range, as written in package.json "engines". */
export const NODE_RANGE = '^20.19.5 || ^22.13.0 || >=24';

/** Lowest supported [major, minor, patch] per major line; majors from 24 on are all fine. */
const LINES = { 20: [20, 19, 5], 22: [22, 13, 0] };

/** Null when `version` ("v20.20.2" or "20.20.2") is supported, else a sentence saying what is needed. */
export function nodeVersionProblem(version) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return `Could not read the Node version "${version}"; LM Notes needs Node ${NODE_RANGE}.`;
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  const min = LINES[v[0]];
  const ok = v[0] >= 24 || (min !== undefined && (v[1] > min[1] || (v[1] === min[1] && v[2] >= min[2])));
  return ok ? null : `LM Notes needs Node ${NODE_RANGE} (this is Node ${m[0].replace(/^v?/, '')}). Install a supported Node (e.g. the current 22 LTS) and run npm start again.`;
}
