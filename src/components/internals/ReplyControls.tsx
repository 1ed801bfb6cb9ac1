/**
 * "Build the reply" in LM internals: take the top token, sample one, generate a response, stop;
 * the sampler settings (temperature, top-k, top-p, seed; out-of-range input is ignored); what the
 * last run did, and an action's error.
 */
import type { SamplerSettings } from '../../lib/internals/conversation';
import { MAX_GENERATE } from './internals-format';
import type { GenerationMode } from './use-generation';

/** Props of the reply controls. */
export interface ReplyControlsProps {
  /** The sampler settings. */
  settings: SamplerSettings;
  /** Changes some settings. */
  onSettings: (patch: Partial<SamplerSettings>) => void;
  /** Whether the document is analysed and nothing runs (the buttons are on). */
  ready: boolean;
  /** The running generation, or null. */
  generating: GenerationMode | null;
  /** What the last run did. */
  genInfo: string | null;
  /** The last action's error. */
  actionError: string | null;
  /** Appends the most likely token. */
  onTakeTop: () => void;
  /** Generates `maxTokens` tokens in `mode`. */
  onGenerate: (maxTokens: number, mode: GenerationMode) => void;
  /** Stops a running generation. */
  onStop: () => void;
}

/** Reads a number input; calls `set` only when `ok` accepts the value. */
function numberInput(ok: (v: number) => boolean, set: (v: number) => void) {
  return (e: Event) => {
    const v = Number((e.currentTarget as HTMLInputElement).value);
    if (ok(v)) set(v);
  };
}

/** The reply controls. */
export function ReplyControls({ settings, onSettings, ready, generating, genInfo, actionError, onTakeTop, onGenerate, onStop }: ReplyControlsProps) {
  return (
    <>
      <h2 class="lmi-h">Build the reply</h2>
      <div class="lmw-controls">
        <button type="button" class="lmw-button" onClick={onTakeTop} disabled={!ready}>
          Take the top one
        </button>
        <button type="button" class="lmw-button" onClick={() => onGenerate(1, 'sample')} disabled={!ready}>
          Sample one
        </button>
        <button type="button" class="lmw-button" onClick={() => onGenerate(MAX_GENERATE, 'generate')} disabled={!ready}>
          Generate response
        </button>
        <button type="button" class="lmw-button lmw-button--quiet" onClick={onStop} disabled={generating === null}>
          Stop
        </button>
      </div>
      <div class="lmw-controls lmi-settings">
        <label>
          Temperature{' '}
          <input type="number" min={0} max={5} step={0.1} value={settings.temperature} onInput={numberInput((v) => Number.isFinite(v) && v >= 0 && v <= 5, (v) => onSettings({ temperature: v }))} />
        </label>
        <label>
          Top-k (0 = off){' '}
          <input type="number" min={0} step={1} value={settings.topK} onInput={numberInput((v) => Number.isInteger(v) && v >= 0, (v) => onSettings({ topK: v }))} />
        </label>
        <label>
          Top-p (1 = off){' '}
          <input type="number" min={0.01} max={1} step={0.05} value={settings.topP} onInput={numberInput((v) => Number.isFinite(v) && v > 0 && v <= 1, (v) => onSettings({ topP: v }))} />
        </label>
        <label>
          Seed{' '}
          <input type="number" min={0} step={1} value={settings.seed} onInput={numberInput((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff, (v) => onSettings({ seed: v }))} />
        </label>
      </div>
      <p class="lmw-hint">
        Generate writes up to {MAX_GENERATE} tokens with these settings and this seed (same seed, same text), and stops early when the model ends its turn.
      </p>
      <div role="status" aria-live="polite" class="lmi-live">
        {generating === 'generate' && <p>Generating… (Stop keeps what is written so far)</p>}
        {genInfo && <p data-testid="gen-info">{genInfo}</p>}
      </div>
      {actionError && (
        <p class="lmw-error" role="alert">
          {actionError}
        </p>
      )}
    </>
  );
}
