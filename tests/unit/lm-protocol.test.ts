/** Envelope checks of the worker protocol. */
import { describe, expect, it } from 'vitest';
import { isReply, isRequest } from '../../src/lib/lm/protocol';

describe('protocol envelopes', () => {
  it('accepts every request type with a numeric id, and nothing else', () => {
    for (const type of ['load', 'tokenize', 'score', 'next', 'generate', 'cancel', 'unload', 'chatTemplate']) {
      expect(isRequest({ id: 1, type })).toBe(true);
    }
    expect(isRequest({ id: '1', type: 'score' })).toBe(false);
    expect(isRequest({ id: 1, type: 'train' })).toBe(false);
    expect(isRequest(null)).toBe(false);
  });
  it('accepts result, error and progress replies', () => {
    expect(isReply({ id: 1, type: 'result', value: 1 })).toBe(true);
    expect(isReply({ id: 1, type: 'error', error: { code: 'internal', message: 'x' } })).toBe(true);
    expect(isReply({ id: 1, type: 'progress', data: {} })).toBe(true);
    expect(isReply({ id: 1, type: 'other' })).toBe(false);
  });
});
