import { describe, expect, it } from 'vitest';
import {
  countDone,
  emptyExercise,
  emptyProgress,
  progressLabel,
  readSavedProgress,
  serialiseProgress,
  storageKey,
} from '../../src/lib/exercises/saved-progress';

describe('saved exercise progress', () => {
  it('round-trips through its JSON form', () => {
    const p = emptyProgress();
    p.exercises.a = { response: '4', status: 'correct', hintsShown: 2, solutionShown: true };
    p.exercises.b = { ...emptyExercise(), response: 'x' };
    const back = readSavedProgress(serialiseProgress(p));
    expect(back.ok).toBe(true);
    expect(back.progress).toEqual(p);
  });
  it('reads nothing saved as an empty, valid progress', () => {
    expect(readSavedProgress(null)).toEqual({ ok: true, progress: emptyProgress() });
  });
  it('sets aside corrupt data with a reason', () => {
    const bad = [
      ['{not json', /not valid JSON/],
      ['[]', /not an object/],
      ['42', /not an object/],
      ['{"version":99,"exercises":{}}', /unknown version/],
      ['{"version":1}', /no list/],
      ['{"version":1,"exercises":{"a":5}}', /not an object/],
      ['{"version":1,"exercises":{"a":{"response":1,"status":null,"hintsShown":0,"solutionShown":false}}}', /response/],
      ['{"version":1,"exercises":{"a":{"response":"","status":"maybe","hintsShown":0,"solutionShown":false}}}', /check result/],
      ['{"version":1,"exercises":{"a":{"response":"","status":null,"hintsShown":-1,"solutionShown":false}}}', /hint/],
      ['{"version":1,"exercises":{"a":{"response":"","status":null,"hintsShown":0,"solutionShown":"yes"}}}', /solution/],
    ] as const;
    for (const [raw, reason] of bad) {
      const r = readSavedProgress(raw);
      expect(r.ok, raw).toBe(false);
      if (!r.ok) expect(r.reason, raw).toMatch(reason);
      expect(r.progress, raw).toEqual(emptyProgress());
    }
  });
  it('drops unknown extra fields', () => {
    const r = readSavedProgress('{"version":1,"exercises":{"a":{"response":"1","status":"incorrect","hintsShown":1,"solutionShown":false,"evil":"x"}}}');
    expect(r.ok).toBe(true);
    expect(r.progress.exercises.a).toEqual({ response: '1', status: 'incorrect', hintsShown: 1, solutionShown: false });
  });
  it('counts only correctly answered exercises of the page, and labels progress', () => {
    const p = emptyProgress();
    p.exercises.a = { ...emptyExercise(), status: 'correct' };
    p.exercises.b = { ...emptyExercise(), status: 'incorrect' };
    p.exercises.gone = { ...emptyExercise(), status: 'correct' };
    expect(countDone(p, ['a', 'b', 'c'])).toBe(1);
    expect(progressLabel(3, 5)).toBe('3 of 5 done');
  });
  it('keys storage by page', () => {
    expect(storageKey('/unit-1/sampling/')).toBe('lm-notes:exercises:/unit-1/sampling/');
  });
});
