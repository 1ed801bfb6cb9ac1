/**
 * The answer area of one exercise as a pure state machine: what the reader typed or picked,
 * and the mark it earned. The rules:
 *
 * - only Check grades: typing, choosing or picking in a figure never marks anything;
 * - a mark belongs to the answer in the box: any change of the box clears it, so a mark is
 *   never left beside an answer it did not grade;
 * - a pick from a live figure fills the box only when it was made for this question (its own
 *   prompt or text, see {@link judgePick}); a pick made elsewhere leaves the box and the mark as
 *   they are and says why it does not count.
 */
import type { AnswerSpec } from './answer-spec';
import { checkAnswer, type CheckStatus } from './check-answer';
import { judgePick, type PickDetail } from './pick';

/** The answer area's state. */
export interface AnswerState {
  /** The text in the box (for a choice, the chosen option's index as text). */
  response: string;
  /** The mark of the last Check, or null when the box changed since (or was never checked). */
  status: CheckStatus | null;
  /** The sentence that goes with the mark. */
  message: string;
  /** The pick that filled the box, while the box still holds it. */
  picked: PickDetail | null;
  /** Why the last pick did not count for this question, or '' when it did or there was none. */
  pickNote: string;
}

/** What can happen to the answer area. */
export type AnswerEvent =
  /** The reader typed or chose something. */
  | { type: 'edit'; value: string }
  /** A live figure reports a pick. */
  | { type: 'pick'; detail: PickDetail }
  /** The reader asks to check the answer. */
  | { type: 'check' }
  /** Saved progress is read back (on load or after a reset): a saved mark is re-checked. */
  | { type: 'restore'; response: string; checked: boolean };

/** An empty, unchecked answer. */
export function initialAnswer(): AnswerState {
  return { response: '', status: null, message: '', picked: null, pickNote: '' };
}

/** The pick-related part of a spec ({} for exercises that take no picks). */
function pickWant(spec: AnswerSpec) {
  return spec.kind === 'pick' ? { kind: spec.pick, widget: spec.widget, context: spec.context } : null;
}

/** The state after `event`. */
export function answerReducer(spec: AnswerSpec, state: AnswerState, event: AnswerEvent): AnswerState {
  switch (event.type) {
    case 'edit':
      if (event.value === state.response) return state;
      return { response: event.value, status: null, message: '', picked: null, pickNote: '' };
    case 'pick': {
      const want = pickWant(spec);
      if (!want) return state;
      const j = judgePick(event.detail, want);
      if (j.use === 'ignore') return state;
      if (j.use === 'elsewhere') return { ...state, pickNote: j.message };
      const same = event.detail.text === state.response;
      return {
        response: event.detail.text,
        status: same ? state.status : null,
        message: same ? state.message : '',
        picked: event.detail,
        pickNote: '',
      };
    }
    case 'check': {
      const r = checkAnswer(spec, state.response);
      return { ...state, status: r.status, message: r.message, pickNote: '' };
    }
    case 'restore': {
      // Re-check a checked answer: if the answer changed since (a rebuilt model figure), the
      // saved verdict does not stand.
      const again = event.checked ? checkAnswer(spec, event.response) : null;
      return { response: event.response, status: again?.status ?? null, message: again?.message ?? '', picked: null, pickNote: '' };
    }
  }
}
