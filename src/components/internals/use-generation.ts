/**
 * Generating in the LM internals: "Sample one" (one seeded draw, then the seed moves on) and
 * "Generate response" (up to a limit, streamed into the draft, stoppable; an end token ends the
 * turn). The streamed tokens are drawn at most once per animation frame (`frameBatcher`); what
 * was streamed before Stop is kept.
 */
import { useRef, useState } from 'preact/hooks';
import { getModelClient } from '../../lib/lm/client';
import { LmError, classifyError } from '../../lib/lm/errors';
import { endTurn, setDraftText, type InternalsState } from '../../lib/internals/conversation';
import { visibleToken } from '../model/format';
import { formatP } from '../../lib/format/numbers';
import { frameBatcher } from '../../lib/scheduling/frame-batch';

/** How a generation was started. */
export type GenerationMode = 'generate' | 'sample';

/** What the generation hook needs from the tool. */
export interface GenerationHost {
  /** Prefix of the request key. */
  id: string;
  /** Replaces the conversation (functional updates while streaming). */
  setState: (update: InternalsState | ((s: InternalsState) => InternalsState)) => void;
  /** Clears the token selection. */
  clearSelection: () => void;
  /** Shows or clears the action error. */
  setActionError: (e: string | null) => void;
}

/** The generation state and its actions. */
export interface Generation {
  /** The running mode, or null. */
  generating: GenerationMode | null;
  /** What the last run did (for the live region), or null. */
  genInfo: string | null;
  /** Generates up to `maxTokens` after the document text `text`, from conversation `base`. */
  run: (base: InternalsState, text: string, maxTokens: number, mode: GenerationMode) => void;
  /** Stops the running generation (what was written is kept). */
  stop: () => void;
}

/** The generation hook. */
export function useGeneration({ id, setState, clearSelection, setActionError }: GenerationHost): Generation {
  const [generating, setGenerating] = useState<GenerationMode | null>(null);
  const [genInfo, setGenInfo] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);

  const run = (base: InternalsState, text: string, maxTokens: number, mode: GenerationMode): void => {
    const ac = new AbortController();
    abortRef.current = ac;
    setGenerating(mode);
    setGenInfo(null);
    setActionError(null);
    let streamed = '';
    // Tokens arrive every few milliseconds: the draft is redrawn at most once per animation frame.
    const tokens = frameBatcher<string>((texts) => {
      streamed += texts.join('');
      const draft = base.draft.content + streamed;
      setState((s) => setDraftText(s, draft));
    });
    getModelClient()
      .generate(
        { prompt: { text }, settings: base.settings, seed: base.settings.seed, maxTokens },
        {
          supersede: `${id}-generate`,
          signal: ac.signal,
          onProgress: (d) => {
            if (d.kind === 'token') tokens.push(d.token.text);
          },
        },
      )
      .then(
        (r) => {
          tokens.cancel(); // the result has the whole text
          let next = setDraftText(base, base.draft.content + r.text);
          if (r.stopReason === 'eos') next = endTurn(next);
          if (mode === 'sample') next = { ...next, settings: { ...next.settings, seed: (next.settings.seed + 1) >>> 0 } };
          setState(next);
          clearSelection();
          setGenInfo(
            mode === 'sample'
              ? `Drew “${visibleToken(r.tokens[0]?.text || r.tokens[0]?.token || '')}”${r.tokens[0]?.p == null ? '' : ` (p = ${formatP(r.tokens[0].p, 3)} after the settings)`}. The seed moved on by one for the next draw.`
              : `Generated ${r.tokens.length} tokens (${r.stopReason === 'eos' ? 'the model ended its turn' : `the limit of ${maxTokens}`}).`,
          );
        },
        (e: unknown) => {
          tokens.flushNow(); // what was streamed before Stop is kept
          const err = e instanceof LmError ? e : classifyError(e);
          if (err.code === 'cancelled') setGenInfo(`Stopped after ${streamed.length > 0 ? 'some' : 'no'} text; what was written is kept.`);
          else setActionError(err.message);
        },
      )
      .finally(() => {
        setGenerating(null);
        abortRef.current = null;
      });
  };

  return { generating, genInfo, run, stop: () => abortRef.current?.abort() };
}
