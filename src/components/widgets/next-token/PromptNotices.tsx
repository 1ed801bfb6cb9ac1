/**
 * The messages a prompt-driven figure shows above its table: the prompt is empty, the model
 * failed (with "Try again"), or the prompt was longer than the context window and its start
 * was dropped. Shared by the next-token and temperature figures.
 */
import type { Truncation } from '../../../lib/lm/protocol';

/** Props of the notices. */
export interface PromptNoticesProps {
  /** Whether the prompt is blank. */
  blank: boolean;
  /** Plain-words error, or null. */
  error: string | null;
  /** Asks again after an error. */
  retry: () => void;
  /** Set when the prompt was cut to fit the context window. */
  truncated: Pick<Truncation, 'contextLength' | 'droppedTokens'> | null;
}

/** Empty prompt, model error and truncation notices. */
export function PromptNotices({ blank, error, retry, truncated }: PromptNoticesProps) {
  return (
    <>
      {blank ? (
        <p class="lmw-notice" role="status">
          The prompt is empty. Type a few words: the model needs some context to predict what comes next.
        </p>
      ) : null}
      {error ? (
        <p class="lmw-error" role="alert">
          {error}{' '}
          <button type="button" class="lmw-button lmw-button--quiet" onClick={retry}>
            Try again
          </button>
        </p>
      ) : null}
      {truncated && truncated.droppedTokens > 0 && !blank ? (
        <p class="lmw-notice nt-truncated" role="status">
          The prompt is longer than the model’s context window of {truncated.contextLength} tokens: its first{' '}
          {truncated.droppedTokens.toLocaleString('en')} tokens were dropped, and the model only sees the end of it.
        </p>
      ) : null}
    </>
  );
}
