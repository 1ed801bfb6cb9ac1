/**
 * The LM internals page: a chat as the document the model continues. The numbers the page shows
 * (token probabilities, span bits, greedy and seeded replies) are checked against the same
 * embedded model run in Node (LmEngine on onnxruntime-node): a cross-backend consistency check
 * (the same engine code on another runtime), not an independent implementation. The document
 * text is built here without the page's helpers (templateInput, layoutDocument).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { LmEngine } from '../../src/lib/lm/engine';
import { endTurn, presetState, setDraftText } from '../../src/lib/internals/conversation';
import type { InternalsState } from '../../src/lib/internals/conversation';
import { encodeShareHash } from '../../src/lib/internals/share';
import { fileURLToPath } from 'node:url';
import { startMockHub } from '../mock-hub/server.mjs';
import { EMBEDDED_DTYPE } from '../../src/lib/lm/registry';

const URL_PATH = '/lm-internals/?backend=wasm';

// The model loads in the page on every test; on a busy 2-core machine that alone can take ~50 s.
test.describe.configure({ timeout: 60_000 + 150_000 });
let enginePromise: Promise<LmEngine> | null = null;
function engine(): Promise<LmEngine> {
  enginePromise ??= LmEngine.load({
    modelId: 'lm-notes-tiny',
    source: 'local',
    device: 'cpu',
    dtype: EMBEDDED_DTYPE,
    localModelPath: fileURLToPath(new URL('../../public/models/', import.meta.url)),
    bosToken: '<|endoftext|>',
  });
  return enginePromise;
}

/**
 * The document text of a state, built without the page's helpers (templateInput, DRAFT_MARKER,
 * layoutDocument): the finished messages rendered by the model's chat template in Node, then the
 * open turn written the way that template starts a turn (`<|role|>` and a newline) and the
 * draft's text.
 */
async function docText(state: InternalsState): Promise<string> {
  const e = await engine();
  const tools = state.tools.length ? state.tools : undefined;
  const finished = state.messages.map((m) => ({
    role: m.role,
    content: m.content,
    ...(m.toolCalls?.length ? { tool_calls: m.toolCalls.map((c) => ({ type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) } : {}),
  }));
  if (finished.length === 0 && tools) throw new Error('docText: a conversation with tools and no finished message is not covered by this reference.');
  const head = finished.length > 0 ? e.chatTemplate(finished, tools, false).text : '';
  return `${head}<|${state.draft.role}|>\n${state.draft.content}`;
}

async function open(page: Page, hash = ''): Promise<Locator> {
  await page.goto(URL_PATH + hash);
  const tool = page.locator('section.lmi');
  await expect(tool).toHaveAttribute('data-hydrated', 'true');
  await expect(tool).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
  return tool;
}

async function ready(tool: Locator): Promise<void> {
  await expect(tool).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
}

async function currentState(tool: Locator): Promise<InternalsState> {
  return JSON.parse(await tool.getByLabel('This conversation as JSON').inputValue()) as InternalsState;
}

const strip = (tool: Locator): Locator => tool.locator('.lmi-strip button');

test('type a message, end the turn: role markers appear as special tokens; Ctrl+Enter ends a turn too', async ({ page }) => {
  const tool = await open(page);
  await tool.getByRole('button', { name: 'Start over' }).click();
  await tool.getByLabel('Message (user)').fill('Where is Paris?');
  await tool.getByRole('button', { name: 'End turn' }).click();
  await ready(tool);
  await expect(tool.getByLabel('Role of this message')).toHaveValue('assistant');
  const specials = await strip(tool).evaluateAll((els) => els.filter((e) => e.getAttribute('data-special') === 'true').map((e) => e.querySelector('.lmi-tok__text')!.textContent));
  expect(specials).toEqual(['<|user|>', '<|end|>', '<|assistant|>']);
  const st = await currentState(tool);
  expect(st.messages).toEqual([{ role: 'user', content: 'Where is Paris?' }]);
  // The token ids on the page are the ones the embedded model's template gives in Node.
  const e = await engine();
  const ids = e.encode(await docText(st));
  expect(await strip(tool).evaluateAll((els) => els.map((x) => Number(x.getAttribute('data-id'))))).toEqual(ids);

  await tool.getByLabel('Message (assistant)').fill('In France.');
  await tool.getByLabel('Message (assistant)').press('Control+Enter');
  await ready(tool);
  await expect(tool.locator('.lmi-messages li')).toHaveCount(2);
  await expect(tool.getByLabel('Role of this message')).toHaveValue('user');

  // Editing an earlier message rewinds the conversation to it.
  await tool.getByRole('button', { name: /Edit message 1/ }).click();
  await expect(tool.locator('.lmi-messages li')).toHaveCount(0);
  await expect(tool.getByLabel('Message (user)')).toHaveValue('Where is Paris?');
});

test('clicking the first reply token shows the next-token distribution, equal to the model run in Node (cross-backend)', async ({ page }) => {
  const tool = await open(page);
  await tool.getByLabel('Message (assistant)').fill('The capital is');
  await ready(tool);
  const state = setDraftText(presetState(), 'The capital is');
  const text = await docText(state);
  const e = await engine();
  const scored = await e.score({ text }, 10);
  const first = scored.tokens.findIndex((t) => t.start >= text.length - 'The capital is'.length);
  expect(scored.tokens[first]!.text).toBe('The');
  await strip(tool).nth(first).click();
  const rows = tool.locator('table.lmi-dist tbody tr');
  // Ten most likely tokens, the actual next one when it is not among them, and the rest.
  const actualInTop = scored.tokens[first + 1]!.top.some((a) => a.id === scored.tokens[first + 1]!.id);
  await expect(rows).toHaveCount(actualInTop ? 11 : 12);
  const shown = await rows.evaluateAll((rs) => rs.map((r) => ({ id: r.getAttribute('data-id'), p: Number(r.getAttribute('data-p')), actual: r.getAttribute('data-actual'), rest: r.getAttribute('data-rest') })));
  const expected = scored.tokens[first + 1]!.top;
  expected.forEach((a, i) => {
    expect(Number(shown[i]!.id)).toBe(a.id);
    expect(Math.abs(shown[i]!.p - Math.exp(a.logp))).toBeLessThanOrEqual(1e-3);
  });
  // The token that came next (" capital") is marked; the rest row completes the total to 1.
  const actual = shown.filter((r) => r.actual === 'true');
  expect(actual.map((r) => Number(r.id))).toEqual([scored.tokens[first + 1]!.id]);
  expect(shown[shown.length - 1]!.rest).toBe('true');
  expect(Math.abs(shown.reduce((s, r) => s + r.p, 0) - 1)).toBeLessThanOrEqual(1e-6);
  await expect(rows.last()).toContainText('everything else');

  // Using a row continues from there: the rest after it is dropped.
  await rows.nth(1).getByRole('button').click();
  await ready(tool);
  const after = await currentState(tool);
  expect(after.draft.content).toBe('The' + expected[1]!.text);
});

test('ten tokens taken greedily equal the greedy continuation computed in Node (cross-backend)', async ({ page }) => {
  test.setTimeout(test.info().timeout + 90_000);
  const tool = await open(page);
  const take = tool.getByRole('button', { name: 'Take the top one' });
  for (let i = 0; i < 10; i++) {
    await take.click();
    await ready(tool);
  }
  // Node: the same loop (the document is re-tokenized after each appended token). As in the
  // tool, an end token ends the turn: the message is finished and the next role's draft starts.
  const e = await engine();
  let state = presetState();
  let ended = 0;
  for (let i = 0; i < 10; i++) {
    const top = (await e.next({ text: await docText(state) }, 1)).top[0]!;
    if (e.info.eosIds.includes(top.id)) {
      state = endTurn(state);
      ended++;
    } else {
      state = setDraftText(state, state.draft.content + top.text);
    }
  }
  const written = state.messages.slice(presetState().messages.length).map((m) => m.content).join('') + state.draft.content;
  expect(written.length + ended).toBeGreaterThan(5);
  const shown = await currentState(tool);
  expect(shown.messages.map((m) => ({ role: m.role, content: m.content }))).toEqual(state.messages.map((m) => ({ role: m.role, content: m.content })));
  expect(shown.draft).toEqual(state.draft);
  await expect(tool.getByLabel(`Message (${state.draft.role})`)).toHaveValue(state.draft.content);
});

test('generating twice with the same seed gives the same text as the model in Node (cross-backend); Stop ends a generation mid-way', async ({ page }) => {
  test.setTimeout(test.info().timeout + 120_000);
  const tool = await open(page);
  await tool.getByLabel('Seed').fill('7');
  await tool.getByLabel('Temperature').fill('0.8');
  const before = await tool.getByLabel('This conversation as JSON').inputValue();
  const reply = async (): Promise<string> => {
    await tool.getByRole('button', { name: 'Generate response' }).click();
    await expect(tool).toHaveAttribute('data-generating', 'none', { timeout: 60_000 });
    await ready(tool);
    const s = await currentState(tool);
    return s.draft.role === 'assistant' ? s.draft.content : s.messages[s.messages.length - 1]!.content;
  };
  const first = await reply();
  expect(first.length).toBeGreaterThan(0);
  const details = tool.locator('details', { hasText: 'Conversation as JSON' });
  await details.locator('summary').click();
  await tool.getByLabel('Import a conversation (paste JSON)').fill(before);
  await tool.getByRole('button', { name: 'Import', exact: true }).click();
  await ready(tool);
  await expect(tool.getByLabel('Message (assistant)')).toHaveValue('');
  const second = await reply();
  expect(second).toBe(first);
  const e = await engine();
  const node = await e.generate({ prompt: { text: await docText(presetState()) }, settings: { temperature: 0.8, topK: 0, topP: 1 }, seed: 7, maxTokens: 100 });
  expect(first).toBe(node.text);

  // Stop: pressed from inside the page as soon as the first tokens have streamed in.
  await tool.getByLabel('Import a conversation (paste JSON)').fill(before);
  await tool.getByRole('button', { name: 'Import', exact: true }).click();
  await ready(tool);
  await tool.getByLabel('Temperature').fill('3');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const root = document.querySelector('section.lmi')!;
        const button = (name: string): HTMLButtonElement => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
        const draft = document.getElementById('lm-internals-draft') as HTMLTextAreaElement;
        button('Generate response').click();
        const t0 = performance.now();
        const poll = (): void => {
          const stop = button('Stop');
          if (!stop.disabled && draft.value.length > 0) {
            stop.click();
            resolve();
          } else if (performance.now() - t0 > 60_000) reject(new Error('no tokens streamed'));
          else setTimeout(poll, 0);
        };
        poll();
      }),
  );
  await expect(tool).toHaveAttribute('data-generating', 'none', { timeout: 30_000 });
  await expect(tool.getByTestId('gen-info')).toContainText('Stopped');
  await ready(tool);
  const stopped = await currentState(tool);
  expect(stopped.draft.role).toBe('assistant');
  expect(stopped.draft.content.length).toBeGreaterThan(0);
  const n = (await engine()).encode(stopped.draft.content).length;
  expect(n).toBeLessThan(100);
});

test('selecting 5 tokens (keyboard or drag) shows total bits = the sum of their −log₂ p from the model in Node (cross-backend)', async ({ page }) => {
  const tool = await open(page);
  const text = await docText(presetState());
  const scored = await (await engine()).score({ text }, 1);
  const start = 2;
  const expectedBits = scored.tokens.slice(start, start + 5).reduce((s, t) => s - t.logprob / Math.LN2, 0);
  await strip(tool).nth(start).click();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  const stats = tool.getByTestId('span-stats').locator('p');
  await expect(stats).toHaveAttribute('data-tokens', '5');
  const bits = Number(await stats.getAttribute('data-total-bits'));
  expect(Math.abs(bits - expectedBits)).toBeLessThanOrEqual(1e-3);
  await expect(stats).toContainText(`${expectedBits.toFixed(2)} bits in total`);
  await expect(stats).toContainText(`perplexity ${(2 ** (expectedBits / 5)).toFixed(2)}`);

  // Drag from the 3rd to the 7th token: the same span.
  await strip(tool).nth(0).click();
  const a = await strip(tool).nth(start).boundingBox();
  const b = await strip(tool).nth(start + 4).boundingBox();
  await page.mouse.move(a!.x + 3, a!.y + 3);
  await page.mouse.down();
  await page.mouse.move(b!.x + 3, b!.y + 3, { steps: 5 });
  await page.mouse.up();
  await expect(stats).toHaveAttribute('data-tokens', '5');
  expect(Math.abs(Number(await stats.getAttribute('data-total-bits')) - expectedBits)).toBeLessThanOrEqual(1e-3);
});

test('a bad JSON import is refused with a clear error and the conversation stays; reload keeps the conversation', async ({ page }) => {
  const tool = await open(page);
  await tool.getByLabel('Message (assistant)').fill('Paris, I think.');
  await ready(tool);
  const before = await tool.getByLabel('This conversation as JSON').inputValue();
  await tool.locator('details', { hasText: 'Conversation as JSON' }).locator('summary').click();
  const box = tool.getByLabel('Import a conversation (paste JSON)');
  await box.fill('{"messages": [');
  await tool.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(tool.getByTestId('import-message')).toContainText('This is not valid JSON');
  await expect(tool.getByTestId('import-message')).toContainText('Your current conversation is unchanged');
  await box.fill('{"messages": [{"role": "bot", "content": "hi"}]}');
  await tool.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(tool.getByTestId('import-message')).toContainText('Message 1: "role" must be one of system, user, assistant, tool (got "bot")');
  expect(await tool.getByLabel('This conversation as JSON').inputValue()).toBe(before);

  // Reload (the address keeps the hash) and a fresh visit without it: both restore it.
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.locator('section.lmi')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByLabel('Message (assistant)')).toHaveValue('Paris, I think.');
  await page.goto(URL_PATH);
  await expect(page.locator('section.lmi')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByLabel('Message (assistant)')).toHaveValue('Paris, I think.');

  // Corrupt saved data: a notice, a fresh start, the old text set aside.
  // (Leave the tool first, so its pending save cannot overwrite the corrupt entry.)
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('lm-notes.internals.conversation', '{not json'));
  await page.goto(URL_PATH);
  await expect(page.locator('section.lmi .lmw-notice').first()).toContainText('could not be read');
  await expect(page.getByLabel('Message (assistant)')).toHaveValue('');
  expect(await page.evaluate(() => localStorage.getItem('lm-notes.internals.conversation.unreadable'))).toBe('{not json');
});

test('text typed just before leaving the page is kept', async ({ page }) => {
  await page.goto(URL_PATH);
  const tool = page.locator('section.lmi');
  await expect(tool).toHaveAttribute('data-hydrated', 'true');
  await tool.getByLabel('Message (assistant)').fill('Typed, then off to another page at once.');
  await page.goto('/'); // well within the 300 ms save delay
  await page.goto(URL_PATH);
  await expect(page.locator('section.lmi')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByLabel('Message (assistant)')).toHaveValue('Typed, then off to another page at once.');
});

test('a share link (URL hash) opens exactly that conversation', async ({ page }) => {
  const shared: InternalsState = {
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Name a colour.' },
    ],
    draft: { role: 'assistant', content: 'Blue' },
    tools: [],
    settings: { temperature: 0.5, topK: 20, topP: 0.9, seed: 1234 },
  };
  const tool = await open(page, encodeShareHash(shared));
  await expect(tool.locator('.lmi-messages li')).toHaveCount(2);
  await expect(tool.getByLabel('Message (assistant)')).toHaveValue('Blue');
  await expect(tool.getByLabel('Seed')).toHaveValue('1234');
  await expect(tool.getByLabel(/Top-k/)).toHaveValue('20');
  const texts = await strip(tool).evaluateAll((els) => els.map((e) => e.querySelector('.lmi-tok__text')!.textContent));
  expect(texts[0]).toBe('<|system|>');
  expect(texts.join('').endsWith('<|assistant|>⏎Blue')).toBe(true);
});

test('tools: definitions and calls are validated and written into the document by the template', async ({ page }) => {
  const tool = await open(page);
  await tool.locator('summary', { hasText: 'Tools' }).click();
  const defs = tool.getByLabel('Tool definitions (JSON)');
  await defs.fill('[{"name": "get weather"}]');
  await tool.getByRole('button', { name: 'Apply tools' }).click();
  await expect(tool.getByRole('alert')).toContainText('Tool 1 needs a "name"');
  await defs.fill(JSON.stringify([{ type: 'function', function: { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }]));
  await tool.getByRole('button', { name: 'Apply tools' }).click();
  await ready(tool);
  const docNow = async (): Promise<string> => (await strip(tool).evaluateAll((els) => els.map((e) => e.querySelector('.lmi-tok__text')!.textContent ?? ''))).join('');
  expect(await docNow()).toContain('get_weather');
  await tool.getByLabel('Tool name').fill('get_weather');
  await tool.getByLabel('Arguments (JSON)').fill('{"town": "Paris"}');
  await tool.getByRole('button', { name: 'Add tool call' }).click();
  await expect(tool.getByRole('alert')).toContainText('arguments is missing "city"');
  await tool.getByLabel('Arguments (JSON)').fill('{"city": "Paris"}');
  await tool.getByRole('button', { name: 'Add tool call' }).click();
  await ready(tool);
  await expect(tool.getByLabel('Role of this message')).toHaveValue('tool');
  expect((await docNow()).replaceAll('␣', ' ').replaceAll('⏎', '\n')).toContain('{"name": "get_weather", "arguments": {"city": "Paris"}}<|end|>\n<|tool|>\n');
});

test('keyboard only: every control is reachable and works', async ({ page }) => {
  const tool = await open(page);
  await tool.locator('summary', { hasText: 'Tools' }).click();
  await tool.locator('summary', { hasText: 'Conversation as JSON' }).click();
  await page.getByLabel('Model', { exact: true }).focus();
  const names: string[] = [];
  for (let i = 0; i < 45; i++) {
    names.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const label = el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ?? el.closest('label')?.textContent ?? el.textContent ?? '';
      return `${el.tagName.toLowerCase()}:${label.trim().replace(/\s+/g, ' ')}`;
    }));
    await page.keyboard.press('Tab');
  }
  const joined = names.join('\n');
  for (const want of ['select:Model', 'select:Role of this message', 'textarea:Message (assistant)', 'button:End turn', 'button:Start over', 'button:Take the top one', 'button:Sample one', 'button:Generate response', 'input:Temperature', 'input:Top-k', 'input:Top-p', 'input:Seed', 'button:Continue with', 'summary:Tools', 'textarea:Tool definitions (JSON)', 'button:Apply tools', 'input:Tool name', 'input:Arguments (JSON)', 'button:Add tool call', 'summary:Conversation as JSON', 'textarea:This conversation as JSON', 'button:Copy JSON', 'button:Export (download)', 'button:Copy share link', 'textarea:Import a conversation', 'button:Import']) {
    expect(joined, `reach ${want}`).toContain(want);
  }
  // Exactly one token of the strip is in the tab order (arrows move inside it).
  expect(names.filter((n) => /^button:.*, id \d+, [\d.]+ bits$/.test(n)).length).toBe(1);

  // Operate with keys: type, end the turn, walk the strip, select a span, continue with a row.
  const draft = tool.getByLabel('Message (assistant)');
  await draft.focus();
  await page.keyboard.type('Paris');
  await page.keyboard.press('Control+Enter');
  await ready(tool);
  await expect(tool.getByLabel('Role of this message')).toHaveValue('user');
  await tool.getByLabel('Role of this message').focus();
  await page.keyboard.press('ArrowUp'); // user → ... choose assistant via keys
  await tool.getByLabel('Role of this message').selectOption('assistant');
  await ready(tool);
  await strip(tool).last().focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(tool.getByTestId('span-stats').locator('p')).toHaveAttribute('data-tokens', '3');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const beforeUse = JSON.stringify(await currentState(tool));
  await tool.locator('table.lmi-dist tbody tr').first().getByRole('button').focus();
  await page.keyboard.press('Enter');
  await ready(tool);
  expect(JSON.stringify(await currentState(tool))).not.toBe(beforeUse);
  await tool.getByRole('button', { name: 'Take the top one' }).focus();
  await page.keyboard.press('Space');
  await ready(tool);
  await tool.getByRole('button', { name: 'Sample one' }).focus();
  await page.keyboard.press('Enter');
  await expect(tool).toHaveAttribute('data-generating', 'none');
  await ready(tool);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violations (${scheme})`, async ({ page }) => {
    await page.addInitScript((s) => localStorage.setItem('starlight-theme', s), scheme);
    await page.emulateMedia({ colorScheme: scheme });
    const tool = await open(page);
    await strip(tool).nth(3).click();
    await tool.locator('summary', { hasText: 'Tools' }).click();
    await tool.locator('summary', { hasText: 'Conversation as JSON' }).click();
    for (const sel of ['section.lmi', 'main']) {
      const r = await new AxeBuilder({ page }).include(sel).analyze();
      const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    await page.goto('/unit-1/chat-as-a-document/');
    const r = await new AxeBuilder({ page }).include('[data-figure="chat-tokens"]').analyze();
    expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });
}

test('without JavaScript the page and the chat-as-a-document figure show the build-time tokens, equal to the live ones', async ({ browser, page }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const off = await ctx.newPage();
  await off.goto('/lm-internals/');
  await expect(off.locator('section.lmi .lmw-static-note')).toContainText('computed when the site was built');
  const staticTokens = await off.locator('section.lmi .lmi-strip button').evaluateAll((els) => els.map((e) => ({ id: Number(e.getAttribute('data-id')), lp: Number(e.getAttribute('data-logprob')), special: e.getAttribute('data-special') })));
  expect(staticTokens.length).toBeGreaterThan(10);
  await off.goto('/unit-1/chat-as-a-document/');
  const fig = off.locator('[data-figure="chat-tokens"]');
  await expect(fig).toContainText('<|user|>');
  await expect(fig.getByRole('link', { name: 'LM internals tool' })).toBeVisible();
  const figTokens = await fig.locator('li').evaluateAll((els) => els.map((e) => ({ id: Number(e.getAttribute('data-id')), lp: Number(e.getAttribute('data-logprob')), special: e.getAttribute('data-special') })));
  expect(figTokens).toEqual(staticTokens);
  await ctx.close();

  const tool = await open(page);
  await expect(tool.locator('.lmw-static-note')).toHaveCount(0);
  const live = await strip(tool).evaluateAll((els) => els.map((e) => ({ id: Number(e.getAttribute('data-id')), lp: Number(e.getAttribute('data-logprob')), special: e.getAttribute('data-special') })));
  expect(live.map((t) => t.id)).toEqual(staticTokens.map((t) => t.id));
  live.forEach((t, i) => expect(Math.abs(t.lp - staticTokens[i]!.lp)).toBeLessThanOrEqual(1e-4));
});

test('switching to a Hub model (mock Hub) re-renders the same conversation with the new model', async ({ page }) => {
  test.setTimeout(test.info().timeout + 90_000);
  const hub = await startMockHub(0);
  try {
    await page.route('https://huggingface.co/**', async (route) => {
      const u = new URL(route.request().url());
      const response = await route.fetch({ url: `${hub.url}${u.pathname.slice(1)}` });
      await route.fulfill({ response });
    });
    const tool = await open(page);
    await tool.getByLabel('Message (assistant)').fill('Paris');
    await ready(tool);
    const before = await strip(tool).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await tool.getByLabel('Model', { exact: true }).selectOption('HuggingFaceTB/SmolLM2-135M-Instruct');
    await expect(tool).toHaveAttribute('data-model', 'HuggingFaceTB/SmolLM2-135M-Instruct');
    await expect(page.locator('.lmw-model-line')).toContainText('SmolLM2 135M Instruct (Hugging Face Hub) ·', { timeout: 120_000 });
    await ready(tool);
    // The mock Hub serves the embedded model's files, so the template and tokens are the same.
    expect(await strip(tool).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(before);
    await expect(tool.getByLabel('Message (assistant)')).toHaveValue('Paris');
  } finally {
    await hub.close();
  }
});
