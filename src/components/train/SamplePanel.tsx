/**
 * "Sample from the model" in the trainer: start text, temperature, a visible sampling seed and
 * the number of tokens; the sample with its seed and temperature, unknown start tokens, tokens
 * never followed by anything in the training text, and the loop a greedy bigram model falls into.
 * The sampling state is the `useSampling` hook; results are cleared when the model changes.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { getTrainingClient } from '../../lib/train/client';
import type { ModelKind } from '../../lib/train/model';
import type { SampleResult, TrainConfig } from '../../lib/train/protocol';
import type { TokenizerKind } from '../../lib/train/tokenizers';
import { formatCount, tokenLabel } from './format';

/** The sampling state and its action. */
export interface Sampling {
  prompt: string;
  setPrompt: (s: string) => void;
  temperature: number;
  setTemperature: (t: number) => void;
  sampleSeed: string;
  setSampleSeed: (s: string) => void;
  sampleLength: string;
  setSampleLength: (s: string) => void;
  sample: SampleResult | null;
  sampleError: string | null;
  /** Draws a sample from `model`. */
  run: () => void;
}

/** Sampling from `model` (results belong to one model and run: cleared when either changes). */
export function useSampling(model: ModelKind, config: TrainConfig | null, initialTemperature: number): Sampling {
  const [prompt, setPrompt] = useState('the');
  const [temperature, setTemperature] = useState(initialTemperature);
  const [sampleSeed, setSampleSeed] = useState('42');
  const [sampleLength, setSampleLength] = useState('40');
  const [sample, setSample] = useState<SampleResult | null>(null);
  const [sampleError, setSampleError] = useState<string | null>(null);
  useEffect(() => {
    setSample(null);
    setSampleError(null);
  }, [model, config]);
  const run = (): void => {
    setSampleError(null);
    getTrainingClient()
      .sample(model, prompt, Number(sampleLength), temperature, Number(sampleSeed))
      .then(setSample, (e: unknown) => {
        setSample(null);
        setSampleError(e instanceof Error ? e.message : String(e));
      });
  };
  return { prompt, setPrompt, temperature, setTemperature, sampleSeed, setSampleSeed, sampleLength, setSampleLength, sample, sampleError, run };
}

/** Props of the sample panel. */
export interface SamplePanelProps {
  /** The sampling state. */
  s: Sampling;
  /** The model sampled from. */
  model: ModelKind;
  /** The tokenizer its tokens come from (for showing them). */
  tokenizer: TokenizerKind;
  /** Whether there is a model to sample from. */
  hasModel: boolean;
  /** Whether the island has hydrated. */
  hydrated: boolean;
}

/** The sample panel. */
export function SamplePanel({ s, model, tokenizer, hasModel, hydrated }: SamplePanelProps) {
  const uid = `train-sample-${useId()}`;
  const ids = { title: `${uid}-title`, prompt: `${uid}-prompt`, temperature: `${uid}-temperature`, seed: `${uid}-seed`, length: `${uid}-length` };
  const { sample, temperature } = s;
  const loop = sample?.loop ?? null;
  const loopTokens = sample && loop ? [...sample.promptTokens, ...sample.tokens].slice(loop.start, loop.start + loop.period) : [];
  return (
    <div class="train__part" role="group" aria-labelledby={ids.title}>
      <p class="train__subtitle" id={ids.title}>
        Sample from the model
      </p>
      <p class="lm-muted">
        Generation repeats one step: compute the next-token distribution, draw a token, append it. A bigram model looks only at the last token, so its samples
        match neighbouring pairs but wander, and at low temperature they fall into loops. T = 0 always takes the most likely token.
      </p>
      <div class="train__settings">
        <div class="train__field">
          <label for={ids.prompt}>Start text</label>
          <input id={ids.prompt} type="text" value={s.prompt} disabled={!hydrated} onInput={(e) => s.setPrompt((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
        </div>
        <div class="train__field">
          <label for={ids.temperature}>
            Temperature T: <span data-testid="temperature-value">{temperature === 0 ? '0 (greedy)' : temperature.toFixed(1)}</span>
          </label>
          <input
            id={ids.temperature}
            type="range"
            min={0}
            max={2}
            step={0.1}
            value={temperature}
            disabled={!hydrated}
            onInput={(e) => s.setTemperature(Math.round(Number((e.currentTarget as HTMLInputElement).value) * 10) / 10)}
          />
        </div>
        <div class="train__field">
          <label for={ids.seed}>Sampling seed</label>
          <span class="train__inline">
            <input id={ids.seed} type="number" min={0} step={1} value={s.sampleSeed} disabled={!hydrated} onInput={(e) => s.setSampleSeed((e.currentTarget as HTMLInputElement).value)} />
            <button type="button" class="train__small" disabled={!hydrated} onClick={() => s.setSampleSeed(String(Math.floor(Math.random() * 100_000)))}>
              New seed
            </button>
          </span>
        </div>
        <div class="train__field">
          <label for={ids.length}>Tokens to generate</label>
          <input id={ids.length} type="number" min={1} max={500} step={1} value={s.sampleLength} disabled={!hydrated} onInput={(e) => s.setSampleLength((e.currentTarget as HTMLInputElement).value)} />
        </div>
      </div>
      <div class="lm-controls">
        <button type="button" onClick={s.run} disabled={!hydrated || !hasModel}>
          Sample
        </button>
        {!hasModel && <span class="lm-muted">Train a model first.</span>}
      </div>
      {s.sampleError && (
        <p class="lm-error" role="alert">
          {s.sampleError}
        </p>
      )}
      {sample && (
        <div class="train__sample" aria-live="polite">
          <p class="train__sample-text" data-testid="sample-text" data-seed={sample.seed} data-temperature={sample.temperature}>
            {sample.text}
          </p>
          <p class="lm-muted">
            Seed {sample.seed}, T = {sample.temperature === 0 ? '0 (greedy: always the most likely token)' : sample.temperature.toFixed(1)}, {sample.tokens.length} tokens after
            the start text.
            {sample.unknownPromptTokens.length > 0 &&
              ` The model does not know ${sample.unknownPromptTokens.map((t) => `“${t}”`).join(', ')}, so it read ${sample.unknownPromptTokens.length === 1 ? 'it' : 'them'} as <unk>.`}
          </p>
          {model === 'bigram' && sample.neverFollowed.length > 0 && (
            <p class="lm-muted" data-testid="never-followed">
              {sample.neverFollowed.map((t) => `“${tokenLabel(t, tokenizer)}”`).join(', ')} {sample.neverFollowed.length === 1 ? 'is' : 'are'} never followed by anything in
              the training text (the text ends there), so {sample.neverFollowed.length === 1 ? 'its column was' : 'their columns were'} never trained: the token drawn after
              it is a guess from the random starting values.
            </p>
          )}
          {loop && (
            <p class="train__loop" data-testid="sample-loop">
              It ends in a loop: the {loop.period}-token cycle “{loopTokens.map((t) => tokenLabel(t, tokenizer)).join(tokenizer === 'chars' ? '' : ' ')}” repeats{' '}
              {loop.repeats >= 10 ? formatCount(loop.repeats) : loop.repeats.toFixed(1)} times.
              {model === 'bigram' && sample.temperature === 0
                ? ' A greedy bigram model sees only the last token, so once a token comes back, the same choices follow forever: it has no memory of having been there.'
                : ''}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
