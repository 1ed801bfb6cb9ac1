/**
 * The progress line above a page's exercises: "3 of 5 done", a "Reset my answers" button
 * with an inline confirmation, and a notice when saved answers could not be read.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { countDone, progressLabel } from '../../lib/exercises/saved-progress';
import { loadProgress, onProgressChange, resetProgress } from './progress-store';
import '../widgets/shared/widgets.css';
import './exercises.css';

/** Props of the progress island. */
export interface ExerciseProgressProps {
  /** The page's path (the storage key). */
  page: string;
  /** Ids of the page's exercises. */
  ids: string[];
}

/** Progress line, reset and corrupt-data notice. */
export default function ExerciseProgress({ page, ids }: ExerciseProgressProps) {
  const [hydrated, setHydrated] = useState(false);
  const [done, setDone] = useState(0);
  const [corrupt, setCorrupt] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [resetNote, setResetNote] = useState('');
  const resetButton = useRef<HTMLButtonElement>(null);
  const yesButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const first = loadProgress(page);
    if (!first.ok) setCorrupt(first.reason);
    setDone(countDone(first.progress, ids));
    setHydrated(true);
    return onProgressChange(page, () => setDone(countDone(loadProgress(page).progress, ids)));
  }, [page, ids]);

  useEffect(() => {
    if (confirming) yesButton.current?.focus();
  }, [confirming]);

  const doReset = () => {
    resetProgress(page);
    setConfirming(false);
    setCorrupt(null);
    setResetNote('Your answers on this page were reset.');
    resetButton.current?.focus();
  };

  return (
    <div class="lm-ex-progress" data-hydrated={hydrated ? 'true' : undefined}>
      <p class="lm-ex-progress-line">
        <span role="status" aria-live="polite">
          {hydrated ? progressLabel(done, ids.length) : `${ids.length} exercises`}
        </span>
        {hydrated && (
          <span class="lm-ex-progress-bar" aria-hidden="true">
            <span style={{ width: `${ids.length ? (100 * done) / ids.length : 0}%` }} />
          </span>
        )}
      </p>
      {!hydrated && (
        <p class="lmw-static-note lm-ex-screen-only">
          With JavaScript on, each answer is checked in your browser and saved there.
        </p>
      )}
      {corrupt && (
        <p class="lmw-notice" role="alert">
          Your saved answers on this page could not be read ({corrupt}), so they were set aside. You can answer again;
          new answers are saved as usual.
        </p>
      )}
      {hydrated && (
        <div class="lmw-controls lm-ex-screen-only">
          {!confirming ? (
            <button type="button" class="lmw-button lmw-button--quiet" ref={resetButton} onClick={() => { setResetNote(''); setConfirming(true); }}>
              Reset my answers
            </button>
          ) : (
            <div role="group" aria-label="Confirm reset" class="lmw-controls">
              <span>Forget all your answers, hints and solutions on this page?</span>
              <button type="button" class="lmw-button" ref={yesButton} onClick={doReset}>
                Yes, reset
              </button>
              <button type="button" class="lmw-button lmw-button--quiet" onClick={() => { setConfirming(false); setTimeout(() => resetButton.current?.focus(), 0); }}>
                Cancel
              </button>
            </div>
          )}
          <span aria-live="polite" class="lmw-hint">{resetNote}</span>
        </div>
      )}
    </div>
  );
}
