/**
 * The rule of pick exercises (issue 14): a token or span picked in a live figure counts only
 * for the question's own prompt or text, only Check grades, and a mark never stays beside an
 * answer it did not grade.
 */
import { describe, expect, it } from 'vitest';
import type { AnswerSpec } from '../../src/lib/exercises/answer-spec';
import { answerReducer, initialAnswer, type AnswerEvent, type AnswerState } from '../../src/lib/exercises/answer-state';
import { judgePick, type PickDetail } from '../../src/lib/exercises/pick';

const USA = 'The United States of';
const spec: AnswerSpec = { kind: 'pick', accepted: [' of'], pick: 'token', context: USA };
const run = (events: AnswerEvent[], s: AnswerSpec = spec, from: AnswerState = initialAnswer()) =>
  events.reduce((st, e) => answerReducer(s, st, e), from);
const tok = (text: string, context?: string): PickDetail => ({ widget: 'nt', kind: 'token', text, p: 0.5, ...(context !== undefined ? { context } : {}) });
const pick = (text: string, context?: string): AnswerEvent => ({ type: 'pick', detail: tok(text, context) });
const CHECK: AnswerEvent = { type: 'check' };

describe('judgePick', () => {
  it('counts a pick only for the question’s own prompt, exactly', () => {
    expect(judgePick(tok(' of', USA), { kind: 'token', context: USA }).use).toBe('fill');
    expect(judgePick(tok(' help', 'Once upon a'), { kind: 'token', context: USA }).use).toBe('elsewhere');
    // A trailing space is another prompt (the next token differs).
    expect(judgePick(tok('of', `${USA} `), { kind: 'token', context: USA }).use).toBe('elsewhere');
    // A pick that does not say its prompt cannot be for this question.
    expect(judgePick(tok(' of'), { kind: 'token', context: USA }).use).toBe('elsewhere');
    // A question without a prompt takes any pick of the right kind.
    expect(judgePick(tok(' of', 'anything'), { kind: 'token' }).use).toBe('fill');
  });
  it('says which prompt the pick came from and which one the question wants', () => {
    const j = judgePick(tok(' help', 'Once upon a'), { kind: 'token', context: USA });
    expect(j.use === 'elsewhere' && j.message).toContain('“Once upon a”');
    expect(j.use === 'elsewhere' && j.message).toContain('“The United States of”');
  });
  it('ignores the wrong kind or widget silently; a one-token span is a token', () => {
    expect(judgePick({ widget: 's', kind: 'span', text: 'a b', tokens: 2 }, { kind: 'token' }).use).toBe('ignore');
    expect(judgePick({ widget: 's', kind: 'span', text: ' b', tokens: 1, context: 'a b' }, { kind: 'token', context: 'a b' }).use).toBe('fill');
    expect(judgePick({ widget: 's', kind: 'span', text: ' b', tokens: [' b'] }, { kind: 'token' }).use).toBe('fill');
    expect(judgePick(tok(' of', USA), { kind: 'token', widget: 'other', context: USA }).use).toBe('ignore');
    expect(judgePick(tok(' of', USA), { kind: 'span' }).use).toBe('ignore');
  });
});

describe('answerReducer', () => {
  it('a pick made with another prompt neither fills the box nor marks it (review Part 2, item 8)', () => {
    const s = run([pick(' help', 'Once upon a')]);
    expect(s.response).toBe('');
    expect(s.status).toBeNull();
    expect(s.pickNote).toContain('does not count');
  });
  it('a pick for the question fills the box but only Check grades it', () => {
    const s = run([pick(' of', USA)]);
    expect(s.response).toBe(' of');
    expect(s.status).toBeNull();
    expect(s.picked?.context).toBe(USA);
    expect(run([CHECK], spec, s).status).toBe('correct');
    const wrong = run([pick(' Texas', USA), CHECK]);
    expect(wrong.status).toBe('incorrect');
  });
  it('changing the figure’s prompt afterwards leaves the checked answer as it was', () => {
    const checked = run([pick(' of', USA), CHECK]);
    // The figure appends the pick, so its prompt is now longer; the next pick is for another prompt.
    const after = run([pick(' America', `${USA} of`)], spec, checked);
    expect(after.response).toBe(' of');
    expect(after.status).toBe('correct');
    expect(after.pickNote).toContain('does not count');
  });
  it('never leaves a mark beside an answer it did not grade', () => {
    const checked = run([pick(' of', USA), CHECK]);
    // A new pick for the question replaces the answer: its mark is gone until Check.
    const repicked = run([pick(' Texas', USA)], spec, checked);
    expect(repicked.response).toBe(' Texas');
    expect(repicked.status).toBeNull();
    expect(repicked.message).toBe('');
    // Typing replaces the answer, the mark and the "you picked" line.
    const typed = run([{ type: 'edit', value: ' o' }], spec, checked);
    expect(typed).toEqual({ response: ' o', status: null, message: '', picked: null, pickNote: '' });
    // Picking the very answer already in the box keeps its mark (it is still that answer's).
    expect(run([pick(' of', USA)], spec, checked).status).toBe('correct');
  });
  it('a typed answer is checked with no figure at all', () => {
    expect(run([{ type: 'edit', value: 'of' }, CHECK]).status).toBe('correct');
    expect(run([{ type: 'edit', value: 'to' }, CHECK]).status).toBe('incorrect');
  });
  it('restoring re-checks a saved mark and drops a pick', () => {
    expect(run([{ type: 'restore', response: ' of', checked: true }]).status).toBe('correct');
    expect(run([{ type: 'restore', response: ' of', checked: false }]).status).toBeNull();
    const s = run([pick(' of', USA), { type: 'restore', response: '', checked: false }]);
    expect(s).toEqual(initialAnswer());
  });
  it('exercises that take no picks ignore them', () => {
    const num: AnswerSpec = { kind: 'number', value: 4, tolerance: 0 };
    expect(run([pick('4', USA)], num)).toEqual(initialAnswer());
  });
});
