/**
 * Each architecture the registry offers, run in Chromium on each backend: the Hub requests of
 * the page and its worker are answered by the mock Hub serving the tiny fixtures of
 * model/fixtures/make_fixtures.py under the real repository ids (llama: SmolLM2, qwen2: Qwen2.5,
 * gemma3_text: Gemma 3). In the LM internals tool, with one user question and an open assistant
 * turn, the page must show the numbers the script computed in PyTorch with its own tokenizer and
 * chat-template rendering: the document's token ids (template + tokenizer), every token's
 * log-prob (score), the distribution after the document (next), and the greedy reply
 * ("Generate response" at temperature 0). Each (architecture, backend) pair once; WebGPU runs
 * on SwiftShader here (no shader-f16, so the registry's fallback dtype is the one requested).
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startMockHub } from '../mock-hub/server.mjs';
import type { MockHub } from '../mock-hub/server.mjs';
import { encodeShareHash } from '../../src/lib/internals/share';
import type { InternalsState } from '../../src/lib/internals/conversation';
import { dtypeSuffix, findModel } from '../../src/lib/lm/registry';

interface InternalsGolden {
  question: string;
  document: string;
  doc_ids: number[];
  /** The document's tokens the page shows and scores (after Gemma's own <bos>, which the model sees once). */
  shown_ids: number[];
  logprobs: number[];
  next_ids: number[];
  next_logprobs: number[];
  greedy_ids: number[];
  greedy_text: string;
  greedy_ended: boolean;
}
const FAMILIES = ['llama', 'qwen2', 'gemma3_text'] as const;
const golden = Object.fromEntries(
  FAMILIES.map((f) => [f, JSON.parse(readFileSync(new URL(`../fixtures/hub/${f}.golden.json`, import.meta.url), 'utf8')) as { repo: string; internals: InternalsGolden }]),
) as Record<(typeof FAMILIES)[number], { repo: string; internals: InternalsGolden }>;
/**
 * Log-prob and probability tolerance. WebAssembly's float32 kernels give PyTorch's numbers to
 * 1e-4, as onnxruntime-node does. WebGPU cannot for rotary-embedding models: the graph computes
 * cos/sin of (position × frequency) on the GPU, and WGSL only promises those to 2^-11 absolute.
 * Perturbing cos/sin in PyTorch by that much moves these fixtures' log-probs by up to 1.0e-2
 * (llama), 1.6e-2 (qwen2), 1.1e-3 (gemma3_text) (make_fixtures.py, `logprob_change_with_…` in
 * the golden files); SwiftShader measured 3.2e-3, 3.2e-3 and 3.4e-4. A wrong mask, cache or
 * position would be off by whole nats. The greedy reply is still checked token for token
 * (PyTorch's smallest top-1 margin on it is 0.019).
 */
const TOL = { wasm: 1e-4, webgpu: 2e-2 } as const;

// A model load and a 100-token reply on a shared 2-core machine (SwiftShader for WebGPU).
test.describe.configure({ timeout: 240_000 });

let hub: MockHub;
test.beforeAll(async () => {
  hub = await startMockHub(0, { fixtures: true });
});
test.afterAll(async () => {
  await hub.close();
});

/** Answers the page's (and its worker's) Hub requests from the mock; records each path. */
async function routeHub(page: Page, seen: string[]): Promise<void> {
  await page.route('https://huggingface.co/**', async (route) => {
    const u = new URL(route.request().url());
    seen.push(`${route.request().method()} ${u.pathname}`);
    const response = await route.fetch({ url: `${hub.url}${u.pathname.slice(1)}` });
    await route.fulfill({ response });
  });
}

/** Whether this Chromium gives a WebGPU adapter (SwiftShader counts). */
async function hasAdapter(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return gpu ? (await gpu.requestAdapter()) !== null : false;
  });
}

for (const family of FAMILIES) {
  for (const backend of ['wasm', 'webgpu'] as const) {
    test(`${family} on ${backend === 'wasm' ? 'WebAssembly' : 'WebGPU'}: template, scores, next-token distribution and greedy reply equal PyTorch`, async ({ page }) => {
      const g = golden[family];
      const gi = g.internals;
      const spec = findModel(g.repo)!;
      expect(spec, `registry entry for ${g.repo}`).toBeDefined();
      const seen: string[] = [];
      await routeHub(page, seen);
      await page.addInitScript((id) => localStorage.setItem('lm-notes:model', id), g.repo);
      const state: InternalsState = {
        messages: [{ role: 'user', content: gi.question }],
        draft: { role: 'assistant', content: '' },
        tools: [],
        settings: { temperature: 0, topK: 0, topP: 1, seed: 1 },
      };
      await page.goto(`/lm-internals/?backend=${backend}${encodeShareHash(state)}`);
      if (backend === 'webgpu' && !(await hasAdapter(page))) {
        if (process.env.CI) throw new Error('CI is set and this Chromium exposes no WebGPU adapter.');
        test.skip(true, 'this Chromium exposes no WebGPU adapter');
      }
      const tool = page.locator('section.lmi');
      await expect(tool).toHaveAttribute('data-hydrated', 'true');
      await expect(tool).toHaveAttribute('data-model', g.repo);
      await expect(tool).toHaveAttribute('data-ready', 'true', { timeout: 150_000 });
      await expect(page.locator('.lmw-model-line').first()).toContainText(`${spec.label} · ${backend === 'wasm' ? 'WebAssembly' : 'WebGPU'}`);
      // The weights file the registry picks for this backend (SwiftShader has no shader-f16).
      const dtype = backend === 'wasm' ? spec.dtypes.wasm : (spec.dtypes.webgpuWithoutF16 ?? spec.dtypes.webgpu);
      expect(seen).toContain(`GET /${g.repo}/resolve/main/onnx/model${dtypeSuffix(dtype)}.onnx`);

      // The chat template rendered and tokenized: the document's ids; each token's log-prob.
      const strip = tool.locator('.lmi-strip button');
      await expect(strip).toHaveCount(gi.shown_ids.length, { timeout: 60_000 });
      const tokens = await strip.evaluateAll((els) => els.map((e) => ({ id: Number(e.getAttribute('data-id')), lp: Number(e.getAttribute('data-logprob')) })));
      expect(tokens.map((t) => t.id)).toEqual(gi.shown_ids);
      expect(gi.doc_ids.slice(-gi.shown_ids.length)).toEqual(gi.shown_ids);
      const tol = TOL[backend];
      const scoreErr = Math.max(...tokens.map((t, i) => Math.abs(t.lp - gi.logprobs[i]!)));

      // What comes next after the document: the ten most likely tokens and their probabilities.
      const rows = tool.locator('table.lmi-dist tbody tr');
      await expect(rows.first()).toBeVisible();
      const shown = await rows.evaluateAll((rs) => rs.map((r) => ({ id: r.getAttribute('data-id'), p: Number(r.getAttribute('data-p')), rest: r.getAttribute('data-rest') })));
      const top = shown.filter((r) => r.rest !== 'true').slice(0, gi.next_ids.length);
      const goldP = new Map(gi.next_ids.map((id, j) => [id, Math.exp(gi.next_logprobs[j]!)]));
      expect(top).toHaveLength(gi.next_ids.length);
      let nextErr = 0;
      top.forEach((r, j) => {
        nextErr = Math.max(nextErr, Math.abs(r.p - Math.exp(gi.next_logprobs[j]!)));
        const p = goldP.get(Number(r.id));
        expect(p, `next rank ${j}: id ${r.id} in PyTorch's top ${gi.next_ids.length}`).toBeDefined();
        nextErr = Math.max(nextErr, Math.abs(r.p - p!));
      });
      console.log(`[e2e] ${family} on ${backend}: largest difference from PyTorch: log-prob ${scoreErr.toExponential(2)}, next-token p ${nextErr.toExponential(2)}`);
      expect(scoreErr, 'largest log-prob difference').toBeLessThanOrEqual(tol);
      expect(nextErr, 'largest next-token probability difference').toBeLessThanOrEqual(tol);

      // Greedy reply (temperature 0, at most 100 tokens): PyTorch's text.
      await tool.getByRole('button', { name: 'Generate response' }).click();
      await expect(tool).toHaveAttribute('data-generating', 'none', { timeout: 150_000 });
      await expect(tool).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
      const after = JSON.parse(await tool.getByLabel('This conversation as JSON').inputValue()) as InternalsState;
      const reply = gi.greedy_ended ? after.messages[after.messages.length - 1]!.content : after.draft.content;
      expect(after.draft.role).toBe(gi.greedy_ended ? 'user' : 'assistant');
      expect(reply).toBe(gi.greedy_text);
    });
  }
}
