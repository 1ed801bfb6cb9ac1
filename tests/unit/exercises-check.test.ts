import { describe, expect, it } from 'vitest';
import { validateAnswerSpec, type AnswerSpec } from '../../src/lib/exercises/answer-spec';
import { checkAnswer, formatAnswer } from '../../src/lib/exercises/check-answer';
import { normaliseText, textMatches } from '../../src/lib/exercises/normalise-text';
import { parseNumberAnswer } from '../../src/lib/exercises/parse-number';
import { isPickDetail, pickFits } from '../../src/lib/exercises/pick';

describe('parseNumberAnswer', () => {
  it('reads plain, signed, decimal-comma, fraction, exponent and percent forms', () => {
    expect(parseNumberAnswer('4')).toBe(4);
    expect(parseNumberAnswer(' 2.5 ')).toBe(2.5);
    expect(parseNumberAnswer('−1.5')).toBe(-1.5);
    expect(parseNumberAnswer('+3')).toBe(3);
    expect(parseNumberAnswer('2,83')).toBeCloseTo(2.83, 12);
    expect(parseNumberAnswer('12,400')).toBe(12400);
    expect(parseNumberAnswer('1/8')).toBe(0.125);
    expect(parseNumberAnswer('3e-2')).toBeCloseTo(0.03, 12);
    expect(parseNumberAnswer('.5')).toBe(0.5);
    expect(parseNumberAnswer('25%')).toBeCloseTo(0.25, 12);
  });
  it('accepts the unit after the number, singular or plural', () => {
    expect(parseNumberAnswer('6 bits', 'bits')).toBe(6);
    expect(parseNumberAnswer('1 bit', 'bits')).toBe(1);
    expect(parseNumberAnswer('3 Tokens', 'tokens')).toBe(3);
  });
  it('rejects what is not a number', () => {
    for (const s of ['', 'four', '1/0', '2..5', '3 apples', 'NaN', 'Infinity', '1/2/3']) {
      expect(parseNumberAnswer(s), s).toBeNull();
    }
  });
});

describe('normaliseText and textMatches', () => {
  it('ignores case, outer spaces, quotes, a final full stop and visible-space symbols', () => {
    expect(normaliseText('  “America.” ')).toBe('america');
    expect(normaliseText('␣America')).toBe('america');
    expect(normaliseText('upon   a\ttime')).toBe('upon a time');
    expect(normaliseText('America', { caseSensitive: true })).toBe('America');
  });
  it('matches any accepted answer but never an empty response', () => {
    expect(textMatches(' america', [' America'])).toBe(true);
    expect(textMatches('Europe', [' America', 'the Americas'])).toBe(false);
    expect(textMatches('the americas', [' America', 'the Americas'])).toBe(true);
    expect(textMatches('   ', [''])).toBe(false);
    expect(textMatches('<|assistant|>', ['<|assistant|>'], { caseSensitive: true })).toBe(true);
    expect(textMatches('<|ASSISTANT|>', ['<|assistant|>'], { caseSensitive: true })).toBe(false);
  });
});

describe('checkAnswer', () => {
  const num: AnswerSpec = { kind: 'number', value: 2.321928, tolerance: 0.01, unit: 'bits' };
  it('accepts a number within the tolerance and rejects one outside, both sides', () => {
    expect(checkAnswer(num, '2.32').status).toBe('correct');
    expect(checkAnswer(num, '2.33 bits').status).toBe('correct');
    expect(checkAnswer(num, '2.3').status).toBe('incorrect');
    expect(checkAnswer(num, '2.3').message).toMatch(/too low/);
    expect(checkAnswer(num, '2.34').message).toMatch(/too high/);
  });
  it('treats the tolerance as inclusive and zero tolerance as exact', () => {
    expect(checkAnswer({ kind: 'number', value: 3, tolerance: 0 }, '3').status).toBe('correct');
    expect(checkAnswer({ kind: 'number', value: 3, tolerance: 0 }, '3.001').status).toBe('incorrect');
    expect(checkAnswer({ kind: 'number', value: 1, tolerance: 0.1 }, '1.1').status).toBe('correct');
  });
  it('calls empty or unreadable answers invalid, not wrong', () => {
    expect(checkAnswer(num, '').status).toBe('invalid');
    expect(checkAnswer(num, 'two').status).toBe('invalid');
  });
  it('checks choices by index', () => {
    const c: AnswerSpec = { kind: 'choice', options: ['a', 'b', 'c'], correct: 1 };
    expect(checkAnswer(c, '1').status).toBe('correct');
    expect(checkAnswer(c, '0').status).toBe('incorrect');
    expect(checkAnswer(c, '').status).toBe('invalid');
    expect(checkAnswer(c, '7').status).toBe('invalid');
  });
  it('checks text and picks after normalisation', () => {
    const t: AnswerSpec = { kind: 'pick', accepted: [' America'], pick: 'token' };
    expect(checkAnswer(t, 'america').status).toBe('correct');
    expect(checkAnswer(t, ' Canada').status).toBe('incorrect');
  });
  it('formats the answer for the solution', () => {
    expect(formatAnswer(num)).toBe('2.322 bits');
    expect(formatAnswer({ kind: 'number', value: 3, tolerance: 0 })).toBe('3');
    expect(formatAnswer({ kind: 'choice', options: ['x', 'y'], correct: 1 })).toBe('y');
    expect(formatAnswer({ kind: 'text', accepted: ['America', 'USA'] })).toBe('America');
  });
});

describe('validateAnswerSpec', () => {
  it('rejects specs that cannot be checked', () => {
    expect(() => validateAnswerSpec({ kind: 'number', value: NaN, tolerance: 0 })).toThrow(/finite/);
    expect(() => validateAnswerSpec({ kind: 'number', value: 1, tolerance: -1 })).toThrow(/tolerance/);
    expect(() => validateAnswerSpec({ kind: 'choice', options: ['a'], correct: 0 })).toThrow(/two options/);
    expect(() => validateAnswerSpec({ kind: 'choice', options: ['a', 'b'], correct: 2 })).toThrow(/one of the options/);
    expect(() => validateAnswerSpec({ kind: 'text', accepted: [] })).toThrow(/accepted/);
    expect(() => validateAnswerSpec({ kind: 'number', value: 1, tolerance: 0 })).not.toThrow();
  });
});

describe('pick events', () => {
  it('accepts well-formed details and rejects others', () => {
    expect(isPickDetail({ widget: 'next-token', kind: 'token', text: ' America', p: 0.4 })).toBe(true);
    expect(isPickDetail({ widget: 'surprisal', kind: 'span', text: 'a b', tokens: ['a', ' b'], bits: 3 })).toBe(true);
    expect(isPickDetail(null)).toBe(false);
    expect(isPickDetail({ widget: 'x', kind: 'word', text: 'a' })).toBe(false);
    expect(isPickDetail({ widget: 'x', kind: 'token', text: 5 })).toBe(false);
    expect(isPickDetail({ widget: 'x', kind: 'token', text: 'a', p: 2 })).toBe(false);
    expect(isPickDetail({ widget: 'x', kind: 'span', text: 'a', tokens: [1] })).toBe(false);
  });
  it('filters by kind and widget', () => {
    const d = { widget: 'next-token', kind: 'token' as const, text: 'a' };
    expect(pickFits(d, {})).toBe(true);
    expect(pickFits(d, { kind: 'token', widget: 'next-token' })).toBe(true);
    expect(pickFits(d, { kind: 'span' })).toBe(false);
    expect(pickFits(d, { widget: 'surprisal' })).toBe(false);
  });
});
