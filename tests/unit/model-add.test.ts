/**
 * `npm run model:add` (scripts/model-add.mjs), run as a child process against the mock Hub with
 * the architecture fixtures, into a temporary models folder and a temporary registry file (the
 * committed src/models.added.json is never touched). Expected values come from elsewhere: file
 * sizes from `fs.stat` of the fixture files, the context length from the fixture's config, the
 * bos token from the fixture generator's golden data (PyTorch side) and the registry's
 * hand-picked entries. Errors: unknown repository, missing dtype, a repository without ONNX
 * weights, an unreachable host, a download cut short (no half file left under any name).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub } from '../mock-hub/server.mjs';
import type { MockHub } from '../mock-hub/server.mjs';
import { DTYPE_SUFFIX, contextLengthOf, licenceFromReadme, pickBosToken } from '../../scripts/model-add.mjs';
import { dtypeSuffix, findModel } from '../../src/lib/lm/registry';
import type { ModelDtype, ModelSpec } from '../../src/lib/lm/registry';

const SCRIPT = fileURLToPath(new URL('../../scripts/model-add.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/hub/', import.meta.url));
const FAMILIES = { llama: 'HuggingFaceTB/SmolLM2-135M-Instruct', qwen2: 'onnx-community/Qwen2.5-0.5B-Instruct', gemma3_text: 'onnx-community/gemma-3-270m-it-ONNX' } as const;
const LLAMA = FAMILIES.llama;

let hub: MockHub;
let tmp: string;
beforeAll(async () => {
  hub = await startMockHub(0, { fixtures: true });
  tmp = mkdtempSync(join(tmpdir(), 'model-add-'));
});
afterAll(async () => {
  await hub.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the script with `args` (plus --dest/--registry in `dir`); never throws. */
function run(args: string[], dir: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args, '--dest', join(dir, 'models'), '--registry', join(dir, 'added.json')], { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh folder for one run. */
function fresh(name: string): string {
  const dir = join(tmp, name);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

const registryOf = (dir: string): ModelSpec[] => JSON.parse(readFileSync(join(dir, 'added.json'), 'utf8')) as ModelSpec[];

/** Every file under `dir`, relative. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe('model:add against the mock Hub', () => {
  it('downloads the llama fixture’s files byte for byte and registers it with their exact sizes', async () => {
    const dir = fresh('llama');
    const r = await run([LLAMA, '--hub', hub.url], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('onnx/model_q4.onnx');
    const model = join(dir, 'models', LLAMA);
    const expected = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_q4.onnx'];
    // Exactly these files, no temporary ones (the fixture has no README and no external data).
    expect(filesUnder(model).sort()).toEqual([...expected].sort());
    for (const f of expected) expect(readFileSync(join(model, f)).equals(readFileSync(join(FIXTURES, LLAMA, f))), f).toBe(true);

    const list = registryOf(dir);
    expect(list).toHaveLength(1);
    const e = list[0]!;
    const sizes = expected.map((f) => ({ path: f, bytes: statSync(join(FIXTURES, LLAMA, f)).size }));
    expect(e.files).toEqual(sizes);
    const total = sizes.reduce((s, f) => s + f.bytes, 0);
    expect(e.approxBytes).toEqual({ wasm: total, webgpu: total });
    const config = JSON.parse(readFileSync(join(FIXTURES, LLAMA, 'config.json'), 'utf8')) as { max_position_embeddings: number };
    expect(e.contextLength).toBe(config.max_position_embeddings);
    expect(e.runtimeContext).toBe(Math.min(config.max_position_embeddings, 2048));
    expect(e).toMatchObject({ id: LLAMA, source: 'local', dtypes: { wasm: 'q4', webgpu: 'q4' }, modelCard: `${hub.url}${LLAMA}` });
    expect(typeof e.label).toBe('string');
    expect(typeof e.description).toBe('string');
    // Requests went to the Hub's resolve URLs of this repository.
    expect(hub.log.some((q) => q.path === `/${LLAMA}/resolve/main/onnx/model_q4.onnx` && q.method === 'GET')).toBe(true);
  });

  it('picks the bos token the fixture generator (PyTorch side) and the registry picked, for all three families', async () => {
    const dir = fresh('families');
    for (const [family, repo] of Object.entries(FAMILIES)) {
      const r = await run([repo, '--hub', hub.url], dir);
      expect(r.code, r.stderr).toBe(0);
      const golden = JSON.parse(readFileSync(join(FIXTURES, `${family}.golden.json`), 'utf8')) as { bos_token: string };
      const e = registryOf(dir).find((m) => m.id === repo)!;
      expect(e.bosToken, repo).toBe(golden.bos_token);
      expect(e.bosToken, repo).toBe(findModel(repo)!.bosToken);
    }
    expect(registryOf(dir).map((m) => m.id)).toEqual(Object.values(FAMILIES));
  });

  it('replaces an entry of the same id (another dtype), keeping the others', async () => {
    const dir = fresh('replace');
    expect((await run([FAMILIES.qwen2, '--hub', hub.url], dir)).code).toBe(0);
    expect((await run([LLAMA, '--hub', hub.url], dir)).code).toBe(0);
    const r = await run([FAMILIES.qwen2, '--hub', hub.url, '--dtype', 'q8', '--label', 'Qwen, served here'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('replacing the earlier entry');
    expect(r.stdout).toContain('model_q4.onnx'); // the note on the q4 file left from the first run
    const list = registryOf(dir);
    expect(list.map((m) => m.id)).toEqual([FAMILIES.qwen2, LLAMA]);
    expect(list[0]).toMatchObject({ label: 'Qwen, served here', dtypes: { wasm: 'q8', webgpu: 'q8' } });
    expect(list[0]!.files!.map((f) => f.path)).toContain('onnx/model_quantized.onnx');
  });

  it('reads the context length of a GPT-2-style config (n_positions)', async () => {
    // Any repository name the fixtures do not have gets the embedded model's files.
    const dir = fresh('gpt2');
    const r = await run(['someone/gpt2-like', '--hub', hub.url, '--dtype', 'q8'], dir);
    expect(r.code, r.stderr).toBe(0);
    const e = registryOf(dir)[0]!;
    const tiny = fileURLToPath(new URL('../../public/models/lm-notes-tiny/', import.meta.url));
    expect(e.contextLength).toBe((JSON.parse(readFileSync(`${tiny}config.json`, 'utf8')) as { n_positions: number }).n_positions);
    expect(e.bosToken).toBe('<|endoftext|>');
    expect(e.files!.find((f) => f.path === 'onnx/model_quantized.onnx')!.bytes).toBe(statSync(`${tiny}onnx/model_quantized.onnx`).size);
  });

  it('fails plainly on an unknown repository, writing nothing', async () => {
    const dir = fresh('unknown');
    const r = await run(['nobody/nothing', '--hub', `${hub.url}__404/`], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^model:add: .*nobody\/nothing has no config\.json \(HTTP 404\): check the repository id/);
    expect(r.stderr).not.toContain('    at '); // no stack trace
    expect(existsSync(join(dir, 'added.json'))).toBe(false);
    expect(filesUnder(join(dir, 'models'))).toEqual([]);
  });

  it('fails plainly on a dtype the repository lacks, naming the ones it has', async () => {
    const dir = fresh('dtype');
    const r = await run([LLAMA, '--hub', hub.url, '--dtype', 'q8'], dir);
    expect(r.code).toBe(1);
    // The fixture has onnx/model.onnx (fp32) and onnx/model_q4.onnx.
    expect(r.stderr).toContain('has no onnx/model_quantized.onnx (dtype q8). It has: q4, fp32. Try --dtype q4.');
    expect(existsSync(join(dir, 'added.json'))).toBe(false);
    expect(filesUnder(join(dir, 'models'))).toEqual([]);
  });

  it('rejects ids that are not owner/name and unknown dtypes', async () => {
    const dir = fresh('args');
    expect((await run(['lm-notes-tiny', '--hub', hub.url], dir)).stderr).toContain('is not a Hub repository id');
    expect((await run(['a/../b', '--hub', hub.url], dir)).stderr).toContain('is not a Hub repository id');
    expect((await run([LLAMA, '--hub', hub.url, '--dtype', 'q3'], dir)).stderr).toContain('Unknown dtype "q3"');
  });
});

describe('model:add against a misbehaving host', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const m = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const [repo, file] = m ? [m[1], m[2]] : ['', ''];
      const json = (body: unknown): void => {
        const text = JSON.stringify(body);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        res.end(req.method === 'HEAD' ? undefined : text);
      };
      if (file === 'config.json') return json({ model_type: 'llama', max_position_embeddings: 512 });
      if (repo === 'plain/cut') {
        if (file === 'tokenizer.json') return json({ added_tokens: [{ id: 0, content: '<|endoftext|>' }], model: { vocab: {} } });
        if (file === 'tokenizer_config.json') return json({ eos_token: '<|endoftext|>' });
        if (file === 'onnx/model_q4.onnx') {
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100000' });
          if (req.method === 'HEAD') return res.end();
          // Half the promised bytes, then the connection drops.
          res.write(Buffer.alloc(50_000, 7), () => setTimeout(() => res.socket?.destroy(), 50));
          return;
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Entry not found');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('says when a repository has no ONNX weights at all', async () => {
    const dir = fresh('not-onnx');
    const r = await run(['plain/not-onnx', '--hub', url], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('plain/not-onnx has no ONNX weights (no onnx/model*.onnx): it is not an ONNX export for transformers.js');
    expect(existsSync(join(dir, 'added.json'))).toBe(false);
  });

  it('leaves no half file, under the real name or a temporary one, when a download is cut short', async () => {
    const dir = fresh('cut');
    const r = await run(['plain/cut', '--hub', url], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The download of onnx/model_q4.onnx failed');
    const left = filesUnder(join(dir, 'models', 'plain', 'cut'));
    expect(left).not.toContain('onnx/model_q4.onnx');
    expect(left.filter((f) => f.endsWith('.part'))).toEqual([]);
    // The files finished before it are kept; nothing is registered.
    expect(left).toContain('tokenizer.json');
    expect(existsSync(join(dir, 'added.json'))).toBe(false);
  });

  it('says when the host cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const addr = closed.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    await new Promise<void>((done) => closed.close(() => done()));
    const dir = fresh('offline');
    const r = await run([LLAMA, '--hub', `http://127.0.0.1:${port}/`], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Could not reach http://127.0.0.1:${port} (ECONNREFUSED)`);
  });
});

describe('model:add helpers', () => {
  it('names the ONNX files as the registry does, for every dtype', () => {
    const dtypes: ModelDtype[] = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'];
    expect(Object.keys(DTYPE_SUFFIX).sort()).toEqual([...dtypes].sort());
    for (const d of dtypes) expect(DTYPE_SUFFIX[d], d).toBe(dtypeSuffix(d));
  });

  it('falls back from <|endoftext|> to bos_token, the config’s bos id, then eos', () => {
    const tok = (contents: string[]) => ({ added_tokens: contents.map((content, id) => ({ id, content })), model: { vocab: {} } });
    expect(pickBosToken({}, { bos_token: '<s>' }, tok(['<|endoftext|>', '<s>']))?.token).toBe('<|endoftext|>');
    expect(pickBosToken({}, { bos_token: { content: '<s>' } }, tok(['<s>']))?.token).toBe('<s>');
    expect(pickBosToken({ bos_token_id: 1 }, {}, tok(['<pad>', '<start>']))?.token).toBe('<start>');
    expect(pickBosToken({}, { eos_token: '</s>' }, tok(['</s>']))?.token).toBe('</s>');
    expect(pickBosToken({}, {}, tok([]))).toBeNull();
  });

  it('reads context lengths and licences', () => {
    expect(contextLengthOf({ max_position_embeddings: 8192 })).toBe(8192);
    expect(contextLengthOf({ text_config: { max_position_embeddings: 32768 } })).toBe(32768);
    expect(contextLengthOf({})).toBeNull();
    expect(licenceFromReadme('---\nlicense: apache-2.0\nlanguage: en\n---\n# Model')).toBe('apache-2.0');
    expect(licenceFromReadme('---\nlicense: other\nlicense_name: gemma\n---\n')).toBe('gemma');
    expect(licenceFromReadme('# No front matter')).toBeUndefined();
  });
});
