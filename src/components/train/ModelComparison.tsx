/**
 * The comparison island: one held-out sentence scored by the reader's bigram model, their
 * context-averaging model (both trained in the page, shared with the trainer island through the
 * training worker) and the site's embedded transformer, side by side in bits per token,
 * perplexity and bits per character. Then the word-order test: do the models' predictions after
 * "Alice drank water" and after "water drank Alice" differ?
 *
 * Exact values are exposed as data attributes (`data-bits-per-token`, `data-perplexity`,
 * `data-total-bits`, `data-max-diff`, …) so tests can compare them with each model's own scoring.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { siteConfig } from '../../site.config';
import { getModelClient } from '../../lib/lm/client';
import { LmError } from '../../lib/lm/errors';
import type { ModelPhase } from '../../lib/lm/model-status';
import { findModel } from '../../lib/lm/registry';
import { spanStats } from '../../lib/metrics/surprise';
import { getTrainingClient } from '../../lib/train/client';
import { CORPUS_LABELS } from '../../lib/train/corpora';
import { compareDistributions } from '../../lib/train/distribution-distance';
import type { ModelKind } from '../../lib/train/model';
import type { TextScore } from '../../lib/train/scoring';
import type { SlotState } from '../../lib/train/slot-state';
import { normalizeSpaces, type TokenizerKind } from '../../lib/train/tokenizers';
import { defaultSettings } from '../../lib/train/trainer';
import { formatBytes, visibleToken } from '../model/format';
import { loadBundledText } from './bundled-text';
import { formatBits, formatCount, formatPerplexity, tokenLabel } from './format';
import { useSlot } from './use-slot';
import '../model/model.css';
import './train.css';
import { TableScroll } from '../widgets/shared/TableScroll';

/** A model the table can compare: the reader's two models, or the embedded transformer. */
export type ComparedModel = ModelKind | 'transformer';

/** Props of the comparison island. */
export interface ModelComparisonProps {
  /** The held-out sentence in the box at first (default "She poured the tea into her favourite cup"). */
  text?: string;
  /**
   * Which models get a row, in order: an array, or a comma-separated string such as
   * `"bigram,transformer"` (default: `bigram`, `average`, `transformer`).
   */
  models?: ComparedModel[] | string;
  /** Whether to show the word-order test (default true). */
  orderTest?: boolean;
  /** The two sentences of the word-order test (default "Alice drank water", "water drank Alice"). */
  orderSentences?: [string, string];
  /** Steps used when the reader trains a missing model from this widget (default 2,000). */
  steps?: number;
}

/** One model's score of the sentence, in the units of the table. */
interface RowScore {
  /** Tokens with their surprise (null: context only). */
  tokens: { text: string; bits: number | null; unknown: boolean }[];
  /** Number of scored tokens. */
  scored: number;
  /** Σ bits. */
  totalBits: number;
  /** Bits per scored token. */
  bitsPerToken: number;
  /** 2^bitsPerToken. */
  perplexity: number;
  /** Characters predicted (the text covered by the scored tokens). */
  characters: number;
  /** totalBits / characters. */
  bitsPerCharacter: number | null;
  /** Unknown tokens (the reader's models only). */
  unknown: number;
  /** How the tokens were made. */
  tokenizer: TokenizerKind | 'bpe';
}

/** A row of the word-order test. */
interface OrderRow {
  /** Largest change in any next-token probability between the two contexts. */
  maxDiff: number;
  /** For the transformer: compared only over its top-k lists; tokens in one list only. */
  onlyInOneList: number;
  /** Total bits of sentence A and sentence B. */
  bitsA: number;
  bitsB: number;
  /** Tokens of the sentences that the model did not know. */
  unknown: string[];
  /** The most likely next token after each sentence, with its probability. */
  topA: { token: string; p: number } | null;
  topB: { token: string; p: number } | null;
}

type Cell<T> = { state: 'idle' } | { state: 'busy' } | { state: 'done'; value: T } | { state: 'error'; message: string };

const ALL_MODELS: ComparedModel[] = ['bigram', 'average', 'transformer'];
const TRANSFORMER_TOP_K = 20;
/** Differences below this are rounding noise (sums of the same vectors added in another order). */
const SAME = 1e-9;

/** The `models` prop as a list. */
function modelList(models: ModelComparisonProps['models']): ComparedModel[] {
  if (models === undefined) return ALL_MODELS;
  const list = typeof models === 'string' ? models.split(',').map((m) => m.trim()) : models;
  return list.filter((m): m is ComparedModel => (ALL_MODELS as string[]).includes(m));
}

/** Characters predicted by a reader's model: the sentence after its first token. */
function charactersAfterFirstToken(text: string, score: TextScore): number {
  const first = score.tokens[0]?.token ?? '';
  return Math.max(0, normalizeSpaces(text).length - first.length);
}

/** A reader's model's TextScore in table units. */
function fromTextScore(text: string, s: TextScore, tokenizer: TokenizerKind): RowScore {
  const characters = charactersAfterFirstToken(text, s);
  return {
    tokens: s.tokens.map((t) => ({ text: t.token, bits: t.bits, unknown: t.unknown })),
    scored: s.scored,
    totalBits: s.totalBits,
    bitsPerToken: s.bitsPerToken,
    perplexity: s.perplexity,
    characters,
    bitsPerCharacter: characters > 0 ? s.totalBits / characters : null,
    unknown: s.unknownCount,
    tokenizer,
  };
}

/** Scores the sentence with the shared transformer. */
async function scoreWithTransformer(text: string, key: string): Promise<RowScore> {
  const r = await getModelClient().score({ text }, 1, { supersede: key });
  const logprobs = r.tokens.map((t) => t.logprob);
  const stats = spanStats(logprobs);
  const characters = r.tokens.reduce((n, t) => n + t.text.length, 0);
  return {
    tokens: r.tokens.map((t) => ({ text: t.text, bits: -t.logprob / Math.LN2 + 0, unknown: false })),
    scored: stats.tokens,
    totalBits: stats.totalBits,
    bitsPerToken: stats.bitsPerToken,
    perplexity: stats.perplexity,
    characters,
    bitsPerCharacter: characters > 0 ? stats.totalBits / characters : null,
    unknown: 0,
    tokenizer: 'bpe',
  };
}

/** A message for a failed request. */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The word-order test for a reader's model. */
async function orderTestTrained(slot: ModelKind, a: string, b: string, vocab: string[]): Promise<OrderRow> {
  const client = getTrainingClient();
  const [pa, pb, sa, sb] = await Promise.all([client.predict(slot, a), client.predict(slot, b), client.score(slot, a), client.score(slot, b)]);
  const top = (probs: number[]): { token: string; p: number } => {
    let best = 0;
    probs.forEach((p, i) => {
      if (p > (probs[best] as number)) best = i;
    });
    return { token: vocab[best] ?? '?', p: probs[best] as number };
  };
  const unknown = [...new Set([...pa.contextTokens.filter((_, i) => pa.unknown[i]), ...pb.contextTokens.filter((_, i) => pb.unknown[i])])];
  return {
    maxDiff: compareDistributions(pa.probs, pb.probs).maxAbsDifference,
    onlyInOneList: 0,
    bitsA: sa.totalBits,
    bitsB: sb.totalBits,
    unknown,
    topA: top(pa.probs),
    topB: top(pb.probs),
  };
}

/** The word-order test for the transformer (its top-k next tokens after each sentence). */
async function orderTestTransformer(a: string, b: string): Promise<OrderRow> {
  const lm = getModelClient();
  const na = await lm.next({ text: a }, TRANSFORMER_TOP_K);
  const nb = await lm.next({ text: b }, TRANSFORMER_TOP_K);
  const sa = await lm.score({ text: a }, 1);
  const sb = await lm.score({ text: b }, 1);
  const pb = new Map(nb.top.map((c) => [c.id, c.p]));
  const pa = new Map(na.top.map((c) => [c.id, c.p]));
  let maxDiff = 0;
  for (const [id, p] of pa) if (pb.has(id)) maxDiff = Math.max(maxDiff, Math.abs(p - (pb.get(id) as number)));
  const onlyInOneList = [...pa.keys()].filter((id) => !pb.has(id)).length + [...pb.keys()].filter((id) => !pa.has(id)).length;
  const bits = (lps: number[]): number => spanStats(lps).totalBits;
  return {
    maxDiff,
    onlyInOneList,
    bitsA: bits(sa.tokens.map((t) => t.logprob)),
    bitsB: bits(sb.tokens.map((t) => t.logprob)),
    unknown: [],
    topA: na.top[0] ? { token: na.top[0].text, p: na.top[0].p } : null,
    topB: nb.top[0] ? { token: nb.top[0].text, p: nb.top[0].p } : null,
  };
}

/** "Trained on …" for a slot, or what to do when it is empty. */
function trainedOn(slot: SlotState): string {
  const s = slot.summary;
  if (!s) return slot.phase === 'running' ? 'starting…' : 'not trained yet';
  const tok = s.tokenizer === 'chars' ? 'characters' : 'words';
  const where = slot.phase === 'running' ? `training, step ${formatCount(slot.step)} of ${formatCount(slot.targetStep)}` : `${formatCount(slot.step)} steps`;
  return `${s.corpusLabel}, ${tok}, |V| = ${formatCount(s.vocab.length)}, ${where}`;
}

/** The comparison island (use with `client:visible`). */
export default function ModelComparison({
  text: initialText = 'She poured the tea into her favourite cup',
  models,
  orderTest = true,
  orderSentences = ['Alice drank water', 'water drank Alice'],
  steps = 2000,
}: ModelComparisonProps) {
  const rows = modelList(models);
  const [hydrated, setHydrated] = useState(false);
  const [sentence, setSentence] = useState(initialText);
  const [scores, setScores] = useState<Partial<Record<ComparedModel, Cell<RowScore>>>>({});
  const [scoredText, setScoredText] = useState<string | null>(null);
  const [sentA, setSentA] = useState(orderSentences[0]);
  const [sentB, setSentB] = useState(orderSentences[1]);
  const [order, setOrder] = useState<Partial<Record<ComparedModel, Cell<OrderRow>>>>({});
  const [orderTexts, setOrderTexts] = useState<[string, string] | null>(null);
  const [lmPhase, setLmPhase] = useState<ModelPhase>('idle');
  const [lmModelId, setLmModelId] = useState(siteConfig.defaultModel);
  const [trainError, setTrainError] = useState<string | null>(null);
  const bigram = useSlot('bigram');
  const average = useSlot('average');
  const slots: Record<ModelKind, SlotState> = { bigram, average };

  const uid = `compare-${useId()}`;
  const ids = { title: `${uid}-title`, sentence: `${uid}-sentence`, caption: `${uid}-caption`, orderTitle: `${uid}-order-title`, a: `${uid}-a`, b: `${uid}-b` };

  useEffect(() => {
    setHydrated(true);
    return getModelClient().status.subscribe((s) => {
      setLmPhase(s.phase);
      setLmModelId(s.modelId);
    });
  }, []);

  const lmSpec = findModel(lmModelId);
  const lmLabel = lmSpec?.label ?? lmModelId;
  const scoring = Object.values(scores).some((c) => c?.state === 'busy');
  const testing = Object.values(order).some((c) => c?.state === 'busy');

  const available = (m: ComparedModel): boolean => m === 'transformer' || slots[m].summary !== null;

  const onScore = (): void => {
    const text = sentence;
    setScoredText(text);
    const next: Partial<Record<ComparedModel, Cell<RowScore>>> = {};
    for (const m of rows) next[m] = available(m) ? { state: 'busy' } : { state: 'idle' };
    setScores(next);
    const done = (m: ComparedModel, cell: Cell<RowScore>): void => setScores((s) => ({ ...s, [m]: cell }));
    for (const m of rows) {
      if (!available(m)) continue;
      const job =
        m === 'transformer'
          ? scoreWithTransformer(text, `${uid}-score`)
          : getTrainingClient()
              .score(m, text)
              .then((s) => fromTextScore(text, s, slots[m].summary?.tokenizer ?? 'words'));
      job.then(
        (value) => done(m, { state: 'done', value }),
        (e: unknown) => {
          if (e instanceof LmError && e.code === 'cancelled') return; // a newer press replaced it
          done(m, { state: 'error', message: messageOf(e) });
        },
      );
    }
  };

  const onOrderTest = (): void => {
    const a = sentA;
    const b = sentB;
    setOrderTexts([a, b]);
    const next: Partial<Record<ComparedModel, Cell<OrderRow>>> = {};
    for (const m of rows) next[m] = available(m) ? { state: 'busy' } : { state: 'idle' };
    setOrder(next);
    for (const m of rows) {
      if (!available(m)) continue;
      const job = m === 'transformer' ? orderTestTransformer(a, b) : orderTestTrained(m, a, b, slots[m].summary?.vocab ?? []);
      job.then(
        (value) => setOrder((o) => ({ ...o, [m]: { state: 'done', value } })),
        (e: unknown) => setOrder((o) => ({ ...o, [m]: { state: 'error', message: messageOf(e) } })),
      );
    }
  };

  const trainHere = async (m: ModelKind): Promise<void> => {
    setTrainError(null);
    try {
      const corpusText = await loadBundledText();
      await getTrainingClient().start(m, {
        corpusText,
        corpusLabel: CORPUS_LABELS.book,
        tokenizer: 'chars',
        settings: defaultSettings(m),
        steps,
      });
    } catch (e) {
      setTrainError(messageOf(e));
    }
  };

  const modelCell = (m: ComparedModel) => {
    if (m === 'transformer') {
      return (
        <>
          <th scope="row">Transformer</th>
          <td>
            {lmLabel}, its own BPE tokenizer{' '}
            <span class="lm-muted" data-testid="transformer-state">
              {lmPhase === 'ready'
                ? '(loaded)'
                : lmPhase === 'loading'
                  ? '(loading…)'
                  : lmPhase === 'error'
                    ? '(failed to load; see the model status on “The model” page)'
                    : `(loads the model on first use${lmSpec ? `, about ${formatBytes(lmSpec.approxBytes.wasm)}` : ''})`}
            </span>
          </td>
        </>
      );
    }
    const slot = slots[m];
    return (
      <>
        <th scope="row">{m === 'bigram' ? 'Your bigram model' : 'Your context-averaging model'}</th>
        <td>
          {trainedOn(slot)}
          {slot.phase === 'empty' && (
            <>
              {' '}
              <button type="button" class="train__small" disabled={!hydrated} onClick={() => void trainHere(m)}>
                Train one here
              </button>
              <span class="lm-muted"> (or in the trainer; here: the Alice excerpt, characters, {formatCount(steps)} steps)</span>
            </>
          )}
        </td>
      </>
    );
  };

  const numbers = (cell: Cell<RowScore> | undefined, m: ComparedModel) => {
    if (!cell || cell.state === 'idle') {
      const why = m !== 'transformer' && !available(m) ? 'train it first' : 'press “Score”';
      return (
        <td colSpan={5} class="lm-muted">
          {why}
        </td>
      );
    }
    if (cell.state === 'busy') {
      return (
        <td colSpan={5} class="lm-muted">
          {m === 'transformer' && lmPhase !== 'ready' ? 'loading the model and scoring…' : 'scoring…'}
        </td>
      );
    }
    if (cell.state === 'error') {
      return (
        <td colSpan={5} class="lm-error">
          {cell.message}
        </td>
      );
    }
    const v = cell.value;
    return (
      <>
        <td class="lm-num">
          {v.scored}
          {v.unknown > 0 ? <span class="lm-muted"> ({v.unknown} unknown)</span> : null}
        </td>
        <td class="lm-num">{formatBits(v.totalBits)}</td>
        <td class="lm-num">
          <strong>{formatBits(v.bitsPerToken)}</strong>
        </td>
        <td class="lm-num">{formatPerplexity(v.perplexity)}</td>
        <td class="lm-num">{v.bitsPerCharacter === null ? '–' : formatBits(v.bitsPerCharacter)}</td>
      </>
    );
  };

  const doneScores = rows.flatMap((m) => {
    const c = scores[m];
    return c?.state === 'done' ? [[m, c.value] as const] : [];
  });
  const manyUnknown = doneScores.some(([, v]) => v.unknown > 0 && v.unknown >= v.tokens.length / 2);

  return (
    <section class="lm-panel train not-content" aria-labelledby={ids.title} data-testid="model-comparison" data-hydrated={hydrated ? 'true' : 'false'} data-busy={scoring || testing ? 'true' : 'false'}>
      <p class="lm-panel__title" id={ids.title}>
        Compare the models on a sentence none of them trained on
      </p>
      <p>
        The same held-out sentence is scored by the bigram and context-averaging models you trained in this page and by the site’s embedded transformer. Lower
        bits mean less surprise: a better model of this kind of text.
      </p>
      <label for={ids.sentence}>Held-out sentence</label>
      <input id={ids.sentence} class="train__wide" type="text" value={sentence} disabled={!hydrated} onInput={(e) => setSentence((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
      <div class="lm-controls">
        <button type="button" onClick={onScore} disabled={!hydrated || scoring}>
          {scoring ? 'Scoring…' : 'Score with every model'}
        </button>
        <span class="lm-muted" role="status" aria-live="polite">
          {scoring ? 'Scoring the sentence…' : doneScores.length > 0 ? `Scored by ${doneScores.length} model${doneScores.length === 1 ? '' : 's'}.` : ''}
        </span>
      </div>
      {trainError && (
        <p class="lm-error" role="alert">
          {trainError}
        </p>
      )}
      <TableScroll label="Scores of each model">
        <table class="train__table" data-testid="comparison-table" data-text={scoredText ?? ''}>
          <caption id={ids.caption} class="lm-muted">
            Bits per token depends on what a token is: a character model makes many easy predictions, a word or BPE model fewer and harder ones. Bits per
            character (total bits ÷ characters predicted) is fair across tokenizers. Your models use the sentence’s first token only as context; the
            transformer predicts it too, after an end-of-text token.
          </caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Trained on</th>
              <th scope="col" class="lm-num">
                Tokens scored
              </th>
              <th scope="col" class="lm-num">
                Total bits
              </th>
              <th scope="col" class="lm-num">
                Bits per token
              </th>
              <th scope="col" class="lm-num">
                Perplexity
              </th>
              <th scope="col" class="lm-num">
                Bits per character
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => {
              const cell = scores[m];
              const v = cell?.state === 'done' ? cell.value : null;
              return (
                <tr
                  key={m}
                  data-model={m}
                  data-state={cell?.state ?? 'idle'}
                  data-bits-per-token={v?.bitsPerToken ?? ''}
                  data-perplexity={v?.perplexity ?? ''}
                  data-total-bits={v?.totalBits ?? ''}
                  data-tokens={v?.scored ?? ''}
                  data-bits-per-char={v?.bitsPerCharacter ?? ''}
                >
                  {modelCell(m)}
                  {numbers(cell, m)}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {manyUnknown && (
        <p class="lm-notice">
          Much of this sentence is unknown to one of your models (it never saw those words), so it is scored as &lt;unk&gt;, which such a model finds very
          surprising. Train on the Alice excerpt, or with the character tokenizer, for a fairer comparison.
        </p>
      )}
      {doneScores.length > 0 && (
        <details class="train-details">
          <summary>Surprise of each token, model by model</summary>
          {doneScores.map(([m, v]) => (
            <p key={m} class="train__tokens" data-model={m}>
              <strong>{m === 'transformer' ? 'Transformer' : m === 'bigram' ? 'Bigram' : 'Context averaging'}:</strong>{' '}
              {v.tokens.map((t, i) => (
                <span key={i} class="train__token-chip">
                  <span class="lm-token">{v.tokenizer === 'bpe' ? visibleToken(t.text) : tokenLabel(t.text, v.tokenizer)}</span>{' '}
                  <span class="lm-muted">{t.bits === null ? 'context' : `${formatBits(t.bits)} bits`}</span>
                  {t.unknown ? <span class="lm-muted"> &lt;unk&gt;</span> : null}
                </span>
              ))}
            </p>
          ))}
        </details>
      )}

      {orderTest && (
        <div class="train__part" role="group" aria-labelledby={ids.orderTitle}>
          <p class="train__subtitle" id={ids.orderTitle}>
            The word-order test
          </p>
          <p>
            The context-averaging model predicts from ē = the average of the embeddings of the context. Two contexts made of the same tokens, each the same
            number of times, in any order, have exactly the same ē, so the model’s distribution for the <em>next</em> token after them is exactly the same.
            What is not equal is the probability of the two sentences themselves: their earlier prefixes differ (“alice” then “alice drank” versus “water” then
            “water drank”). A bigram model predicts from the last token only; a transformer reads the order.
          </p>
          <div class="train__settings">
            <div class="train__field">
              <label for={ids.a}>Sentence A</label>
              <input id={ids.a} type="text" value={sentA} disabled={!hydrated} onInput={(e) => setSentA((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
            </div>
            <div class="train__field">
              <label for={ids.b}>Sentence B</label>
              <input id={ids.b} type="text" value={sentB} disabled={!hydrated} onInput={(e) => setSentB((e.currentTarget as HTMLInputElement).value)} spellcheck={false} />
            </div>
          </div>
          <div class="lm-controls">
            <button type="button" onClick={onOrderTest} disabled={!hydrated || testing}>
              {testing ? 'Testing…' : 'Run the word-order test'}
            </button>
          </div>
          <TableScroll label="Word-order test">
            <table class="train__table" data-testid="order-table" data-a={orderTexts?.[0] ?? ''} data-b={orderTexts?.[1] ?? ''}>
              <caption class="lm-muted">
                Next-token prediction after the whole of A versus after the whole of B (largest change in any token’s probability; for the transformer, over
                its {TRANSFORMER_TOP_K} most likely tokens), and the total surprise of each sentence.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Same next-token prediction?</th>
                  <th scope="col" class="lm-num">
                    Largest change
                  </th>
                  <th scope="col" class="lm-num">
                    Bits of A
                  </th>
                  <th scope="col" class="lm-num">
                    Bits of B
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => {
                  const cell = order[m];
                  const v = cell?.state === 'done' ? cell.value : null;
                  const same = v ? v.maxDiff < SAME && v.onlyInOneList === 0 : null;
                  const name = m === 'transformer' ? 'Transformer' : m === 'bigram' ? 'Your bigram model' : 'Your context-averaging model';
                  return (
                    <tr key={m} data-model={m} data-state={cell?.state ?? 'idle'} data-max-diff={v?.maxDiff ?? ''} data-same={same === null ? '' : String(same)} data-bits-a={v?.bitsA ?? ''} data-bits-b={v?.bitsB ?? ''}>
                      <th scope="row">{name}</th>
                      {!cell || cell.state === 'idle' ? (
                        <td colSpan={4} class="lm-muted">
                          {m !== 'transformer' && !available(m) ? 'train it first' : 'press “Run the word-order test”'}
                        </td>
                      ) : cell.state === 'busy' ? (
                        <td colSpan={4} class="lm-muted">
                          working…
                        </td>
                      ) : cell.state === 'error' ? (
                        <td colSpan={4} class="lm-error">
                          {cell.message}
                        </td>
                      ) : (
                        <>
                          <td>
                            {same ? 'Yes, identical: it cannot tell A from B.' : 'No: it tells A from B.'}
                            {cell.value.unknown.length > 0 && (
                              <span class="lm-muted">
                                {' '}
                                (unknown to it: {cell.value.unknown.map((t) => `“${t}”`).join(', ')}, read as &lt;unk&gt;)
                              </span>
                            )}
                            {cell.value.topA && cell.value.topB && (
                              <span class="lm-muted train__block">
                                Most likely next: “{visibleToken(cell.value.topA.token)}” ({(100 * cell.value.topA.p).toFixed(1)}%) after A, “{visibleToken(cell.value.topB.token)}” (
                                {(100 * cell.value.topB.p).toFixed(1)}%) after B.
                              </span>
                            )}
                          </td>
                          <td class="lm-num">{cell.value.maxDiff < SAME && cell.value.onlyInOneList === 0 ? '0 (up to rounding)' : cell.value.maxDiff.toFixed(4)}</td>
                          <td class="lm-num">{formatBits(cell.value.bitsA)}</td>
                          <td class="lm-num">{formatBits(cell.value.bitsB)}</td>
                        </>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        </div>
      )}
    </section>
  );
}
