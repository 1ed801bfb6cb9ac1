/**
 * The instructor's path end to end, as the README gives it: `npm run model:add` fetches a model
 * (the llama-architecture fixture, served by the mock Hub under SmolLM2-135M-Instruct's id), then
 * `npm run build` with that model as the figures model. The build runs in a copy of the site
 * (tests/fixtures/.added-model-site-*, removed afterwards; this repository's public/models/ and
 * src/models.added.json stay as they are), with a page holding one of each static figure. The built HTML must show the added
 * model's numbers: the expected ones come from the fixture generator's PyTorch forward
 * (tests/fixtures/hub/llama.golden.json), not from the site's code, and the figures must name
 * the model. tests/unit/figures-model.test.ts checks the same functions without a build.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub } from '../mock-hub/server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LLAMA = 'HuggingFaceTB/SmolLM2-135M-Instruct';
const TOL = 1e-4;

interface Golden {
  cases: { text: string; ids: number[]; logprobs: number[]; next_ids: number[]; next_logprobs: number[] }[];
  internals: { question: string; shown_ids: number[]; logprobs: number[] };
}
const golden = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/hub/llama.golden.json'), 'utf8')) as Golden;
const [A, QUESTION_PROMPT, B] = golden.cases;

/** A page with one static figure of each kind, on texts the golden data scored. */
const FIXTURE_PAGE = `---
title: Figures with an added model
description: Test page written by tests/unit/added-model-build.test.ts.
---
import Surprisal from '../../components/widgets/surprisal/Surprisal.astro';
import NextToken from '../../components/widgets/next-token/NextToken.astro';
import ChainRule from '../../components/widgets/chain-rule/ChainRule.astro';
import ChatTokensFigure from '../../components/internals/ChatTokensFigure.astro';

<Surprisal textA={${JSON.stringify(A!.text)}} textB={${JSON.stringify(B!.text)}} />

<NextToken prompt={${JSON.stringify(QUESTION_PROMPT!.text)}} />

<ChainRule text={${JSON.stringify(A!.text)}} />

<ChatTokensFigure question={${JSON.stringify(golden.internals.question)}} />
`;

let site: string;
let log = '';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { cwd: site, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      log += `$ ${cmd} ${args.join(' ')}\n${stdout}${stderr}`;
      if (err) {
        // The whole log goes to a file: vitest cannot print an error message this long.
        const file = join(tmpdir(), 'added-model-build.log');
        writeFileSync(file, log);
        reject(new Error(`${cmd} ${args.join(' ')} failed (log: ${file}):\n${log.slice(-1500)}`));
      } else resolve();
    }),
  );
}

beforeAll(async () => {
  // Inside the repository, so that Node and Vite find its node_modules by walking up (a symlinked
  // node_modules confuses Astro's compiler about which path a component lives at).
  site = mkdtempSync(join(ROOT, 'tests/fixtures/.added-model-site-'));
  for (const f of ['src', 'scripts', 'astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, f), join(site, f), { recursive: true });
  // public/ without the models (added below) and without ONNX Runtime's files (prebuild copies them).
  cpSync(join(ROOT, 'public'), join(site, 'public'), { recursive: true, filter: (p) => !/\/public\/(models|ort)(\/|$)/.test(p.slice(ROOT.length - 1)) });
  mkdirSync(join(site, 'public/models'), { recursive: true });
  symlinkSync(join(ROOT, 'public/models/lm-notes-tiny'), join(site, 'public/models/lm-notes-tiny'));
  writeFileSync(join(site, 'src/models.added.json'), '[]\n');
  writeFileSync(join(site, 'src/content/docs/figures-fixture.mdx'), FIXTURE_PAGE);

  const hub = await startMockHub(0, { fixtures: true });
  try {
    await run(process.execPath, ['scripts/model-add.mjs', LLAMA, '--hub', hub.url]);
  } finally {
    await hub.close();
  }
  await run('npm', ['run', 'build'], { LM_NOTES_FIGURES_MODEL: LLAMA });
}, 600_000);

afterAll(() => {
  if (site) rmSync(site, { recursive: true, force: true });
});

/** The built HTML of a page. */
const html = (slug: string): string => readFileSync(join(site, 'dist', slug, 'index.html'), 'utf8');
/** The attribute that starts each figure on the fixture page, in page order. */
const FIGURES = {
  surprisal: 'data-widget="surprisal"',
  nextToken: 'data-widget-id="next-token"',
  chainRule: 'data-widget="chain-rule"',
  chatTokens: 'data-figure="chat-tokens"',
} as const;
/** The HTML of one figure: from its marker to the next figure's (or the end of the page). */
function figure(page: string, name: keyof typeof FIGURES): string {
  const order = Object.values(FIGURES);
  const at = order.indexOf(FIGURES[name]);
  const i = page.indexOf(order[at]!);
  expect(i, `${name} figure in the page`).toBeGreaterThanOrEqual(0);
  const next = at + 1 < order.length ? page.indexOf(order[at + 1]!, i) : -1;
  return page.slice(i, next < 0 ? undefined : next);
}
/** Every value of `attr` on the elements matched by `tag` (start tags), in order. */
function attrs(fragment: string, tag: RegExp, attr: string): string[] {
  const out: string[] = [];
  for (const m of fragment.matchAll(new RegExp(tag.source, 'g'))) {
    const v = new RegExp(`\\s${attr}="([^"]*)"`).exec(m[0]);
    if (v) out.push(v[1]!);
  }
  return out;
}
const near = (got: number[], want: number[], what: string): void => {
  expect(got.length, `${what}: count`).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!), `${what} [${i}]`).toBeLessThanOrEqual(TOL));
};

describe('model:add, then a build with the added model as the figures model', () => {
  it('registers the model and ships its files with the site', () => {
    const added = JSON.parse(readFileSync(join(site, 'src/models.added.json'), 'utf8')) as { id: string; files: { path: string; bytes: number }[] }[];
    expect(added.map((m) => m.id)).toEqual([LLAMA]);
    const files = added[0]!.files;
    expect(files.map((f) => f.path)).toContain('onnx/model_q4.onnx');
    for (const { path, bytes } of files) expect(statSync(join(site, 'dist/models', LLAMA, path)).size, path).toBe(bytes);
    expect(existsSync(join(site, 'dist/models/lm-notes-tiny/onnx/model_quantized.onnx'))).toBe(true);
  });

  it('surprisal figure: the added model’s log-probabilities, token by token', () => {
    const strips = figure(html('figures-fixture'), 'surprisal').split('class="srp-strip"').slice(1);
    expect(strips).toHaveLength(2);
    [A!, B!].forEach((c, s) => near(attrs(strips[s]!, /<span[^>]*class="srp-token[^>]*>/, 'data-logprob').map(Number), c.logprobs, c.text));
  });

  it('next-token figure: the added model’s most likely next tokens and probabilities', () => {
    const fig = figure(html('figures-fixture'), 'nextToken');
    const ids = attrs(fig, /<tr[^>]*data-token-id[^>]*>/, 'data-token-id').map(Number);
    const ps = attrs(fig, /<tr[^>]*data-token-id[^>]*>/, 'data-p').map(Number);
    const c = QUESTION_PROMPT!;
    expect(ids.slice(0, c.next_ids.length)).toEqual(c.next_ids);
    near(ps.slice(0, c.next_ids.length).map(Math.log), c.next_logprobs, 'next-token p');
  });

  it('chain-rule figure: one factor per token, with the added model’s probabilities', () => {
    const fig = figure(html('figures-fixture'), 'chainRule');
    const log2p = attrs(fig, /<tr[^>]*data-log2p[^>]*>/, 'data-log2p').map(Number);
    near(log2p.map((x) => x * Math.LN2), A!.logprobs, 'chain-rule log p');
  });

  it('chat-tokens figure: the model’s own chat template, its token ids and log-probabilities', () => {
    const fig = figure(html('figures-fixture'), 'chatTokens');
    const li = /<li[^>]*class="lmi-tok[^>]*>/;
    expect(attrs(fig, li, 'data-id').map(Number)).toEqual(golden.internals.shown_ids);
    near(attrs(fig, li, 'data-logprob').map(Number), golden.internals.logprobs, 'chat token log p');
    expect(fig).toContain(`as the document ${LLAMA} reads`);
    expect(fig).toContain(`Computed when the site was built, by ${LLAMA}.`);
  });

  it('the notes pages’ figures name the added model, not the embedded one', () => {
    const page = html('unit-1/chat-as-a-document');
    const fig = page.slice(page.indexOf(FIGURES.chatTokens), page.indexOf('</figure>', page.indexOf(FIGURES.chatTokens)));
    expect(fig).toContain('lmi-tok');
    expect(fig).toContain(`by ${LLAMA}.`);
    expect(fig).not.toContain('the embedded model');
  });
});
