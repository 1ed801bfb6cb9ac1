/**
 * Checking a student's response against an exercise's answer, with a short message that
 * says what was wrong without giving the answer away.
 */
import type { AnswerSpec } from './answer-spec';
import { textMatches } from './normalise-text';
import { parseNumberAnswer } from './parse-number';

/** Outcome of a check: right, wrong, or not an answer at all (empty, not a number). */
export type CheckStatus = 'correct' | 'incorrect' | 'invalid';

/** The result of checking one response. */
export interface CheckResult {
  /** Right, wrong or unreadable. */
  status: CheckStatus;
  /** One sentence for the reader (announced in the live region). */
  message: string;
}

/**
 * Checks `response` (the typed text, or for a choice the chosen option's index as a string)
 * against `spec`.
 */
export function checkAnswer(spec: AnswerSpec, response: string): CheckResult {
  if (response.trim() === '') {
    return { status: 'invalid', message: spec.kind === 'choice' ? 'Choose an option first.' : 'Type an answer first.' };
  }
  switch (spec.kind) {
    case 'number': {
      const n = parseNumberAnswer(response, spec.unit);
      if (n === null) {
        return { status: 'invalid', message: `“${response.trim()}” is not a number I can read. Try a form like 2.5 or 1/8.` };
      }
      // A tiny relative slack absorbs floating-point noise in the tolerance itself.
      const ok = Math.abs(n - spec.value) <= spec.tolerance + 1e-9 * Math.max(1, Math.abs(spec.value));
      if (ok) return { status: 'correct', message: 'Correct.' };
      const tol = spec.tolerance > 0 ? ` (answers within ${spec.tolerance} count)` : '';
      return { status: 'incorrect', message: `Not quite: ${n} is ${n > spec.value ? 'too high' : 'too low'}${tol}.` };
    }
    case 'choice': {
      const i = Number(response);
      if (!Number.isInteger(i) || i < 0 || i >= spec.options.length) return { status: 'invalid', message: 'Choose an option first.' };
      return i === spec.correct
        ? { status: 'correct', message: 'Correct.' }
        : { status: 'incorrect', message: `Not quite: “${spec.options[i]}” is not right.` };
    }
    case 'text':
    case 'pick': {
      const ok = textMatches(response, spec.accepted, { caseSensitive: spec.caseSensitive });
      return ok
        ? { status: 'correct', message: 'Correct.' }
        : { status: 'incorrect', message: `Not quite: “${response.trim()}” is not the answer.` };
    }
  }
}

/** The answer as the solution shows it ("4 bits", "America", the right option's text). */
export function formatAnswer(spec: AnswerSpec, digits = 3): string {
  switch (spec.kind) {
    case 'number': {
      const v = Number.isInteger(spec.value) ? String(spec.value) : String(Number(spec.value.toFixed(digits)));
      return spec.unit ? `${v} ${spec.unit}` : v;
    }
    case 'choice':
      return spec.options[spec.correct] ?? '';
    case 'text':
    case 'pick':
      return spec.accepted[0] ?? '';
  }
}
