/**
 * The model's full next-token distribution for a prompt, fetched (debounced, superseding) once
 * the island is hydrated, and kept together with the prompt it belongs to so a figure never
 * shows numbers of an older prompt as if they were current.
 */
import type { NextResult } from '../../../lib/lm/protocol';
import { isBlankPrompt } from '../../../lib/next-token/extend-prompt';
import { FULL_DISTRIBUTION_K } from '../../../lib/next-token/next-token-view';
import { useModelRequest } from '../shared/use-model-request';

/** What a next-token figure renders from. */
export interface NextDistribution {
  /** The distribution of the current prompt, or null while it is computed (or on error). */
  current: NextResult | null;
  /** The latest distribution of any prompt (shown dimmed while a newer one is computed). */
  latest: { prompt: string; result: NextResult } | null;
  /** Whether a request is waiting or running. */
  busy: boolean;
  /** Plain-words error, or null. */
  error: string | null;
  /** Whether the prompt is blank (nothing is requested then). */
  blank: boolean;
  /** Asks again after an error. */
  retry: () => void;
}

/** Fetches the distribution after `prompt` while `enabled`. */
export function useNextDistribution(prompt: string, key: string, enabled: boolean): NextDistribution {
  const blank = isBlankPrompt(prompt);
  const req = useModelRequest(
    async (client, k) => ({ prompt, result: await client.next({ text: prompt }, FULL_DISTRIBUTION_K, { supersede: k }) }),
    [prompt],
    { key, enabled: enabled && !blank, debounceMs: 250 },
  );
  const current = req.value && req.value.prompt === prompt ? req.value.result : null;
  return { current, latest: req.value, busy: req.busy && !blank, error: blank ? null : req.error, blank, retry: req.retry };
}
