import { describe, expect, it } from 'vitest';
import {
  addToolCall,
  clearConversation,
  endTurn,
  nextRole,
  presetState,
  rewindTo,
  setDraftRole,
  setDraftText,
  toChatMessage,
} from '../../src/lib/internals/conversation';

describe('conversation', () => {
  it('ends a turn and switches to the next role', () => {
    const s = endTurn(setDraftText(clearConversation(presetState()), 'Hi'));
    expect(s.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(s.draft).toEqual({ role: 'assistant', content: '' });
    expect(endTurn(s).draft.role).toBe('user');
    expect(nextRole('system')).toBe('user');
    expect(nextRole('tool')).toBe('assistant');
  });
  it('rewinds to an edited message, dropping the ones after it', () => {
    let s = presetState();
    s = endTurn(setDraftText(s, 'Paris.'));
    s = endTurn(setDraftText(s, 'Thanks'));
    expect(s.messages).toHaveLength(3);
    const r = rewindTo(s, 1);
    expect(r.messages).toEqual([{ role: 'user', content: 'What is the capital of France?' }]);
    expect(r.draft).toEqual({ role: 'assistant', content: 'Paris.' });
    expect(rewindTo(s, 0, 'Changed').draft.content).toBe('Changed');
    expect(() => rewindTo(s, 5)).toThrow(RangeError);
    expect(s.messages).toHaveLength(3); // unchanged
  });
  it('adds a tool call as a finished assistant message and opens a tool turn', () => {
    const s = addToolCall(setDraftText(presetState(), 'Let me check.'), { name: 'f', arguments: { x: 1 } });
    expect(s.messages[1]).toEqual({ role: 'assistant', content: 'Let me check.', toolCalls: [{ name: 'f', arguments: { x: 1 } }] });
    expect(s.draft).toEqual({ role: 'tool', content: '' });
    expect(toChatMessage(s.messages[1]!)).toEqual({
      role: 'assistant',
      content: 'Let me check.',
      tool_calls: [{ type: 'function', function: { name: 'f', arguments: { x: 1 } } }],
    });
    expect(toChatMessage({ role: 'user', content: 'a' })).toEqual({ role: 'user', content: 'a' });
    expect(setDraftRole(s, 'system').draft.role).toBe('system');
  });
});
