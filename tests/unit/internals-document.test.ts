import { describe, expect, it } from 'vitest';
import { presetState, setDraftText, endTurn } from '../../src/lib/internals/conversation';
import { DRAFT_MARKER, continueAt, layoutDocument, locateMessages, templateInput } from '../../src/lib/internals/document';
import { haveModel, tinyEngine } from './lm-engine-helpers';

/** A template like the embedded model's, written out by hand. */
function render(msgs: { role: string; content: string }[]): string {
  return msgs.map((m) => `<|${m.role}|>\n${m.content}<|end|>\n`).join('');
}

describe('document layout', () => {
  it('keeps the draft open: template text up to the draft, then its text', () => {
    const s = setDraftText(presetState(), 'Par');
    const input = templateInput(s);
    expect(input.at(-1)).toEqual({ role: 'assistant', content: DRAFT_MARKER });
    const layout = layoutDocument(render(input), s.messages, s.draft.content);
    expect(layout.text).toBe('<|user|>\nWhat is the capital of France?<|end|>\n<|assistant|>\nPar');
    expect(layout.draftStart).toBe(layout.text.length - 3);
    expect(layout.messages).toEqual([{ start: 9, end: 9 + 'What is the capital of France?'.length }]);
  });
  it('refuses a template that drops the draft', () => {
    expect(() => layoutDocument('<|user|>\nhi', [], '')).toThrow(/dropped/);
  });
  it('locates trimmed and empty messages in order', () => {
    expect(locateMessages('A: hi\nB: hi\n', [{ role: 'user', content: ' hi ' }, { role: 'user', content: 'hi' }, { role: 'user', content: '' }])).toEqual([
      { start: 3, end: 5 },
      { start: 9, end: 11 },
      null,
    ]);
  });
  it('continues inside the draft, inside an earlier message, or ends the turn', () => {
    let s = presetState();
    s = endTurn(setDraftText(s, 'Paris is big.'));
    const layout = layoutDocument(render(templateInput(s)), s.messages, s.draft.content);
    const m1 = layout.messages[1]!;
    // After "Paris" in the assistant message: rewinds to it, cuts, appends.
    const r = continueAt(s, layout, m1.start + 5, ' city', false, false);
    expect(r.kind).toBe('state');
    if (r.kind === 'state') {
      expect(r.state.messages).toHaveLength(1);
      expect(r.state.draft).toEqual({ role: 'assistant', content: 'Paris city' });
    }
    const end = continueAt(s, layout, m1.start + 5, '', true, true);
    if (end.kind !== 'state') throw new Error('expected a state');
    expect(end.state.messages.at(-1)).toEqual({ role: 'assistant', content: 'Paris' });
    expect(end.state.draft.role).toBe('user');
    // In the draft (empty user turn) at its start.
    const d = continueAt(s, layout, layout.text.length, 'Why', false, false);
    expect(d.kind === 'state' && d.state.draft.content).toBe('Why');
    // Inside template markup, or a special token as text: refused with a reason.
    expect(continueAt(s, layout, 3, 'x', false, false).kind).toBe('refused');
    expect(continueAt(s, layout, layout.text.length, '<|user|>', false, true).kind).toBe('refused');
  });
  it.skipIf(!haveModel)('works with the embedded model’s real template (tools and calls included)', async () => {
    const e = await tinyEngine();
    let s = setDraftText(presetState(), 'It is');
    const r = e.chatTemplate(templateInput(s), undefined, false);
    const layout = layoutDocument(r.text, s.messages, s.draft.content);
    expect(layout.text).toBe('<|user|>\nWhat is the capital of France?<|end|>\n<|assistant|>\nIt is');
    // The same as the template with a generation prompt, plus the draft.
    expect(layout.text).toBe(e.chatTemplate(s.messages, undefined, true).text + 'It is');
    s = { ...s, messages: [...s.messages, { role: 'assistant', content: '', toolCalls: [{ name: 'lookup', arguments: { q: 'France' } }] }], draft: { role: 'tool', content: 'Paris' } };
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const t = layoutDocument(e.chatTemplate(templateInput(s), tools, false).text, s.messages, s.draft.content);
    expect(t.text.startsWith('<|system|>\nYou can call these tools.')).toBe(true);
    expect(t.text).toContain('{"name": "lookup"');
    expect(t.text.endsWith('<|assistant|>\n{"name": "lookup", "arguments": {"q": "France"}}<|end|>\n<|tool|>\nParis')).toBe(true);
  });
});
