/**
 * The build-time static figures follow `figuresModel`: with `LM_NOTES_FIGURES_MODEL` naming a
 * model added by `npm run model:add` (the llama fixture, from the mock Hub, into a temporary
 * models folder; the registry file is mocked with what the script wrote), the functions the
 * `.astro` wrappers call give that model's numbers. The expected numbers are independent: the
 * fixture generator's PyTorch log-probabilities (tests/fixtures/hub/llama.golden.json; the
 * fixture's q4 file holds the same fp32 weights). Exercises and the tokenizer playground's
 * "site's small model" row keep the embedded model. A Hub model, an unknown id and a registered
 * model whose files are missing fail with plain messages.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMockHub } from '../mock-hub/server.mjs';
import type { ModelSpec } from '../../src/lib/lm/registry';
import type { LmEngine } from '../../src/lib/lm/engine';

const SCRIPT = fileURLToPath(new URL('../../scripts/model-add.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/hub/', import.meta.url));
const TINY = fileURLToPath(new URL('../../public/models/lm-notes-tiny', import.meta.url));
const LLAMA = 'HuggingFaceTB/SmolLM2-135M-Instruct';
const TOL = 1e-4;

interface Golden {
  bos_id: number;
  cases: { text: string; ids: number[]; logprobs: number[]; next_ids: number[]; next_logprobs: number[] }[];
  internals: { question: string; shown_ids: number[]; logprobs: number[] };
}
const golden = JSON.parse(readFileSync(`${FIXTURES}llama.golden.json`, 'utf8')) as Golden;

let tmp: string;
let buildModel: typeof import('../../src/lib/static/build-model');
const saved = { figures: process.env['LM_NOTES_FIGURES_MODEL'], dir: process.env['LM_NOTES_MODELS_DIR'] };
const engines: LmEngine[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'figures-model-'));
  const hub = await startMockHub(0, { fixtures: true });
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [SCRIPT, LLAMA, '--hub', hub.url, '--dest', join(tmp, 'models'), '--registry', join(tmp, 'added.json')], (err, _out, stderr) =>
        err ? reject(new Error(stderr)) : resolve(),
      ),
    );
  } finally {
    await hub.close();
  }
  // The models folder as public/models/ would hold it: the added model and the embedded one.
  symlinkSync(TINY, join(tmp, 'models', 'lm-notes-tiny'));
  const added = JSON.parse(readFileSync(join(tmp, 'added.json'), 'utf8')) as ModelSpec[];
  // A second entry whose files were never downloaded (as on a fresh clone: models are git-ignored).
  added.push({ ...added[0]!, id: 'someone/not-downloaded' });
  vi.resetModules();
  vi.doMock('../../src/models.added.json', () => ({ default: added }));
  process.env['LM_NOTES_FIGURES_MODEL'] = LLAMA;
  process.env['LM_NOTES_MODELS_DIR'] = join(tmp, 'models');
  buildModel = await import('../../src/lib/static/build-model');
});

afterAll(async () => {
  for (const e of engines) await e.dispose();
  for (const [k, v] of [['LM_NOTES_FIGURES_MODEL', saved.figures], ['LM_NOTES_MODELS_DIR', saved.dir]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  vi.doUnmock('../../src/models.added.json');
  rmSync(tmp, { recursive: true, force: true });
});

async function figuresEngine(): Promise<LmEngine> {
  const e = await buildModel.buildTimeEngine();
  if (!engines.includes(e)) engines.push(e);
  return e;
}

describe('static figures computed with an added model', () => {
  it('loads the model named by LM_NOTES_FIGURES_MODEL, as the browser would (its bos token, the runtime cap)', async () => {
    expect(buildModel.figuresModelId()).toBe(LLAMA);
    const e = await figuresEngine();
    expect(e.info.modelId).toBe(LLAMA);
    expect(e.info.dtype).toBe('q4');
    expect(e.info.bosId).toBe(golden.bos_id);
    expect(e.info.contextLength).toBe(2048);
  });

  it('surprisal and chain-rule figures: PyTorch’s log-probabilities, token by token', async () => {
    const { scoredTextFromResult } = await import('../../src/lib/surprisal/scored-text');
    const e = await figuresEngine();
    for (const c of golden.cases) {
      const s = scoredTextFromResult(c.text, await e.score({ text: c.text }, 1)); // as Surprisal.astro and ChainRule.astro
      expect(s.tokens.map((t) => t.id), c.text).toEqual(c.ids);
      s.tokens.forEach((t, i) => {
        expect(Math.abs(t.logprob - c.logprobs[i]!), `${c.text} token ${i}`).toBeLessThanOrEqual(TOL);
        expect(t.bits).toBeCloseTo(-c.logprobs[i]! / Math.LN2, 3);
      });
    }
  });

  it('next-token figures: PyTorch’s most likely next tokens and their probabilities', async () => {
    const { FULL_DISTRIBUTION_K, nextTokenView } = await import('../../src/lib/next-token/next-token-view');
    const e = await figuresEngine();
    for (const c of golden.cases) {
      const view = nextTokenView(await e.next({ text: c.text }, FULL_DISTRIBUTION_K), 50); // as NextToken.astro
      const gold = new Map(c.next_ids.map((id, j) => [id, c.next_logprobs[j]!]));
      for (const row of view.rows.slice(0, c.next_ids.length)) {
        expect(gold.has(row.id), `${c.text}: token ${row.id} in PyTorch's top ${c.next_ids.length}`).toBe(true);
        expect(Math.abs(Math.log(row.p) - gold.get(row.id)!), `${c.text}: token ${row.id}`).toBeLessThanOrEqual(TOL);
      }
    }
  });

  it('chat-tokens and LM internals figures: the model’s own template and PyTorch’s log-probabilities', async () => {
    const { buildStaticDoc } = await import('../../src/components/internals/build-doc');
    const { presetState } = await import('../../src/lib/internals/conversation');
    const doc = await buildStaticDoc(presetState(golden.internals.question));
    expect(doc.modelId).toBe(LLAMA);
    expect(doc.tokens.map((t) => t.id)).toEqual(golden.internals.shown_ids);
    doc.tokens.forEach((t, i) => expect(Math.abs(t.logprob - golden.internals.logprobs[i]!), `token ${i}`).toBeLessThanOrEqual(TOL));
  });

  it('keeps the embedded model for exercises and the tokenizer playground’s row', async () => {
    const e = await buildModel.embeddedBuildEngine();
    engines.push(e);
    expect(e.info.modelId).toBe('lm-notes-tiny');
    expect(e.info.vocabSize).toBe(8192);
    expect(e).not.toBe(await figuresEngine());
  });

  it('fails with a plain message for a Hub model, an unknown id, or an added model whose files are missing', async () => {
    const cases: [string, RegExp][] = [
      ['onnx-community/Qwen2.5-0.5B-Instruct', /is downloaded from the Hub by readers' browsers.*npm run model:add -- onnx-community\/Qwen2\.5-0\.5B-Instruct/],
      ['nobody/nothing', /"nobody\/nothing" is not a model of this site/],
      ['someone/not-downloaded', /registered but its files are not in .*someone\/not-downloaded\/.*npm run model:add -- someone\/not-downloaded --dtype q4/],
    ];
    try {
      for (const [id, message] of cases) {
        process.env['LM_NOTES_FIGURES_MODEL'] = id;
        await expect(buildModel.buildTimeEngine(), id).rejects.toThrow(message);
      }
    } finally {
      process.env['LM_NOTES_FIGURES_MODEL'] = LLAMA;
    }
  });

  it('uses siteConfig.figuresModel (the embedded model) without the variable', async () => {
    const { siteConfig } = await import('../../src/site.config');
    delete process.env['LM_NOTES_FIGURES_MODEL'];
    try {
      expect(siteConfig.figuresModel).toBe('lm-notes-tiny');
      expect(buildModel.figuresModelId()).toBe('lm-notes-tiny');
    } finally {
      process.env['LM_NOTES_FIGURES_MODEL'] = LLAMA;
    }
  });
});
