import { describe, expect, it } from 'vitest';
import { boolParam, intParam, numberParam, readWidgetState, writeWidgetState } from '../../src/lib/widget-state/url-state';

describe('widget state in the URL', () => {
  it('round-trips a widget state and leaves other widgets alone', () => {
    const start = '?other.t=2&keep=yes';
    const search = writeWidgetState(start, 'sampler', { prompt: 'Once upon a <b>time</b> & more', t: 0.7, greedy: true });
    expect(readWidgetState(search, 'sampler')).toEqual({ prompt: 'Once upon a <b>time</b> & more', t: '0.7', greedy: '1' });
    expect(readWidgetState(search, 'other')).toEqual({ t: '2' });
    expect(new URLSearchParams(search).get('keep')).toBe('yes');
  });

  it('replaces old keys and drops undefined or non-finite values', () => {
    const first = writeWidgetState('', 'w', { a: 1, b: 2 });
    const second = writeWidgetState(first, 'w', { a: 3, b: undefined, c: Number.NaN });
    expect(readWidgetState(second, 'w')).toEqual({ a: '3' });
  });

  it('does not confuse ids that share a prefix', () => {
    const s = writeWidgetState('', 'next', { k: 5 });
    expect(readWidgetState(s, 'next-2')).toEqual({});
    expect(readWidgetState(`${s}&next-2.k=9`, 'next')).toEqual({ k: '5' });
  });

  it('rejects ids and keys that would need escaping', () => {
    expect(() => writeWidgetState('', 'a.b', {})).toThrow(/widget id/);
    expect(() => writeWidgetState('', 'ok', { 'x y': 1 })).toThrow(/key/);
  });

  it('parses numbers, integers and booleans with fallbacks and clamping', () => {
    expect(numberParam('0.25', 1)).toBe(0.25);
    expect(numberParam('abc', 1)).toBe(1);
    expect(numberParam('', 1)).toBe(1);
    expect(numberParam('9', 1, 0, 2)).toBe(2);
    expect(intParam('3.6', 0)).toBe(4);
    expect(intParam(undefined, 7)).toBe(7);
    expect(boolParam('1', false)).toBe(true);
    expect(boolParam('0', true)).toBe(false);
    expect(boolParam('maybe', true)).toBe(true);
  });
});
