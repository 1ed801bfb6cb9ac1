/**
 * The interactive part of one exercise: the answer box (or options), Check, hints revealed one
 * by one, and the worked solution on request. The result is announced in a live region and
 * everything is saved in localStorage per page, so a reload loses nothing.
 *
 * A pick exercise also listens for `lm-notes:pick` events from live widgets: a pick made for
 * this question (its own prompt or text) fills the answer box, and Check grades it; a pick made
 * with another prompt only says why it does not count. The rules are in
 * src/lib/exercises/answer-state.ts. Typing the answer works too, with no widget.
 *
 * Before hydration (JavaScript off, print) it renders the same controls disabled, with no hint
 * and no solution in the HTML.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnswerSpec } from '../../lib/exercises/answer-spec';
import { answerReducer, initialAnswer, type AnswerEvent, type AnswerState } from '../../lib/exercises/answer-state';
import { isPickDetail, PICK_EVENT, shownToken } from '../../lib/exercises/pick';
import { emptyExercise } from '../../lib/exercises/saved-progress';
import { formatBits, formatP } from '../../lib/format/numbers';
import { loadProgress, onProgressChange, saveExercise } from './progress-store';
import '../widgets/shared/widgets.css';
import './exercises.css';

/** Props of the exercise island (set by Exercise.astro). */
export interface ExerciseCheckProps {
  /** The page's path (the storage key). */
  page: string;
  /** The exercise's id, unique on the page. */
  id: string;
  /** The answer and how to check it. */
  spec: AnswerSpec;
  /** Hints, revealed one at a time (plain text). */
  hints: string[];
  /** The answer as the solution states it ("4 bits"). */
  answerText: string;
  /** Where a model-computed answer came from (one sentence), if any. */
  modelNote?: string;
  /** The worked solution, rendered HTML from the author's MDX. */
  solutionHtml?: string;
  /** Id of the element holding the question (describes the answer box). */
  questionId: string;
}

/** One exercise's answer area. */
export default function ExerciseCheck(props: ExerciseCheckProps) {
  const { page, id, spec, hints, answerText, modelNote, solutionHtml, questionId } = props;
  // Ids come from the exercise id: useId repeats across separate islands.
  const uid = `ex-${id}`;
  const [hydrated, setHydrated] = useState(false);
  const [answer, setAnswer] = useState<AnswerState>(initialAnswer);
  const [hintsShown, setHintsShown] = useState(0);
  const [solutionShown, setSolutionShown] = useState(false);
  const { response, status, message, picked, pickNote } = answer;
  const state = useRef({ answer, hintsShown, solutionShown });
  state.current = { answer, hintsShown, solutionShown };

  const persist = (patch: { response?: string; status?: AnswerState['status']; hintsShown?: number; solutionShown?: boolean }) => {
    const cur = state.current;
    saveExercise(page, id, {
      response: cur.answer.response,
      status: cur.answer.status,
      hintsShown: cur.hintsShown,
      solutionShown: cur.solutionShown,
      ...patch,
    });
  };

  /** Applies an event to the answer and saves the box and its mark when they changed. */
  const apply = (event: AnswerEvent) => {
    const before = state.current.answer;
    const next = answerReducer(spec, before, event);
    if (next === before) return;
    state.current = { ...state.current, answer: next };
    setAnswer(next);
    if (next.response !== before.response || next.status !== before.status) persist({ response: next.response, status: next.status });
  };
  // The pick listener is registered once; it calls the latest `apply`.
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    const restore = () => {
      const saved = loadProgress(page).progress.exercises[id] ?? emptyExercise();
      setAnswer(answerReducer(spec, initialAnswer(), { type: 'restore', response: saved.response, checked: saved.status !== null }));
      setHintsShown(Math.min(saved.hintsShown, hints.length));
      setSolutionShown(saved.solutionShown);
    };
    restore();
    setHydrated(true);
    return onProgressChange(page, (d) => {
      if (d.reset) restore();
    });
  }, [page, id, spec, hints.length]);

  useEffect(() => {
    if (spec.kind !== 'pick') return;
    const onPick = (e: Event) => {
      const d = (e as CustomEvent).detail;
      if (isPickDetail(d)) applyRef.current({ type: 'pick', detail: d });
    };
    document.addEventListener(PICK_EVENT, onPick);
    return () => document.removeEventListener(PICK_EVENT, onPick);
  }, [spec.kind]);

  const disabled = !hydrated;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    apply({ type: 'check' });
  };
  const onEdit = (value: string) => apply({ type: 'edit', value });

  const inputId = `${uid}-answer`;
  let field;
  if (spec.kind === 'choice') {
    field = (
      <fieldset class="lm-ex-options" aria-describedby={questionId}>
        <legend>Choose one answer</legend>
        {spec.options.map((opt, i) => (
          <label key={i} class="lm-ex-option">
            <input
              type="radio"
              name={`${uid}-choice`}
              value={String(i)}
              checked={response === String(i)}
              disabled={disabled}
              onChange={() => onEdit(String(i))}
            />{' '}
            {opt}
          </label>
        ))}
      </fieldset>
    );
  } else {
    const label = spec.kind === 'pick' ? (spec.pick === 'span' ? 'Your span' : 'Your token') : 'Your answer';
    field = (
      <div class="lmw-controls lm-ex-field">
        <label for={inputId}>{label}</label>
        <input
          id={inputId}
          type="text"
          inputMode={spec.kind === 'number' ? 'decimal' : undefined}
          autoComplete="off"
          spellcheck={false}
          value={response}
          disabled={disabled}
          aria-describedby={questionId}
          onInput={(e) => onEdit((e.target as HTMLInputElement).value)}
        />
        {spec.kind === 'number' && spec.unit && <span class="lm-ex-unit">{spec.unit}</span>}
      </div>
    );
  }

  return (
    <form class="lm-ex-check" data-hydrated={hydrated ? 'true' : undefined} onSubmit={onSubmit}>
      {field}
      {spec.kind === 'pick' && (
        <p class="lmw-hint lm-ex-screen-only" aria-live="polite">
          {pickNote ? (
            <span class="lm-ex-pick-note">{pickNote}</span>
          ) : picked ? (
            <span class="lm-ex-picked">
              You picked <span class="lmw-token">{shownToken(picked.text)}</span> in the {picked.widget} widget
              {picked.context !== undefined && picked.kind === 'token' && <> after “{shownToken(picked.context)}”</>}
              {picked.p !== undefined && <> (p = {formatP(picked.p, 3)})</>}
              {picked.bits !== undefined && <> ({formatBits(picked.bits, 2)} bits)</>}
              {status === null ? '. Press Check to check it.' : '.'}
            </span>
          ) : (
            <>
              Pick a {spec.pick} in the live figure{spec.widget ? ` (${spec.widget})` : ''} above
              {spec.context !== undefined && <> with “{shownToken(spec.context)}” in it</>}, or type it here, then press Check.
            </>
          )}
        </p>
      )}
      <div class="lmw-controls lm-ex-screen-only">
        <button type="submit" class="lmw-button" disabled={disabled}>
          Check
        </button>
        {hints.length > 0 && (
          <button
            type="button"
            class="lmw-button lmw-button--quiet"
            disabled={disabled || hintsShown >= hints.length}
            aria-controls={`${uid}-hints`}
            onClick={() => {
              const n = Math.min(hintsShown + 1, hints.length);
              setHintsShown(n);
              persist({ hintsShown: n });
            }}
          >
            {hintsShown >= hints.length ? 'No more hints' : hintsShown === 0 ? `Show a hint (${hints.length})` : `Next hint (${hintsShown + 1} of ${hints.length})`}
          </button>
        )}
        <button
          type="button"
          class="lmw-button lmw-button--quiet"
          disabled={disabled}
          aria-expanded={solutionShown}
          aria-controls={`${uid}-solution`}
          onClick={() => {
            setSolutionShown(!solutionShown);
            persist({ solutionShown: !solutionShown });
          }}
        >
          {solutionShown ? 'Hide the solution' : 'Show the solution'}
        </button>
      </div>
      <p role="status" class={`lm-ex-result lm-ex-result--${status ?? 'none'}`}>
        {status === 'correct' ? '✓ ' : status === 'incorrect' ? '✗ ' : ''}
        {message}
      </p>
      {!hydrated && <p class="lmw-static-note lm-ex-screen-only">Checking your answer, hints and the solution need JavaScript.</p>}
      {hints.length > 0 && (
        <ol class="lm-ex-hints" id={`${uid}-hints`} aria-label="Hints" hidden={!hydrated || hintsShown === 0}>
          {hydrated && hints.slice(0, hintsShown).map((h, i) => (
            <li key={i}>{h}</li>
          ))}
        </ol>
      )}
      <div class="lm-ex-solution" id={`${uid}-solution`} hidden={!(hydrated && solutionShown)}>
        {hydrated && solutionShown && (<>
          <p>
            <strong>Answer:</strong> <span class="lm-ex-answer">{spec.kind === 'pick' || spec.kind === 'text' ? shownToken(answerText) : answerText}</span>
          </p>
          {modelNote && <p class="lm-ex-model-note">{modelNote}</p>}
          {solutionHtml && <div dangerouslySetInnerHTML={{ __html: solutionHtml }} />}
        </>)}
      </div>
    </form>
  );
}
