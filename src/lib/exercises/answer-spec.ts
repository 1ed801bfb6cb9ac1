/**
 * What an exercise's answer is, in a form that can be written in MDX props, sent to the
 * browser as JSON and checked there.
 */

/** A number, right when within `tolerance` of `value`. */
export interface NumberAnswer {
  /** Discriminator. */
  kind: 'number';
  /** The exact answer. */
  value: number;
  /** Largest accepted absolute difference (≥ 0). */
  tolerance: number;
  /** Unit shown after the box and allowed after the typed number ("bits"). */
  unit?: string;
}

/** One of several options, right when the chosen index is `correct`. */
export interface ChoiceAnswer {
  /** Discriminator. */
  kind: 'choice';
  /** The options, in the order shown. */
  options: string[];
  /** Index of the right option in `options`. */
  correct: number;
}

/** A short text or token, right when it equals one of `accepted` after normalisation. */
export interface TextAnswer {
  /** Discriminator. */
  kind: 'text';
  /** The accepted answers (the first is the one shown in the solution). */
  accepted: string[];
  /** Keep upper and lower case apart. */
  caseSensitive?: boolean;
}

/** A token or span picked in a live widget (or typed): its text must equal one of `accepted`. */
export interface PickAnswer {
  /** Discriminator. */
  kind: 'pick';
  /** The accepted texts (the first is the one shown in the solution). */
  accepted: string[];
  /** Whether a single token or a span is to be picked. */
  pick: 'token' | 'span';
  /** Only picks from the widget with this name count (any widget when absent). */
  widget?: string;
  /**
   * The prompt (next token) or text (span) the question is about: only picks made with exactly
   * this in the figure count (any pick when absent).
   */
  context?: string;
  /** Keep upper and lower case apart. */
  caseSensitive?: boolean;
}

/** Any exercise answer. */
export type AnswerSpec = NumberAnswer | ChoiceAnswer | TextAnswer | PickAnswer;

/** Throws a readable error when a spec cannot be checked (bad tolerance, no options…). */
export function validateAnswerSpec(spec: AnswerSpec, where = 'exercise'): void {
  const fail = (msg: string) => {
    throw new Error(`${where}: ${msg}`);
  };
  switch (spec.kind) {
    case 'number':
      if (!Number.isFinite(spec.value)) fail('the answer must be a finite number');
      if (!(spec.tolerance >= 0)) fail('tolerance must be a number ≥ 0');
      break;
    case 'choice':
      if (spec.options.length < 2) fail('a choice needs at least two options');
      if (!Number.isInteger(spec.correct) || spec.correct < 0 || spec.correct >= spec.options.length)
        fail('the answer must name one of the options');
      break;
    case 'text':
    case 'pick':
      if (spec.accepted.length === 0 || spec.accepted.every((a) => a.trim() === ''))
        fail('give at least one accepted answer');
      break;
    default:
      fail(`unknown answer kind ${(spec as { kind: string }).kind}`);
  }
}
