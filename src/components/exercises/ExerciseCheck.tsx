/**
 * The interactive part of one exercise: the answer box (or options), Check, hints revealed one
 * by one, and the worked solution on request. The result is announced in a live region and
 * everything is saved in localStorage per page, so a reload loses nothing.
 *
 * A pick exercise also listens for `lm-notes:pick` events from live widgets: the picked token or
 * span fills the answer and is checked at once. Typing the answer works too, with no widget.
 *
 * Before hydration (JavaScript off, print) it renders the same controls disabled, with no hint
 * and no solution in the HTML.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnswerSpec } from '../../lib/exercises/answer-spec';
import { checkAnswer, type CheckStatus } from '../../lib/exercises/check-answer';
import { isPickDetail, pickFits, PICK_EVENT, type PickDetail } from '../../lib/exercises/pick';
import { emptyExercise } from '../../lib/exercises/saved-progress';
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

/** Visible token text: spaces as ␣. */
function shownToken(t: string): string {
  return t.replace(/^ +| +$/g, (m) => '␣'.repeat(m.length)).replaceAll('\n', '⏎');
}

/** One exercise's answer area. */
export default function ExerciseCheck(props: ExerciseCheckProps) {
  const { page, id, spec, hints, answerText, modelNote, solutionHtml, questionId } = props;
  // Ids come from the exercise id: useId repeats across separate islands.
  const uid = `ex-${id}`;
  const [hydrated, setHydrated] = useState(false);
  const [response, setResponse] = useState('');
  const [status, setStatus] = useState<CheckStatus | null>(null);
  const [message, setMessage] = useState('');
  const [hintsShown, setHintsShown] = useState(0);
  const [solutionShown, setSolutionShown] = useState(false);
  const [picked, setPicked] = useState<PickDetail | null>(null);
  const state = useRef({ response, status, hintsShown, solutionShown });
  state.current = { response, status, hintsShown, solutionShown };

  const persist = (patch: Partial<typeof state.current>) => {
    const next = { ...state.current, ...patch };
    saveExercise(page, id, next);
  };

  const runCheck = (value: string) => {
    const r = checkAnswer(spec, value);
    setStatus(r.status);
    setMessage(r.message);
    persist({ response: value, status: r.status });
  };

  useEffect(() => {
    const restore = () => {
      const saved = loadProgress(page).progress.exercises[id] ?? emptyExercise();
      setResponse(saved.response);
      // Re-check a checked answer: if the answer changed since (a rebuilt model figure), the
      // saved verdict does not stand.
      const again = saved.status ? checkAnswer(spec, saved.response) : null;
      setStatus(again?.status ?? null);
      setMessage(again?.message ?? '');
      setHintsShown(Math.min(saved.hintsShown, hints.length));
      setSolutionShown(saved.solutionShown);
    };
    restore();
    setHydrated(true);
    return onProgressChange(page, (d) => {
      if (d.reset) {
        restore();
        setPicked(null);
      }
    });
  }, [page, id]);

  useEffect(() => {
    if (spec.kind !== 'pick') return;
    const onPick = (e: Event) => {
      const d = (e as CustomEvent).detail;
      if (!isPickDetail(d) || !pickFits(d, { kind: spec.pick, widget: spec.widget })) return;
      setPicked(d);
      setResponse(d.text);
      runCheck(d.text);
    };
    document.addEventListener(PICK_EVENT, onPick);
    return () => document.removeEventListener(PICK_EVENT, onPick);
  }, []);

  const disabled = !hydrated;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    runCheck(response);
  };
  const onEdit = (value: string) => {
    setResponse(value);
    if (status !== null) {
      setStatus(null);
      setMessage('');
    }
    persist({ response: value, status: null });
  };

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
        <p class="lmw-hint lm-ex-screen-only">
          {picked ? (
            <span class="lm-ex-picked">
              You picked <span class="lmw-token">{shownToken(picked.text)}</span> in the {picked.widget} widget
              {picked.p !== undefined && <> (p = {picked.p.toFixed(3)})</>}
              {picked.bits !== undefined && <> ({picked.bits.toFixed(2)} bits)</>}.
            </span>
          ) : (
            <>Pick a {spec.pick} in the live figure{spec.widget ? ` (${spec.widget})` : ''} above, or type it here.</>
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
