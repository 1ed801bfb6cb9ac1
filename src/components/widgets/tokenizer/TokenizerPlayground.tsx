/**
 * Tokenizer playground: the reader types a text and sees it cut into tokens by several
 * tokenizers side by side, as coloured spans with whitespace visible (␣ ↵ ⇥), with counts
 * (characters, tokens, characters per token). Ids appear on hover or focus (arrow keys move
 * between tokens) and, with "Show ids", under every token.
 *
 * Where the tokens come from:
 * - characters and whole words: computed here, at once;
 * - GPT-4 / GPT-4o: `TiktokenEncoder` over js-tiktoken's rank files, each loaded as its own
 *   chunk the first time it is needed;
 * - the site's model: for the preset text, the build-time result from the wrapper; after the
 *   reader edits the text, the page's model worker (`tokenize`), which loads the model on
 *   that first edit;
 * - a Hub model the reader picked on the model page: the same worker, labelled by its name.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { getModelClient } from '../../../lib/lm/client';
import { findModel } from '../../../lib/lm/registry';
import { siteConfig } from '../../../site.config';
import { characterCount, characterTokens, wordTokens } from '../../../lib/tokenize/simple-tokenizers';
import { boolParam } from '../../../lib/widget-state/url-state';
import { ModelProgressLine } from '../shared/ModelProgressLine';
import { ShareLink } from '../shared/ShareLink';
import { useModelRequest } from '../shared/use-model-request';
import { initialUrlState, useUrlState } from '../shared/use-url-state';
import { loadTiktoken } from './tiktoken-loader';
import type { TiktokenName } from './tiktoken-loader';
import {
  FIXED_TOKENIZERS,
  TOKENIZER_NAMES,
  TOKENIZER_NOTES,
  charsPerToken,
  fromByteTokens,
  fromPieces,
  fromTextTokens,
  parseTokenizerList,
  visibleText,
} from './token-display';
import type { ShownToken, TokenizerId } from './token-display';
import '../shared/widgets.css';
import './tokenizer.css';
import { TableScroll } from '../shared/TableScroll';
import { useHydrationEffect } from '../shared/use-hooks';

/** Props of the playground island. */
export interface TokenizerPlaygroundProps {
  /** Text in the box at first. */
  text: string;
  /** Tokenizers shown at first, comma-separated (`chars,words,lm-notes-tiny,cl100k_base,o200k_base`). */
  tokenizers?: string;
  /** Show ids under the tokens at first (default false). */
  showIds?: boolean;
  /** Build-time tokens of `text` for the subword tokenizers (from the wrapper). */
  initial?: Partial<Record<TokenizerId, ShownToken[]>>;
  /** URL parameter prefix (default `tokenizer`). */
  id?: string;
}

/** Texts the reader can load with one click. */
export const EXAMPLES: { label: string; text: string }[] = [
  { label: 'A rare word', text: 'Words like antidisestablishmentarianism fall apart.' },
  { label: 'Other scripts', text: 'Hello! 日本語のテキスト. مرحبا بالعالم. 🐉🔥' },
  { label: 'Numbers', text: '1234567 + 89 = 1234656' },
  { label: 'Code', text: 'for (let i = 0; i < 10; i++) {\n\tconsole.log(i);\n}' },
];

/** Most tokens drawn per tokenizer (all are counted). */
export const MAX_DRAWN = 1500;
/** Longest text the playground works on (longer input is cut, with a notice). */
export const MAX_CHARS = 20_000;
/** Longest text stored in the page URL. */
const MAX_URL_TEXT = 600;

/** One tokenizer's row: its tokens as spans, keyboard-navigable. */
function TokenRow({ name, tokens, showIds }: { name: string; tokens: ShownToken[]; showIds: boolean }) {
  const [active, setActive] = useState<number | null>(null);
  const refs = useRef<(HTMLLIElement | null)[]>([]);
  const drawn = tokens.slice(0, MAX_DRAWN);
  const focusAt = (i: number): void => {
    const k = Math.max(0, Math.min(drawn.length - 1, i));
    setActive(k);
    refs.current[k]?.focus();
  };
  const current = active !== null && active < drawn.length ? drawn[active]! : null;
  return (
    <>
      <ol
        class={`lmw-tok__spans${showIds ? ' lmw-tok__spans--ids' : ''}`}
        aria-label={`Tokens, ${name}`}
        onKeyDown={(e) => {
          const i = active ?? 0;
          if (e.key === 'ArrowRight' || e.key === 'ArrowDown') focusAt(i + 1);
          else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') focusAt(i - 1);
          else if (e.key === 'Home') focusAt(0);
          else if (e.key === 'End') focusAt(drawn.length - 1);
          else return;
          e.preventDefault();
        }}
      >
        {drawn.map((t, i) => {
          const shown = t.text === '' ? `⟨${t.bytes ?? 0} byte${t.bytes === 1 ? '' : 's'}⟩` : visibleText(t.text);
          return (
            <li
              key={i}
              ref={(el) => {
                refs.current[i] = el;
              }}
              class={`lmw-tok__t lmw-tok__c${i % 6}${active === i ? ' lmw-tok__t--active' : ''}`}
              tabIndex={i === (active ?? 0) ? 0 : -1}
              title={`id ${t.id}`}
              aria-label={`${shown}, id ${t.id}`}
              onFocus={() => setActive(i)}
              onMouseEnter={() => setActive(i)}
            >
              <span class="lmw-tok__text">{shown}</span>
              {showIds && <span class="lmw-tok__id">{t.id}</span>}
            </li>
          );
        })}
      </ol>
      {tokens.length > MAX_DRAWN && (
        <p class="lmw-hint">The first {MAX_DRAWN.toLocaleString('en-US')} tokens are drawn; all {tokens.length.toLocaleString('en-US')} are counted.</p>
      )}
      <p class="lmw-tok__detail" aria-hidden="true">
        {current ? `Token ${active! + 1} of ${tokens.length}: “${visibleText(current.text)}” · id ${current.id}${current.bytes !== undefined ? ` · ${current.bytes} byte${current.bytes === 1 ? '' : 's'}` : ''}` : 'Hover over a token, or Tab to the row and use the arrow keys, to see its id.'}
      </p>
    </>
  );
}

/** The island. */
export default function TokenizerPlayground(props: TokenizerPlaygroundProps) {
  const id = props.id ?? 'tokenizer';
  const preset = props.text;
  // The first render equals the build-time HTML (hydration keeps its attributes); the URL's
  // state and the reader's chosen model are applied right after.
  const [text, setText] = useState(preset);
  const [shown, setShown] = useState<TokenizerId[]>(() =>
    parseTokenizerList(props.tokenizers, ['chars', 'words', 'lm-notes-tiny', 'cl100k_base', 'o200k_base']),
  );
  const [showIds, setShowIds] = useState(props.showIds ?? false);
  const [hydrated, setHydrated] = useState(false);
  // Until the reader changes the text, build-time tokens stand for the preset (and no model or
  // rank file is loaded); a text from the URL counts as a change.
  const [edited, setEdited] = useState(false);
  const [chosen, setChosen] = useState(siteConfig.defaultModel);
  useHydrationEffect(() => {
    const url = initialUrlState(id);
    if (url.text !== undefined) {
      setText(url.text);
      if (url.text !== preset) setEdited(true);
    }
    if (url.tok !== undefined) setShown(parseTokenizerList(url.tok, shown));
    setShowIds(boolParam(url.ids, showIds));
    setChosen(getModelClient().currentChoice.id);
    setHydrated(true);
  });
  useUrlState(id, { text: text.length <= MAX_URL_TEXT ? text : undefined, tok: shown.join(','), ids: showIds }, hydrated);
  const uid = useId();

  const cut = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const chars = characterCount(cut);
  const hubChosen = chosen !== 'lm-notes-tiny';
  const hubLabel = findModel(chosen)?.label ?? chosen;
  const available: TokenizerId[] = hubChosen ? [...FIXED_TOKENIZERS, 'model'] : FIXED_TOKENIZERS;

  // Tiktoken results, recomputed (debounced) after the first edit.
  const [tik, setTik] = useState<Partial<Record<TokenizerId, ShownToken[]>>>({});
  const [tikError, setTikError] = useState<string | null>(null);
  useEffect(() => {
    if (!hydrated || !edited) return;
    const names = shown.filter((s): s is TiktokenName => s === 'cl100k_base' || s === 'o200k_base');
    if (names.length === 0) return;
    let stale = false;
    const timer = setTimeout(() => {
      for (const name of names) {
        loadTiktoken(name).then(
          (enc) => {
            if (stale) return;
            setTik((old) => ({ ...old, [name]: fromByteTokens(enc.encodeWithBytes(cut)) }));
            setTikError(null);
          },
          () => !stale && setTikError(`The ${name} vocabulary could not be loaded. Reload the page to try again.`),
        );
      }
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [cut, shown, hydrated, edited]);

  // The model worker: the embedded model (after an edit) or the reader's Hub model.
  const wantsWorker = hydrated && edited && cut !== '' && (hubChosen ? shown.includes('model') : shown.includes('lm-notes-tiny'));
  const [askedHub, setAskedHub] = useState(false);
  const workerOn = wantsWorker || (hydrated && hubChosen && askedHub && shown.includes('model') && cut !== '');
  const req = useModelRequest((client, key) => client.tokenize(cut, { supersede: key }), [cut], { key: `tokenizer-${uid}`, debounceMs: 250, enabled: workerOn });

  const tokensOf = (t: TokenizerId): ShownToken[] | null => {
    if (cut === '') return [];
    if (t === 'chars') return fromTextTokens(characterTokens(cut));
    if (t === 'words') return fromTextTokens(wordTokens(cut));
    if (!edited && props.initial?.[t]) return props.initial[t]!;
    if (t === 'cl100k_base' || t === 'o200k_base') return edited ? (tik[t] ?? null) : null;
    if (t === 'lm-notes-tiny') {
      if (hubChosen) return null;
      return req.value ? fromPieces(req.value.tokens) : null;
    }
    if (t === 'model') return hubChosen && req.value ? fromPieces(req.value.tokens) : null;
    return null;
  };
  const nameOf = (t: TokenizerId): string => (t === 'model' ? `${hubLabel} (your chosen model)` : TOKENIZER_NAMES[t]);
  const rows = shown
    .filter((t) => t !== 'model' || hubChosen)
    .map((t) => ({ t, name: nameOf(t), tokens: tokensOf(t) }));
  const summary = rows
    .filter((r) => r.tokens)
    .map((r) => `${r.name}: ${r.tokens!.length} tokens`)
    .join('; ');

  const onText = (v: string): void => {
    setText(v);
    setEdited(true);
  };
  const toggle = (t: TokenizerId, on: boolean): void => {
    setShown((old) => (on ? available.filter((x) => x === t || old.includes(x)) : old.filter((x) => x !== t)));
  };

  return (
    <section class="lmw lmw-tok not-content" data-testid="tokenizer-playground" aria-label="Tokenizer playground" data-hydrated={hydrated ? 'true' : 'false'}>
      <p class="lmw-title">Tokenizer playground</p>
      {!hydrated && (
        <p class="lmw-static-note">
          Tokens of the text below, computed when the site was built. With JavaScript on, you can type your own text and compare
          the tokenizers live.
        </p>
      )}
      <label for={`${uid}-text`} class="lmw-tok__label">Text to tokenize</label>
      <textarea id={`${uid}-text`} value={text} disabled={!hydrated} spellcheck={false} rows={3} onInput={(e) => onText((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="lmw-controls">
        <span class="lmw-hint">Try:</span>
        <button type="button" class="lmw-button lmw-button--quiet" disabled={!hydrated} onClick={() => onText(preset)}>“{preset.length > 24 ? `${preset.slice(0, 24)}…` : preset}”</button>
        {EXAMPLES.map((ex) => (
          <button key={ex.label} type="button" class="lmw-button lmw-button--quiet" disabled={!hydrated} onClick={() => onText(ex.text)}>
            {ex.label}
          </button>
        ))}
      </div>
      <fieldset class="lmw-controls lmw-tok__choose">
        <legend class="lmw-hint">Tokenizers shown</legend>
        {available.map((t) => (
          <label key={t}>
            <input type="checkbox" checked={shown.includes(t)} disabled={!hydrated} onChange={(e) => toggle(t, (e.currentTarget as HTMLInputElement).checked)} /> {nameOf(t)}
          </label>
        ))}
        <label>
          <input type="checkbox" checked={showIds} disabled={!hydrated} onChange={(e) => setShowIds((e.currentTarget as HTMLInputElement).checked)} /> Show ids
        </label>
      </fieldset>
      {text.length > MAX_CHARS && <p class="lmw-notice">Only the first {MAX_CHARS.toLocaleString('en-US')} characters are tokenized.</p>}
      {cut === '' && <p class="lmw-notice">The text is empty: type something to see its tokens.</p>}
      {tikError && <p class="lmw-error">{tikError}</p>}
      <TableScroll label="Counts per tokenizer">
        <table class="lmw-tok__counts">
          <caption class="sr-only">Counts per tokenizer</caption>
          <thead>
            <tr>
              <th scope="col">Tokenizer</th>
              <th scope="col" class="lmw-num">Characters</th>
              <th scope="col" class="lmw-num">Tokens</th>
              <th scope="col" class="lmw-num">Characters per token</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.t} data-tokenizer={r.t}>
                <th scope="row">{r.name}</th>
                <td class="lmw-num">{chars.toLocaleString('en-US')}</td>
                <td class="lmw-num" data-testid={`count-${r.t}`}>{r.tokens ? r.tokens.length.toLocaleString('en-US') : '…'}</td>
                <td class="lmw-num">{r.tokens ? charsPerToken(chars, r.tokens.length) : '…'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p class="sr-only" role="status" aria-live="polite">{hydrated && edited ? summary : ''}</p>
      {rows.map((r) => (
        <div key={r.t} class="lmw-tok__row" data-tokenizer={r.t}>
          <p class="lmw-tok__name">
            <strong>{r.name}</strong> <span class="lmw-hint">{TOKENIZER_NOTES[r.t]}</span>
          </p>
          {r.tokens ? (
            <TokenRow name={r.name} tokens={r.tokens} showIds={showIds} />
          ) : r.t === 'lm-notes-tiny' && hubChosen ? (
            <p class="lmw-hint">The page’s model worker runs {hubLabel}, so the small model’s tokens are shown only for the preset text.</p>
          ) : r.t === 'model' && !askedHub && !edited ? (
            <button type="button" class="lmw-button" onClick={() => setAskedHub(true)}>Tokenize with {hubLabel}</button>
          ) : (r.t === 'lm-notes-tiny' || r.t === 'model') && req.error ? (
            <p class="lmw-error">
              {req.error}{' '}
              <button type="button" class="lmw-button lmw-button--quiet" onClick={req.retry}>Try again</button>
            </p>
          ) : (
            <p class="lmw-hint">Working…</p>
          )}
        </div>
      ))}
      {(shown.includes('lm-notes-tiny') || shown.includes('model')) && <ModelProgressLine />}
      {hydrated && <ShareLink id={id} state={{ text: text.length <= MAX_URL_TEXT ? text : undefined, tok: shown.join(','), ids: showIds }} />}
    </section>
  );
}
