/**
 * LM internals: a chat shown as the document the model continues, in the reader's browser.
 * Edit a conversation (system, user, assistant, tool turns; tool definitions and calls); see it
 * rendered through the loaded model's own chat template as tokens shaded by surprise; click a
 * token for the next-token distribution after it and continue from any row; build a reply token
 * by token or generate one (seeded, stoppable); select spans for bits and perplexity; import,
 * export, keep and share the conversation. The model loads as soon as the tool is on screen.
 *
 * This file holds the conversation and wires the parts: persistence (use-persistence.ts), the
 * model's reading of the document (use-document-analysis.ts), generation (use-generation.ts),
 * the conversation editor, the reply controls and settings, the document view, the distribution
 * table, the tools panel and the JSON panel (one component each).
 */
import { useMemo, useState } from 'preact/hooks';
import { getModelClient } from '../../lib/lm/client';
import { MODELS } from '../../lib/lm/registry';
import { addToolCall } from '../../lib/internals/conversation';
import type { InternalsState, SamplerSettings } from '../../lib/internals/conversation';
import { continueAt } from '../../lib/internals/document';
import { distributionRows } from '../../lib/internals/distribution';
import type { DistributionRow } from '../../lib/internals/distribution';
import { clampSelection, type TokenSelection } from '../../lib/selection/token-selection';
import { ModelProgressLine, useModelStatus } from '../widgets/shared/ModelProgressLine';
import { visibleToken } from '../model/format';
import type { StaticDoc } from './static-doc';
import { ConversationEditor } from './ConversationEditor';
import { DistributionTable } from './DistributionTable';
import { DocumentView } from './DocumentView';
import { SPECIAL_LIKE, toolsJson } from './internals-format';
import { isEndToken } from '../../lib/lm/end-tokens';
import { JsonPanel } from './JsonPanel';
import { ReplyControls } from './ReplyControls';
import { ToolsPanel } from './ToolsPanel';
import { builtWithName } from '../../lib/static/figures-model';
import { useDocumentAnalysis } from './use-document-analysis';
import { useGeneration } from './use-generation';
import { usePersistence } from './use-persistence';
import '../widgets/shared/widgets.css';
import './internals.css';

/** Props of the tool. */
export interface LmInternalsProps {
  /** The conversation shown before the reader's own (saved or shared) one is restored. */
  preset: InternalsState;
  /** The preset's document computed at build time (shown until the model answers). */
  initial: StaticDoc;
  /** Prefix of element ids and of the request keys. */
  id?: string;
}

/** The tool (use with `client:load` or `client:visible`). */
export default function LmInternals({ preset, initial, id = 'lm-internals' }: LmInternalsProps) {
  const [state, setState] = useState<InternalsState>(preset);
  const [selection, setSelection] = useState<TokenSelection | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [toolsText, setToolsText] = useState(() => toolsJson(preset.tools));
  const status = useModelStatus();
  const modelId = status.modelId;

  /** Replaces the whole conversation (restore, import): the tools box follows. */
  const load = (s: InternalsState): void => {
    setState(s);
    setToolsText(toolsJson(s.tools));
  };
  const { restored, notice } = usePersistence(state, load);
  const gen = useGeneration({ id, setState, clearSelection: () => setSelection(null), setActionError });
  const generating = gen.generating;
  const { request: analysis, live, analysisKey, tokens, draftFrom } = useDocumentAnalysis(state, modelId, preset, initial, id, restored && generating === null, !restored);
  const sel = clampSelection(selection, tokens.length);

  // The distribution after the focused token (default: after the last token).
  const focus = sel ? sel.focus : tokens.length - 1;
  const rows: DistributionRow[] = useMemo(() => {
    if (!live || focus < 0) return [];
    const st = live.score.tokens;
    const nextTok = st[focus + 1];
    if (nextTok) return distributionRows(nextTok.top, { id: nextTok.id, token: nextTok.token, text: nextTok.text, logp: nextTok.logprob });
    return distributionRows(live.next.top, null);
  }, [live, focus]);
  const atEnd = live !== null && focus === live.score.tokens.length - 1;

  const apply = (next: InternalsState): void => {
    setActionError(null);
    setState(next);
    setSelection(null);
  };

  const continueWith = (row: DistributionRow, at: number): void => {
    if (!live || row.id === null) return;
    const tok = live.score.tokens[at];
    const offset = tok ? tok.end : live.layout.text.length;
    const r = continueAt(state, live.layout, offset, row.text, isEndToken(row.token, row.id, status.info?.eosIds ?? []), SPECIAL_LIKE.test(row.token));
    if (r.kind === 'refused') setActionError(r.reason);
    else apply(r.state);
  };

  const takeTop = (): void => {
    if (!live) return;
    const top = distributionRows(live.next.top, null)[0];
    if (top) continueWith(top, live.score.tokens.length - 1);
  };

  const setSettings = (patch: Partial<SamplerSettings>): void => setState((s) => ({ ...s, settings: { ...s.settings, ...patch } }));

  const busy = analysis.busy || generating !== null;
  const ready = live !== null && live.key === analysisKey && !analysis.busy && generating === null;
  const modelSelId = `${id}-model`;
  const heading = atEnd || !sel ? 'What comes next (end of the document)' : `After token ${focus + 1} “${visibleToken(tokens[focus]?.text || tokens[focus]?.token || '')}”`;

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
        <select id={modelSelId} value={modelId} onChange={(e) => getModelClient().setModel((e.currentTarget as HTMLSelectElement).value)} disabled={generating !== null}>
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
          A static figure computed when the site was built, by {builtWithName(initial.modelId)}, for the question below. With JavaScript on, this tool runs the model in your browser and everything here becomes editable.
        </p>
      )}
      {notice && <p class="lmw-notice" role="status">{notice}</p>}

      <div class="lmi-layout">
        <div class="lmi-col">
          <ConversationEditor
            id={id}
            state={state}
            generating={generating !== null}
            apply={apply}
            onDraftText={(next) => {
              setActionError(null);
              setState(next);
            }}
          />
          <ReplyControls
            settings={state.settings}
            onSettings={setSettings}
            ready={ready}
            generating={generating}
            genInfo={gen.genInfo}
            actionError={actionError}
            onTakeTop={takeTop}
            onGenerate={(maxTokens, mode) => {
              if (live) gen.run(state, live.layout.text, maxTokens, mode);
            }}
            onStop={gen.stop}
          />
        </div>

        <div class="lmi-col lmi-col--wide">
          <DocumentView tokens={tokens} draftFrom={draftFrom} selection={sel} onSelect={setSelection} live={live} busy={analysis.busy} error={analysis.error} retry={analysis.retry} />
          <DistributionTable rows={rows} heading={heading} atEnd={atEnd} ready={ready} onUse={(r) => continueWith(r, focus)} />
        </div>
      </div>

      <ToolsPanel
        id={id}
        tools={state.tools}
        toolsText={toolsText}
        onToolsText={setToolsText}
        generating={generating !== null}
        onApplyTools={(tools) => apply({ ...state, tools })}
        onAddCall={(call) => apply(addToolCall(state, call))}
      />
      <JsonPanel
        id={id}
        state={state}
        generating={generating !== null}
        onImport={(s) => {
          apply(s);
          setToolsText(toolsJson(s.tools));
        }}
      />
    </section>
  );
}
