/**
 * The mock Hub with `{ fixtures: true }` serves each architecture fixture under its real
 * repository id, byte for byte, with the Hub's 404 for a file the repository lacks; any other
 * name still gets the embedded model (what the older Hub tests rely on), and the `__404` and
 * `__truncated` modes work for the fixtures too. Without the option nothing changes.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub } from '../mock-hub/server.mjs';
import type { MockHub } from '../mock-hub/server.mjs';

const FIXTURES = fileURLToPath(new URL('../fixtures/hub/', import.meta.url));
const TINY = fileURLToPath(new URL('../../public/models/lm-notes-tiny/', import.meta.url));
const REPOS = ['HuggingFaceTB/SmolLM2-135M-Instruct', 'onnx-community/Qwen2.5-0.5B-Instruct', 'onnx-community/gemma-3-270m-it-ONNX'];

let withFixtures: MockHub;
let plain: MockHub;
beforeAll(async () => {
  withFixtures = await startMockHub(0, { fixtures: true });
  plain = await startMockHub(0);
});
afterAll(async () => {
  await withFixtures.close();
  await plain.close();
});

async function get(hub: MockHub, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  const r = await fetch(`${hub.url}${path}`, { headers });
  return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
}

describe('mock Hub with the architecture fixtures', () => {
  it('serves every fixture file under the real repository id, byte for byte', async () => {
    for (const repo of REPOS) {
      for (const f of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_q4.onnx']) {
        const r = await get(withFixtures, `${repo}/resolve/main/${f}`);
        expect(r.status, `${repo} ${f}`).toBe(200);
        expect(r.body.equals(readFileSync(`${FIXTURES}${repo}/${f}`)), `${repo} ${f}`).toBe(true);
      }
      const cfg = JSON.parse((await get(withFixtures, `${repo}/resolve/main/config.json`)).body.toString('utf8')) as { model_type: string };
      expect(cfg.model_type).not.toBe('gpt2');
    }
  });

  it('answers 404 for a file a fixture repository does not have (no aliasing to another dtype)', async () => {
    const r = await get(withFixtures, `${REPOS[0]}/resolve/main/onnx/model_q4f16.onnx`);
    expect(r.status).toBe(404);
    // Nothing outside the fixture folder (the checkout's package.json is five levels up).
    expect((await get(withFixtures, `${REPOS[0]}/resolve/main/..%2F..%2F..%2F..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('answers ranges of fixture files as the Hub does', async () => {
    const size = statSync(`${FIXTURES}${REPOS[2]}/onnx/model.onnx`).size;
    const r = await fetch(`${withFixtures.url}${REPOS[2]}/resolve/main/onnx/model.onnx`, { headers: { range: 'bytes=0-0' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 0-0/${size}`);
  });

  it('keeps the 404 and truncated modes for fixtures', async () => {
    expect((await get(withFixtures, `__404/${REPOS[1]}/resolve/main/config.json`)).status).toBe(404);
    const full = readFileSync(`${FIXTURES}${REPOS[1]}/onnx/model_q4.onnx`);
    const cut = await get(withFixtures, `__truncated/${REPOS[1]}/resolve/main/onnx/model_q4.onnx`);
    expect(cut.status).toBe(200);
    expect(cut.body.length).toBe(Math.floor(full.length / 2));
  });

  it('still serves the embedded model (its int8 file, as the golden data) under any other name', async () => {
    const r = await get(withFixtures, 'someone/any-model/resolve/main/onnx/model_q4.onnx');
    expect(r.body.equals(readFileSync(`${TINY}onnx/model_quantized.onnx`))).toBe(true);
  });
});

describe('mock Hub without the option', () => {
  it('serves the embedded model even under a fixture’s repository id (as before)', async () => {
    const r = await get(plain, `${REPOS[0]}/resolve/main/config.json`);
    expect(r.body.equals(readFileSync(`${TINY}config.json`))).toBe(true);
  });
});
