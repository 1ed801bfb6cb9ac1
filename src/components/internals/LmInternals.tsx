/**
 * LM internals: a chat shown as the document the model continues, in the reader's browser.
 * Edit a conversation (system, user, assistant, tool turns; tool definitions and calls); see it
 * rendered through the loaded model's own chat template as tokens shaded by surprise; click a
 * token for the next-token distribution after it and continue from any row; build a reply token
 * by token or generate one (seeded, stoppable); select spans for bits and perplexity; import,
 * export, keep and share the conversation. The model loads as soon as the tool is on screen.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getModelClient } from '../../lib/lm/client';
import type { ModelClient } from '../../lib/lm/client';
import { LmError, classifyError } from '../../lib/lm/errors';
import { MODELS } from '../../lib/lm/registry';
import type { NextResult, ScoreResult } from '../../lib/lm/protocol';
import { legendStops, bitsColour, bitsTextColour } from '../../lib/metrics/bits-colour';
import { spanStats } from '../../lib/metrics/surprise';
import {
  ROLES,
  addToolCall,
  clearConversation,
  endTurn,
  rewindTo,
  setDraftRole,
  setDraftText,
} from '../../lib/internals/conversation';
import type { InternalsState, Role, SamplerSettings } from '../../lib/internals/conversation';
import { continueAt, layoutDocument, templateInput } from '../../lib/internals/document';
import type { DocumentLayout } from '../../lib/internals/document';
import { distributionRows } from '../../lib/internals/distribution';
import type { DistributionRow } from '../../lib/internals/distribution';
import { clampSelection, selectionRange } from '../../lib/internals/selection';
import type { TokenSelection } from '../../lib/internals/selection';
import { decodeShareHash, encodeShareHash } from '../../lib/internals/share';
import { loadSaved, saveState } from '../../lib/internals/storage';
import { parseState, parseToolCall, parseTools, stateToJson, toolInfo } from '../../lib/internals/validate';
import { useModelRequest } from '../widgets/shared/use-model-request';
import { ModelProgressLine, useModelStatus } from '../widgets/shared/ModelProgressLine';
import { visibleToken } from '../model/format';
import type { StaticDoc, StaticToken } from './static-doc';
import { TokenStrip } from './TokenStrip';
import '../widgets/shared/widgets.css';
import './internals.css';
import { TableScroll } from '../widgets/shared/TableScroll';

/** Props of the tool. */
export interface LmInternalsProps {
  /** The conversation shown before the reader's own (saved or shared) one is restored. */
  preset: InternalsState;
  /** The preset's document computed at build time (shown until the model answers). */
  initial: StaticDoc;
  /** Prefix of element ids and of the request keys. */
  id?: string;
}

/** What one scoring round gives. */
interface Analysis {
  layout: DocumentLayout;
  score: ScoreResult;
  next: NextResult;
  modelId: string;
  toolsIgnored: boolean;
  callsIgnored: boolean;
  /** The conversation and model this analysis is for (stale when it differs from the current one). */
  key: string;
}

const END_STRINGS = ['<|endoftext|>', '<|end|>', '<|im_end|>', '<end_of_turn>', '<eos>', '</s>'];
const SPECIAL_LIKE = /^<[|]?[A-Za-z_][^<>\s]*[|]?>$/;
const MAX_GENERATE = 100;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function fmtP(p: number): string {
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

function fmtBits(b: number): string {
  return Number.isFinite(b) ? b.toFixed(2) : '∞';
}

/** The tool (use with `client:load` or `client:visible`). */
export default function LmInternals({ preset, initial, id = 'lm-internals' }: LmInternalsProps) {
  const [state, setState] = useState<InternalsState>(preset);
  const [restored, setRestored] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [selection, setSelection] = useState<TokenSelection | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [generating, setGenerating] = useState<'generate' | 'sample' | null>(null);
  const [genInfo, setGenInfo] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const [toolsText, setToolsText] = useState(() => (preset.tools.length ? JSON.stringify(preset.tools, null, 2) : ''));
  const [toolsError, setToolsError] = useState<string | null>(null);
  const [callName, setCallName] = useState('');
  const [callArgs, setCallArgs] = useState('{}');
  const [callError, setCallError] = useState<string | null>(null);
  const [importText, setImportText] = useState('');
  const [importMsg, setImportMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [copyMsg, setCopyMsg] = useState<string | null>(null);
  const status = useModelStatus();
  const modelId = status.modelId;

  // Restore: a shared link wins, then what this browser saved, else the preset.
  useEffect(() => {
    const shared = decodeShareHash(window.location.hash);
    if (shared && shared.ok) {
      setState(shared.value);
      setToolsText(shared.value.tools.length ? JSON.stringify(shared.value.tools, null, 2) : '');
    } else {
      if (shared && !shared.ok) setNotice(shared.error);
      const saved = loadSaved(storage());
      if (saved.state) {
        setState(saved.state);
        setToolsText(saved.state.tools.length ? JSON.stringify(saved.state.tools, null, 2) : '');
      }
      if (saved.notice) setNotice(saved.notice);
    }
    setRestored(true);
  }, []);

  // Keep: in this browser, and in the address (so the address is always a share link).
  // Typing saves 300 ms after the last key; closing the tab sooner still saves (pagehide).
  const latest = useRef(state);
  latest.current = state;
  useEffect(() => {
    if (!restored) return;
    const keep = (): void => {
      saveState(storage(), latest.current);
      const url = new URL(window.location.href);
      url.hash = encodeShareHash(latest.current);
      window.history.replaceState(window.history.state, '', url);
    };
    const t = setTimeout(keep, 300);
    window.addEventListener('pagehide', keep);
    return () => {
      clearTimeout(t);
      window.removeEventListener('pagehide', keep);
    };
  }, [state, restored]);

  const docKey = JSON.stringify([state.messages, state.draft, state.tools]);
  const analysisKey = `${modelId}|${docKey}`;
  const analysis = useModelRequest<Analysis>(
    async (client: ModelClient, key: string) => {
      const tools = state.tools.length > 0 ? state.tools : undefined;
      const rendered = await client.chatTemplate(templateInput(state), false, tools, { supersede: `${key}-template` });
      const layout = layoutDocument(rendered.text, state.messages, state.draft.content);
      const score = await client.score({ text: layout.text }, 10, { supersede: `${key}-score` });
      const next = await client.next({ text: layout.text }, 10, { supersede: `${key}-next` });
      const toolsIgnored = state.tools.some((t) => !rendered.text.includes(toolInfo(t).name));
      const callsIgnored = state.messages.some((m) => (m.toolCalls ?? []).some((c) => !rendered.text.includes(c.name)));
      return { layout, score, next, modelId: client.currentChoice.id, toolsIgnored, callsIgnored, key: analysisKey };
    },
    [docKey, modelId],
    { key: `${id}-doc`, debounceMs: 300, enabled: restored && generating === null },
  );
  const live = analysis.value;
  const sameAsPreset = docKey === JSON.stringify([preset.messages, preset.draft, preset.tools]) && modelId === initial.modelId;
  const tokens: StaticToken[] = live
    ? live.score.tokens
    : sameAsPreset
      ? initial.tokens
      : [];
  const draftStart = live ? live.layout.draftStart : -1;
  const draftFrom = live ? live.score.tokens.findIndex((t) => t.start >= draftStart) : -1;
  const sel = clampSelection(selection, tokens.length);

  // The distribution after the focused token (default: after the last token).
  const focus = sel ? sel.focus : tokens.length - 1;
  const rows: DistributionRow[] = useMemo(() => {
    if (!live || focus < 0) return [];
    const st = live.score.tokens;
    if (focus + 1 < st.length) {
      const nextTok = st[focus + 1]!;
      return distributionRows(nextTok.top, { id: nextTok.id, token: nextTok.token, text: nextTok.text, logp: nextTok.logprob });
    }
    return distributionRows(live.next.top, null);
  }, [live, focus]);
  const atEnd = live !== null && focus === live.score.tokens.length - 1;

  const isEndToken = (row: { id: number | null; token: string }): boolean =>
    row.id !== null && (END_STRINGS.includes(row.token) || (status.info?.eosIds ?? []).includes(row.id));

  const apply = (next: InternalsState): void => {
    setActionError(null);
    setState(next);
    setSelection(null);
  };

  const continueWith = (row: DistributionRow, at: number): void => {
    if (!live || row.id === null) return;
    const tok = live.score.tokens[at];
    const offset = tok ? tok.end : live.layout.text.length;
    const r = continueAt(state, live.layout, offset, row.text, isEndToken(row), SPECIAL_LIKE.test(row.token));
    if (r.kind === 'refused') setActionError(r.reason);
    else apply(r.state);
  };

  const takeTop = (): void => {
    if (!live) return;
    const top = distributionRows(live.next.top, null)[0];
    if (top) continueWith(top, live.score.tokens.length - 1);
  };

  const runGenerate = (maxTokens: number, mode: 'generate' | 'sample'): void => {
    if (!live) return;
    const ac = new AbortController();
    abortRef.current = ac;
    setGenerating(mode);
    setGenInfo(null);
    setActionError(null);
    const base = state;
    let streamed = '';
    getModelClient()
      .generate(
        { prompt: { text: live.layout.text }, settings: state.settings, seed: state.settings.seed, maxTokens },
        {
          supersede: `${id}-generate`,
          signal: ac.signal,
          onProgress: (d) => {
            if (d.kind !== 'token') return;
            streamed += d.token.text;
            setState((s) => setDraftText(s, base.draft.content + streamed));
          },
        },
      )
      .then(
        (r) => {
          let next = setDraftText(base, base.draft.content + r.text);
          if (r.stopReason === 'eos') next = endTurn(next);
          if (mode === 'sample') next = { ...next, settings: { ...next.settings, seed: (next.settings.seed + 1) >>> 0 } };
          setState(next);
          setSelection(null);
          setGenInfo(
            mode === 'sample'
              ? `Drew “${visibleToken(r.tokens[0]?.text || r.tokens[0]?.token || '')}” (p = ${fmtP(r.tokens[0]?.p ?? 0)} after the settings). The seed moved on by one for the next draw.`
              : `Generated ${r.tokens.length} tokens (${r.stopReason === 'eos' ? 'the model ended its turn' : `the limit of ${maxTokens}`}).`,
          );
        },
        (e: unknown) => {
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

  const setSettings = (patch: Partial<SamplerSettings>): void => setState((s) => ({ ...s, settings: { ...s.settings, ...patch } }));

  const stats = sel && tokens.length > 0 ? (() => {
    const r = selectionRange(sel);
    return spanStats(tokens.map((t) => t.logprob), r.start, r.end);
  })() : null;

  const json = stateToJson(state);
  const download = (): void => {
    const blob = new Blob([json], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'conversation.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const copy = async (text: string, what: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setCopyMsg(`${what} copied.`);
    } catch {
      setCopyMsg(`Your browser did not allow copying; select the ${what.toLowerCase()} and copy it by hand.`);
    }
  };
  const shareUrl = typeof window === 'undefined' ? '' : `${window.location.origin}${window.location.pathname}${encodeShareHash(state)}`;

  const busy = analysis.busy || generating !== null;
  const truncated = live?.score.truncated;
  const ready = live !== null && live.key === analysisKey && !analysis.busy && generating === null;
  const roleId = `${id}-role`;
  const draftId = `${id}-draft`;
  const modelSelId = `${id}-model`;

  return (
    <section
      class="lmw lmi not-content"
      aria-label="LM internals"
      data-hydrated={restored ? 'true' : 'false'}
      data-busy={busy ? 'true' : 'false'}
      data-ready={ready ? 'true' : 'false'}
      data-generating={generating ?? 'none'}
      data-model={modelId}
    >
      <div class="lmw-controls">
        <label for={modelSelId}>Model</label>
        <select
          id={modelSelId}
          value={modelId}
          onChange={(e) => getModelClient().setModel((e.currentTarget as HTMLSelectElement).value)}
          disabled={generating !== null}
        >
          {MODELS.map((m) => (
            <option value={m.id} key={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <ModelProgressLine />
      {!restored && (
        <p class="lmw-static-note">
          A static figure computed when the site was built, by the embedded model, for the question below. With JavaScript on, this tool runs the model in your browser and everything here becomes editable.
        </p>
      )}
      {notice && <p class="lmw-notice" role="status">{notice}</p>}

      <div class="lmi-layout">
        <div class="lmi-col">
          <h2 class="lmi-h">Conversation</h2>
          <ol class="lmi-messages" aria-label="Finished messages">
            {state.messages.map((m, i) => (
              <li key={i} class={`lmi-msg lmi-msg--${m.role}`} data-role={m.role}>
                <span class="lmi-msg__role">{m.role}</span>
                <span class="lmi-msg__text">{m.content || (m.toolCalls?.length ? '' : '(empty)')}</span>
                {(m.toolCalls ?? []).map((c, j) => (
                  <code key={j} class="lmi-msg__call">
                    call {c.name}({JSON.stringify(c.arguments)})
                  </code>
                ))}
                <button type="button" class="lmw-button lmw-button--quiet lmi-small" onClick={() => apply(rewindTo(state, i))} disabled={generating !== null} aria-label={`Edit message ${i + 1} (${m.role}); the messages after it are dropped`}>
                  Edit
                </button>
              </li>
            ))}
          </ol>
          <div class="lmi-draft">
            <div class="lmw-controls">
              <label for={roleId}>Role of this message</label>
              <select id={roleId} value={state.draft.role} onChange={(e) => apply(setDraftRole(state, (e.currentTarget as HTMLSelectElement).value as Role))} disabled={generating !== null}>
                {ROLES.map((r) => (
                  <option value={r} key={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
            <label for={draftId}>Message ({state.draft.role})</label>
            <textarea
              id={draftId}
              value={state.draft.content}
              readOnly={generating !== null}
              spellcheck={false}
              onInput={(e) => {
                setActionError(null);
                setState(setDraftText(state, (e.currentTarget as HTMLTextAreaElement).value));
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  apply(endTurn(state));
                }
              }}
            />
            <div class="lmw-controls">
              <button type="button" class="lmw-button" onClick={() => apply(endTurn(state))} disabled={generating !== null}>
                End turn
              </button>
              <span class="lmw-hint">or Ctrl+Enter (⌘+Enter): the message is finished and the next role starts.</span>
              <button type="button" class="lmw-button lmw-button--quiet" onClick={() => apply(clearConversation(state))} disabled={generating !== null}>
                Start over
              </button>
            </div>
          </div>

          <h2 class="lmi-h">Build the reply</h2>
          <div class="lmw-controls">
            <button type="button" class="lmw-button" onClick={takeTop} disabled={!ready}>
              Take the top one
            </button>
            <button type="button" class="lmw-button" onClick={() => runGenerate(1, 'sample')} disabled={!ready}>
              Sample one
            </button>
            <button type="button" class="lmw-button" onClick={() => runGenerate(MAX_GENERATE, 'generate')} disabled={!ready}>
              Generate response
            </button>
            <button type="button" class="lmw-button lmw-button--quiet" onClick={() => abortRef.current?.abort()} disabled={generating === null}>
              Stop
            </button>
          </div>
          <div class="lmw-controls lmi-settings">
            <label>
              Temperature{' '}
              <input type="number" min={0} max={5} step={0.1} value={state.settings.temperature} onInput={(e) => {
                const v = Number((e.currentTarget as HTMLInputElement).value);
                if (Number.isFinite(v) && v >= 0 && v <= 5) setSettings({ temperature: v });
              }} />
            </label>
            <label>
              Top-k (0 = off){' '}
              <input type="number" min={0} step={1} value={state.settings.topK} onInput={(e) => {
                const v = Number((e.currentTarget as HTMLInputElement).value);
                if (Number.isInteger(v) && v >= 0) setSettings({ topK: v });
              }} />
            </label>
            <label>
              Top-p (1 = off){' '}
              <input type="number" min={0.01} max={1} step={0.05} value={state.settings.topP} onInput={(e) => {
                const v = Number((e.currentTarget as HTMLInputElement).value);
                if (Number.isFinite(v) && v > 0 && v <= 1) setSettings({ topP: v });
              }} />
            </label>
            <label>
              Seed{' '}
              <input type="number" min={0} step={1} value={state.settings.seed} onInput={(e) => {
                const v = Number((e.currentTarget as HTMLInputElement).value);
                if (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) setSettings({ seed: v });
              }} />
            </label>
          </div>
          <p class="lmw-hint">
            Generate writes up to {MAX_GENERATE} tokens with these settings and this seed (same seed, same text), and stops early when the model ends its turn.
          </p>
          <div role="status" aria-live="polite" class="lmi-live">
            {generating === 'generate' && <p>Generating… (Stop keeps what is written so far)</p>}
            {genInfo && <p data-testid="gen-info">{genInfo}</p>}
          </div>
          {actionError && <p class="lmw-error" role="alert">{actionError}</p>}
        </div>

        <div class="lmi-col lmi-col--wide">
          <h2 class="lmi-h">The document the model reads</h2>
          <p class="lmw-hint">
            Each box is one token; the number under it is its id. Outlined boxes are special tokens (role markers, end of turn). Shading: how surprised the model was by the token, in bits (−log₂ p). The model also sees a start token before the first box.
          </p>
          <Legend />
          {analysis.error && (
            <p class="lmw-error" role="alert">
              {analysis.error}{' '}
              <button type="button" class="lmw-button lmw-button--quiet lmi-small" onClick={analysis.retry}>
                Try again
              </button>
            </p>
          )}
          {truncated && (
            <p class="lmw-notice" role="status">
              The document is longer than the model’s context window ({truncated.contextLength} tokens): the first {truncated.droppedTokens} tokens are not shown or scored.
            </p>
          )}
          {live?.toolsIgnored && <p class="lmw-notice">This model’s chat template ignores tool definitions: they are not part of the document it reads.</p>}
          {live?.callsIgnored && <p class="lmw-notice">This model’s chat template ignores tool calls: the calls are not part of the document it reads.</p>}
          {tokens.length > 0 ? (
            <TokenStrip tokens={tokens} draftFrom={draftFrom} selection={sel} onSelect={setSelection} />
          ) : (
            <p class="lmw-hint">{analysis.busy ? 'Rendering the conversation with the model’s chat template…' : 'The document appears here once the model is loaded.'}</p>
          )}
          <div class="lmi-span" role="status" aria-live="polite" data-testid="span-stats">
            {stats ? (
              <p data-tokens={stats.tokens} data-total-bits={stats.totalBits}>
                Selected: <strong>{stats.tokens}</strong> {stats.tokens === 1 ? 'token' : 'tokens'}, <strong>{stats.totalBits.toFixed(2)}</strong> bits in total,{' '}
                <strong>{stats.bitsPerToken.toFixed(2)}</strong> bits per token, perplexity <strong>{stats.perplexity.toFixed(2)}</strong>.
              </p>
            ) : (
              <p class="lmw-hint">Click a token (or use the arrow keys) to see what the model expected after it; drag or Shift+arrows to select a span.</p>
            )}
          </div>

          <h2 class="lmi-h">
            {atEnd || !sel ? 'What comes next (end of the document)' : `After token ${focus + 1} “${visibleToken(tokens[focus]?.text || tokens[focus]?.token || '')}”`}
          </h2>
          {rows.length > 0 ? (
            <TableScroll label="Next-token distribution">
              <table class="lmi-dist" aria-label="Next-token distribution">
                <thead>
                  <tr>
                    <th scope="col">Token</th>
                    <th scope="col" class="lmw-num">p</th>
                    <th scope="col" class="lmw-num">−log₂ p (bits)</th>
                    <th scope="col">Continue with it</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={i} data-id={r.id ?? ''} data-p={r.p} data-actual={r.actual ? 'true' : 'false'} data-rest={r.rest ? 'true' : 'false'} class={r.actual ? 'lmi-actual' : ''}>
                      <td>
                        <span class="lmw-token">{r.rest ? 'everything else' : SPECIAL_LIKE.test(r.token) ? r.token : visibleToken(r.text)}</span>
                        {r.actual && <span class="lmi-badge"> came next</span>}
                      </td>
                      <td class="lmw-num">{fmtP(r.p)}</td>
                      <td class="lmw-num">{fmtBits(r.bits)}</td>
                      <td>
                        {!r.rest && (
                          <button
                            type="button"
                            class="lmw-button lmw-button--quiet lmi-small"
                            disabled={!ready}
                            onClick={() => continueWith(r, focus)}
                            aria-label={`Continue with ${SPECIAL_LIKE.test(r.token) ? r.token : visibleToken(r.text)}${atEnd ? '' : ' (the rest after it is dropped)'}`}
                          >
                            Use
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : (
            <p class="lmw-hint">The distribution appears once the model has read the document.</p>
          )}
        </div>
      </div>

      <details class="lmi-panel">
        <summary>Tools</summary>
        <p class="lmw-hint">
          Tool definitions as a JSON list of functions with JSON-Schema parameters. The chat template decides where they go in the document (the embedded model puts them in a system turn). A tool call ends the assistant’s turn; the next message is the tool’s result (role “tool”).
        </p>
        <label for={`${id}-tools`}>Tool definitions (JSON)</label>
        <textarea id={`${id}-tools`} value={toolsText} spellcheck={false} placeholder='[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]' onInput={(e) => setToolsText((e.currentTarget as HTMLTextAreaElement).value)} />
        <div class="lmw-controls">
          <button
            type="button"
            class="lmw-button"
            onClick={() => {
              const r = parseTools(toolsText);
              if (!r.ok) setToolsError(r.error);
              else {
                setToolsError(null);
                apply({ ...state, tools: r.value });
              }
            }}
          >
            Apply tools
          </button>
          <span role="status" class="lmw-hint">{state.tools.length} {state.tools.length === 1 ? 'tool' : 'tools'} defined.</span>
        </div>
        {toolsError && <p class="lmw-error" role="alert">{toolsError}</p>}
        <div class="lmw-controls">
          <label>
            Tool name <input type="text" value={callName} onInput={(e) => setCallName((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label>
            Arguments (JSON) <input type="text" value={callArgs} onInput={(e) => setCallArgs((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button
            type="button"
            class="lmw-button"
            disabled={generating !== null}
            onClick={() => {
              const r = parseToolCall(callName, callArgs, state.tools);
              if (!r.ok) setCallError(r.error);
              else {
                setCallError(null);
                apply(addToolCall(state, r.value));
              }
            }}
          >
            Add tool call
          </button>
        </div>
        {callError && <p class="lmw-error" role="alert">{callError}</p>}
      </details>

      <details class="lmi-panel">
        <summary>Conversation as JSON: view, copy, import, export, share</summary>
        <label for={`${id}-json`}>This conversation as JSON</label>
        <textarea id={`${id}-json`} class="lmi-json" value={json} readOnly spellcheck={false} />
        <div class="lmw-controls">
          <button type="button" class="lmw-button lmw-button--quiet" onClick={() => void copy(json, 'JSON')}>
            Copy JSON
          </button>
          <button type="button" class="lmw-button lmw-button--quiet" onClick={download}>
            Export (download)
          </button>
          <button type="button" class="lmw-button lmw-button--quiet" onClick={() => void copy(shareUrl, 'Link')}>
            Copy share link
          </button>
        </div>
        <p role="status" class="lmw-hint">{copyMsg ?? 'The page address always holds the whole conversation after “#”, so it is a share link too.'}</p>
        <label for={`${id}-import`}>Import a conversation (paste JSON)</label>
        <textarea id={`${id}-import`} value={importText} spellcheck={false} onInput={(e) => setImportText((e.currentTarget as HTMLTextAreaElement).value)} />
        <div class="lmw-controls">
          <button
            type="button"
            class="lmw-button"
            disabled={generating !== null}
            onClick={() => {
              const r = parseState(importText);
              if (!r.ok) setImportMsg({ ok: false, text: `Not imported: ${r.error} Your current conversation is unchanged.` });
              else {
                apply(r.value);
                setToolsText(r.value.tools.length ? JSON.stringify(r.value.tools, null, 2) : '');
                setImportMsg({ ok: true, text: `Imported ${r.value.messages.length} messages.` });
              }
            }}
          >
            Import
          </button>
        </div>
        {importMsg && (
          <p class={importMsg.ok ? 'lmw-hint' : 'lmw-error'} role={importMsg.ok ? 'status' : 'alert'} data-testid="import-message">
            {importMsg.text}
          </p>
        )}
      </details>
    </section>
  );
}

/** The colour key of the shading. */
function Legend() {
  return (
    <p class="lmi-legend">
      <span>Surprise:</span>
      {legendStops().map((b) => (
        <span key={b} class="lmi-legend__chip" style={{ background: bitsColour(b), color: bitsTextColour(b) }}>
          {b} bits
        </span>
      ))}
      <span class="lmi-tok lmi-tok--special lmi-legend__special">special token</span>
    </p>
  );
}

