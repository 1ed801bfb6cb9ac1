// `npm run model:add -- <owner/name> [--dtype q4] [--label "…"] [--hub URL] [--dest DIR] [--registry FILE] [--bos TOKEN]`
//
// Downloads the files transformers.js loads for one Hugging Face Hub model (config.json,
// generation_config.json when there is one, tokenizer.json, tokenizer_config.json and the ONNX
// weights of one dtype with their external-data files, plus the README as the model card) into
// public/models/{owner}/{name}/, and registers the model in src/models.added.json, which
// src/lib/lm/registry.ts reads: the site then serves the model itself (source 'local'), the
// model picker lists it, and src/site.config.ts may name it as `defaultModel` or `figuresModel`.
//
// Each file is written under a temporary name and renamed once complete, so an interrupted
// download never leaves half a file under the real name. Sizes recorded are the bytes on disk.
// Hub host: --hub, else $HF_ENDPOINT, else `hubHost` in src/site.config.ts. Public repositories
// only (no token is sent).
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** ONNX file suffix per dtype, as transformers.js names the files (same table as `dtypeSuffix` in registry.ts). */
export const DTYPE_SUFFIX = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4', q4f16: '_q4f16', bnb4: '_bnb4' };

/** The dtype used when --dtype is not given: 4-bit weights, which most transformers.js exports have. */
export const DEFAULT_DTYPE = 'q4';

/** The longest context the runtime feeds an added model (registry `runtimeContext`), as for the Hub models. */
export const RUNTIME_CONTEXT_CAP = 2048;

/** Most external-data chunks probed (transformers.js allows 100). */
const MAX_DATA_CHUNKS = 100;

/** A problem to report in one plain line (no stack trace). */
export class AddError extends Error {}

const USAGE = `Usage: npm run model:add -- <owner/name> [--dtype ${Object.keys(DTYPE_SUFFIX).join('|')}] [--label "…"] [--hub URL] [--dest DIR] [--registry FILE] [--bos TOKEN]`;

/** Parses the command line (without `node script`). */
export function parseArgs(argv) {
  const opts = { id: undefined, dtype: DEFAULT_DTYPE, hub: undefined, dest: undefined, label: undefined, registry: undefined, bos: undefined };
  const names = { '--dtype': 'dtype', '--hub': 'hub', '--dest': 'dest', '--label': 'label', '--registry': 'registry', '--bos': 'bos' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--help' || flag === '-h') throw new AddError(USAGE);
    if (flag in names) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new AddError(`${flag} needs a value.\n${USAGE}`);
      opts[names[flag]] = value;
    } else if (flag.startsWith('-')) {
      throw new AddError(`Unknown option ${flag}.\n${USAGE}`);
    } else if (opts.id === undefined) {
      opts.id = a;
    } else {
      throw new AddError(`One model at a time (got "${opts.id}" and "${a}").\n${USAGE}`);
    }
  }
  if (opts.id === undefined) throw new AddError(USAGE);
  if (!/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(opts.id) || opts.id.includes('..')) {
    throw new AddError(`"${opts.id}" is not a Hub repository id: give it as owner/name, as on the Hub (e.g. HuggingFaceTB/SmolLM2-135M-Instruct).`);
  }
  if (!(opts.dtype in DTYPE_SUFFIX)) throw new AddError(`Unknown dtype "${opts.dtype}": use one of ${Object.keys(DTYPE_SUFFIX).join(', ')}.`);
  return opts;
}

/** The Hub host, with a trailing slash: --hub, else $HF_ENDPOINT, else site.config.ts's `hubHost`. */
export function hubHost(flag, env = process.env) {
  let host = flag ?? env.HF_ENDPOINT;
  if (!host) {
    // site.config.ts is TypeScript: read the one string rather than import it.
    const text = readFileSync(join(ROOT, 'src/site.config.ts'), 'utf8');
    host = /\bhubHost:\s*['"]([^'"]+)['"]/.exec(text)?.[1] ?? 'https://huggingface.co/';
  }
  return host.endsWith('/') ? host : `${host}/`;
}

/** The context window a config declares (also inside `text_config`), or null. */
export function contextLengthOf(config) {
  for (const c of [config, config?.text_config]) {
    for (const k of ['max_position_embeddings', 'n_positions', 'n_ctx']) {
      if (c && Number.isInteger(c[k]) && c[k] > 0) return c[k];
    }
  }
  return null;
}

/** A token's text whether the config writes it as a string or as `{ content }`. */
function tokenText(t) {
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof t.content === 'string') return t.content;
  return null;
}

/**
 * The token put before a text when scoring it, with the reason. As the registry's hand-picked
 * entries do: `<|endoftext|>` when the vocabulary has it (the document separator of GPT-2-style
 * pretraining, used by SmolLM2 and Qwen, whose configs name a chat marker or nothing as bos);
 * else the tokenizer's bos token (`<bos>` for Gemma), else the config's bos id, else eos.
 */
export function pickBosToken(config, tokenizerConfig, tokenizer) {
  const vocab = tokenizer?.model?.vocab;
  const added = Array.isArray(tokenizer?.added_tokens) ? tokenizer.added_tokens : [];
  const inVocab = (t) => added.some((a) => a.content === t) || (vocab && !Array.isArray(vocab) && typeof vocab === 'object' && Object.hasOwn(vocab, t));
  if (inVocab('<|endoftext|>')) return { token: '<|endoftext|>', why: 'the vocabulary has <|endoftext|>, the document separator' };
  const bos = tokenText(tokenizerConfig?.bos_token);
  if (bos) return { token: bos, why: "tokenizer_config.json's bos_token" };
  const bosId = Array.isArray(config?.bos_token_id) ? config.bos_token_id[0] : config?.bos_token_id;
  const byId = Number.isInteger(bosId) ? added.find((a) => a.id === bosId)?.content : undefined;
  if (byId) return { token: byId, why: "config.json's bos_token_id" };
  const eos = tokenText(tokenizerConfig?.eos_token);
  if (eos) return { token: eos, why: "no bos token: tokenizer_config.json's eos_token" };
  return null;
}

/** The licence in a model card's YAML front matter (`license:`, or `license_name:` for "other"), or undefined. */
export function licenceFromReadme(text) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!m) return undefined;
  const field = (k) => new RegExp(`^${k}:\\s*['"]?([^'"\\n]+?)['"]?\\s*$`, 'm').exec(m[1])?.[1];
  const licence = field('license');
  if (licence === 'other') return field('license_name') ?? 'other';
  return licence;
}

/** Bytes as "12.3 MB". */
function mb(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

/** fetch, with a network failure turned into one plain sentence. */
async function request(url, method = 'GET') {
  try {
    return await fetch(url, { method, redirect: 'follow' });
  } catch (e) {
    const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(e);
    throw new AddError(`Could not reach ${new URL(url).origin} (${cause}). Check the network connection, or the address given with --hub / HF_ENDPOINT.`);
  }
}

/** Whether a status means "no such file" (401/403: the Hub's answer for a missing, private or gated repository). */
const missing = (status) => status === 404 || status === 401 || status === 403;

/** The file being written right now, removed if the process is interrupted. */
let partFile = null;

/**
 * Downloads `url` to `target` through `target.part` (renamed when complete); returns its size on
 * disk, or null on 404 (and 401/403) when the file is optional. Prints a progress line.
 */
async function download(url, target, name, { optional = false, log }) {
  const res = await request(url);
  if (missing(res.status)) {
    await res.body?.cancel();
    if (optional) return null;
    throw new AddError(`${name} is missing (HTTP ${res.status} for ${url}).`);
  }
  if (!res.ok || !res.body) throw new AddError(`${name}: HTTP ${res.status} ${res.statusText} for ${url}.`);
  // With a content-encoding, content-length counts the compressed bytes: no check then.
  const total = res.headers.get('content-encoding') ? 0 : Number(res.headers.get('content-length') ?? 0);
  mkdirSync(dirname(target), { recursive: true });
  const part = `${target}.part`;
  partFile = part;
  let loaded = 0;
  let shown = 0;
  const tty = process.stdout.isTTY === true;
  const count = new Transform({
    transform(chunk, _enc, done) {
      loaded += chunk.length;
      const now = Date.now();
      if (tty && now - shown > 200) {
        shown = now;
        process.stdout.write(`\r  ${name}  ${mb(loaded)}${total ? ` of ${mb(total)} (${Math.floor((100 * loaded) / total)} %)` : ''}   `);
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body), count, createWriteStream(part));
    if (total && loaded !== total) throw new Error(`cut short: ${loaded} of ${total} bytes`);
    renameSync(part, target);
  } catch (e) {
    rmSync(part, { force: true });
    throw e instanceof AddError ? e : new AddError(`The download of ${name} failed (${e?.cause?.code ?? e?.message ?? e}); nothing was kept of it. Run the command again.`);
  } finally {
    partFile = null;
  }
  const bytes = statSync(target).size;
  if (tty) process.stdout.write('\r\x1b[K');
  log(`  ${name}  ${bytes.toLocaleString('en-US')} bytes`);
  return bytes;
}

/** Whether the Hub has `file` (a HEAD request). */
async function exists(url) {
  const res = await request(url, 'HEAD');
  return res.ok;
}

/** Reads a JSON file written by this script (or by hand), with the file named in any error. */
function readJson(path, what) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AddError(`${what} (${path}) is not valid JSON: ${e.message}`);
  }
}

/**
 * Downloads the model and registers it. `opts` as from parseArgs, plus `hub` (resolved host);
 * `log` prints a line. Returns the registry entry written.
 */
export async function addModel(opts, log = console.log) {
  const { id, dtype } = opts;
  const hub = opts.hub;
  const destRoot = resolve(opts.dest ?? join(ROOT, 'public/models'));
  const registry = resolve(opts.registry ?? join(ROOT, 'src/models.added.json'));
  const dir = normalize(join(destRoot, id));
  const url = (file) => `${hub}${id}/resolve/main/${file}`;
  const suffix = DTYPE_SUFFIX[dtype];
  const weights = `onnx/model${suffix}.onnx`;

  log(`Adding ${id} (${dtype} weights) from ${hub} to ${dir}/`);
  // config.json first: an unknown repository fails here, before anything is written.
  const configRes = await request(url('config.json'));
  if (missing(configRes.status)) {
    await configRes.body?.cancel();
    throw new AddError(
      `${hub}${id} has no config.json (HTTP ${configRes.status}): check the repository id (owner/name, spelled as on the Hub). Private and gated repositories cannot be downloaded by this command.`,
    );
  }
  if (!configRes.ok) throw new AddError(`config.json: HTTP ${configRes.status} ${configRes.statusText} for ${url('config.json')}.`);
  const configText = await configRes.text();
  let config;
  try {
    config = JSON.parse(configText);
  } catch {
    throw new AddError(`${url('config.json')} is not JSON: is ${hub} a Hugging Face Hub (or a mirror with the same layout)?`);
  }

  // The weights of this dtype, before any large download: a repository without them is not a
  // transformers.js export, or has other dtypes.
  if (!(await exists(url(weights)))) {
    // In order of preference: small files that run everywhere first.
    const found = [];
    for (const d of ['q4', 'q8', 'int8', 'uint8', 'bnb4', 'q4f16', 'fp16', 'fp32']) if (d !== dtype && (await exists(url(`onnx/model${DTYPE_SUFFIX[d]}.onnx`)))) found.push(d);
    if (found.length === 0) {
      throw new AddError(
        `${id} has no ONNX weights (no onnx/model*.onnx): it is not an ONNX export for transformers.js. Look for a converted copy (often under onnx-community/ on the Hub) or convert it with Optimum.`,
      );
    }
    throw new AddError(`${id} has no ${weights} (dtype ${dtype}). It has: ${found.join(', ')}. Try --dtype ${found[0]}.`);
  }

  mkdirSync(dir, { recursive: true });
  const files = [];
  const configPath = join(dir, 'config.json');
  writeFileSync(`${configPath}.part`, configText);
  renameSync(`${configPath}.part`, configPath);
  files.push({ path: 'config.json', bytes: statSync(configPath).size });
  log(`  config.json  ${files[0].bytes.toLocaleString('en-US')} bytes`);

  const get = async (file, optional = false) => {
    const bytes = await download(url(file), join(dir, file), file, { optional, log });
    if (bytes !== null) files.push({ path: file, bytes });
    return bytes;
  };
  await get('generation_config.json', true);
  await get('tokenizer.json');
  await get('tokenizer_config.json');
  await get(weights);
  // External data (weights over 2 GB, or exports that always split them): _data, _data_1, …
  let chunks = 0;
  while (chunks < MAX_DATA_CHUNKS && (await get(`${weights}_data${chunks === 0 ? '' : `_${chunks}`}`, true)) !== null) chunks++;
  const card = await download(url('README.md'), join(dir, 'README.md'), 'README.md (model card)', { optional: true, log });

  const tokenizerConfig = readJson(join(dir, 'tokenizer_config.json'), 'tokenizer_config.json');
  const tokenizer = readJson(join(dir, 'tokenizer.json'), 'tokenizer.json');
  const bos = opts.bos ? { token: opts.bos, why: '--bos' } : pickBosToken(config, tokenizerConfig, tokenizer);
  if (!bos) throw new AddError(`No bos or eos token found in ${id}'s tokenizer files: give the token to score after with --bos.`);
  let contextLength = contextLengthOf(config);
  if (contextLength === null) {
    contextLength = RUNTIME_CONTEXT_CAP;
    log(`  note: config.json gives no context length (max_position_embeddings); assuming ${contextLength}.`);
  }
  const declared = config?.['transformers.js_config']?.use_external_data_format;
  if (chunks > 0 && !declared) log(`  warning: ${weights} has ${chunks} external-data file(s) but config.json does not declare them (transformers.js_config.use_external_data_format); transformers.js will not load them.`);
  if (tokenizerConfig.chat_template === undefined) log('  note: no chat template in tokenizer_config.json; the chat figures (LM internals) need one, so this model cannot be the figures model.');
  if (dtype === 'fp16' || dtype === 'q4f16') log(`  note: ${dtype} needs a GPU with shader-f16; on WebAssembly and at build time it runs slowly if at all. q4 or q8 run everywhere.`);
  const stale = existsSync(join(dir, 'onnx')) ? readdirSync(join(dir, 'onnx')).filter((f) => !files.some((x) => x.path === `onnx/${f}`)) : [];
  if (stale.length > 0) log(`  note: also in ${dir}/onnx/ from before, not used by this entry: ${stale.join(', ')} (delete them if you do not need them).`);

  const name = id.split('/')[1];
  const loadBytes = files.reduce((s, f) => s + f.bytes, 0);
  const licence = card !== null ? licenceFromReadme(readFileSync(join(dir, 'README.md'), 'utf8')) : undefined;
  const entry = {
    id,
    label: opts.label ?? `${name} (this site)`,
    description: `${name}${typeof config.model_type === 'string' ? ` (${config.model_type} architecture)` : ''}, downloaded from the Hugging Face Hub with ${dtype} weights and served by this site.`,
    source: 'local',
    approxBytes: { wasm: loadBytes, webgpu: loadBytes },
    contextLength,
    runtimeContext: Math.min(contextLength, RUNTIME_CONTEXT_CAP),
    dtypes: { wasm: dtype, webgpu: dtype },
    bosToken: bos.token,
    modelCard: `${hub}${id}`,
    ...(licence ? { licence } : {}),
    files: card !== null ? [...files, { path: 'README.md', bytes: card }] : files,
  };

  const list = existsSync(registry) ? readJson(registry, 'The list of added models') : [];
  if (!Array.isArray(list)) throw new AddError(`${registry} should hold a JSON list of models.`);
  const at = list.findIndex((m) => m?.id === id);
  if (at >= 0) list[at] = entry;
  else list.push(entry);
  mkdirSync(dirname(registry), { recursive: true });
  writeFileSync(`${registry}.part`, `${JSON.stringify(list, null, 2)}\n`);
  renameSync(`${registry}.part`, registry);

  log(`Registered ${id} in ${registry}${at >= 0 ? ' (replacing the earlier entry)' : ''}:`);
  log(`  ${mb(loadBytes)} per load, context ${contextLength} (runtime cap ${entry.runtimeContext}), scores after ${bos.token} (${bos.why})${licence ? `, licence ${licence}` : ''}.`);
  log(`To use it, set defaultModel and/or figuresModel to '${id}' in src/site.config.ts. Its files are git-ignored; see the README ("Your own model").`);
  return entry;
}

async function main() {
  process.on('SIGINT', () => {
    if (partFile) rmSync(partFile, { force: true });
    process.stdout.write('\nInterrupted: the file being downloaded was removed; finished files were kept.\n');
    process.exit(130);
  });
  try {
    const opts = parseArgs(process.argv.slice(2));
    await addModel({ ...opts, hub: hubHost(opts.hub) });
  } catch (e) {
    if (!(e instanceof AddError)) throw e;
    console.error(`model:add: ${e.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(resolve(process.argv[1]))) await main();
