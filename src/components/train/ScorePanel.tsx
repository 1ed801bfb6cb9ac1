/**
 * "Score a held-out sentence" in the trainer: the sentence's total bits, bits per token and
 * perplexity under the current model, its unknown tokens, and each token's surprise. The state is
 * the `useHeldOutScore` hook; a result is cleared when the model changes.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { getTrainingClient } from '../../lib/train/client';
import type { ModelKind } from '../../lib/train/model';
import type { TrainConfig } from '../../lib/train/protocol';
import type { TextScore } from '../../lib/train/scoring';
import type { TokenizerKind } from '../../lib/train/tokenizers';
import { TableScroll } from '../widgets/shared/TableScroll';
import { formatBits } from '../../lib/format/numbers';
import { formatPerplexity, tokenLabel, TRAIN_BITS } from './format';

/** The held-out score state and its action. */
export interface HeldOutScore {
  heldOut: string;
  setHeldOut: (s: string) => void;
  score: TextScore | null;
  scoreError: string | null;
  /** Scores the held-out text with `model`. */
  run: () => void;
}

/** Scoring with `model` (a result belongs to one model and run: cleared when either changes). */
export function useHeldOutScore(model: ModelKind, config: TrainConfig | null, initialText: string): HeldOutScore {
  const [heldOut, setHeldOut] = useState(initialText);
  const [score, setScore] = useState<TextScore | null>(null);
  const [scoreError, setScoreError] = useState<string | null>(null);
  useEffect(() => {
    setScore(null);
    setScoreError(null);
  }, [model, config]);
  const run = (): void => {
    setScoreError(null);
    getTrainingClient()
      .score(model, heldOut)
      .then(setScore, (e: unknown) => {
        setScore(null);
        setScoreError(e instanceof Error ? e.message : String(e));
      });
  };
  return { heldOut, setHeldOut, score, scoreError, run };
}

/** Props of the score panel. */
export interface ScorePanelProps {
  /** The score state. */
  s: HeldOutScore;
  /** The tokenizer its tokens come from (for showing them). */
  tokenizer: TokenizerKind;
  /** Whether there is a model to score with. */
  hasModel: boolean;
  /** Whether the island has hydrated. */
  hydrated: boolean;
}

/** The score panel. */
export function ScorePanel({ s, tokenizer, hasModel, hydrated }: ScorePanelProps) {
  const uid = `train-score-${useId()}`;
  const ids = { title: `${uid}-title`, heldOut: `${uid}-held-out` };
  const { score } = s;
  return (
    <div class="train__part" role="group" aria-labelledby={ids.title}>
      <p class="train__subtitle" id={ids.title}>
        Score a held-out sentence
      </p>
      <label for={ids.heldOut}>Held-out text</label>
      <input id={ids.heldOut} class="train__wide" type="text" value={s.heldOut} disabled={!hydrated} onInput={(e) => s.setHeldOut((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
      <div class="lm-controls">
        <button type="button" onClick={s.run} disabled={!hydrated || !hasModel}>
          Score
        </button>
      </div>
      {s.scoreError && (
        <p class="lm-error" role="alert">
          {s.scoreError}
        </p>
      )}
      {score && (
        <div class="train__score" data-testid="trainer-score" data-bits-per-token={score.bitsPerToken} data-perplexity={score.perplexity} data-total-bits={score.totalBits} data-scored={score.scored}>
          <p>
            {formatBits(score.totalBits, ...TRAIN_BITS)} bits over {score.scored} tokens (the first token is only context): <strong>{formatBits(score.bitsPerToken, ...TRAIN_BITS)} bits per token</strong>,
            perplexity <strong>{formatPerplexity(score.perplexity)}</strong>.
            {score.unknownCount > 0 && ` ${score.unknownCount} token${score.unknownCount === 1 ? ' is' : 's are'} not in the vocabulary and scored as <unk>.`}
          </p>
          <details class="train-details">
            <summary>Surprise of each token</summary>
            <TableScroll label="Surprise of each token">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Token</th>
                    <th scope="col" class="lm-num">
                      Surprise (bits)
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {score.tokens.map((t, i) => (
                    <tr key={i} data-bits={t.bits ?? ''}>
                      <td>
                        <span class="lm-token">{tokenLabel(t.token, tokenizer)}</span>
                        {t.unknown ? <span class="lm-muted"> (&lt;unk&gt;)</span> : null}
                      </td>
                      <td class="lm-num">{t.bits === null ? 'context' : formatBits(t.bits, ...TRAIN_BITS)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </details>
        </div>
      )}
    </div>
  );
}
