/**
 * The model's reading of the conversation: the document rendered through the loaded model's
 * chat template, every token scored, and the next-token distribution at its end. Re-run 300 ms
 * after the conversation or the model changes (not while a reply is being generated). Until the
 * model answers, the preset's build-time tokens stand in when the conversation is the preset.
 */
import type { ModelClient } from '../../lib/lm/client';
import type { NextResult, ScoreResult } from '../../lib/lm/protocol';
import type { InternalsState } from '../../lib/internals/conversation';
import { layoutDocument, templateInput, type DocumentLayout } from '../../lib/internals/document';
import { toolInfo } from '../../lib/internals/validate';
import { useLatest } from '../widgets/shared/use-hooks';
import { useModelRequest, type ModelRequestState } from '../widgets/shared/use-model-request';
import type { StaticDoc, StaticToken } from './static-doc';

/** What one scoring round gives. */
export interface Analysis {
  layout: DocumentLayout;
  score: ScoreResult;
  next: NextResult;
  modelId: string;
  toolsIgnored: boolean;
  callsIgnored: boolean;
  /** The conversation and model this analysis is for (stale when it differs from the current one). */
  key: string;
}

/** The analysis request and what the views need from it. */
export interface DocumentAnalysis {
  /** The request's state (busy, error, retry). */
  request: ModelRequestState<Analysis> & { retry: () => void };
  /** The latest answer, or null. */
  live: Analysis | null;
  /** The key of the current conversation and model. */
  analysisKey: string;
  /** The tokens to show: live, else the build-time ones for the preset, else none. */
  tokens: StaticToken[];
  /** Index of the first token of the unfinished message (−1: none or not known). */
  draftFrom: number;
}

/**
 * Analyses `state` with model `modelId` (enabled once restored and while not generating).
 * `beforeRestore`: the page has not restored its state yet (the build-time HTML), when the
 * build-time tokens stand for the preset even if another model (the figures model) computed them.
 */
export function useDocumentAnalysis(
  state: InternalsState,
  modelId: string,
  preset: InternalsState,
  initial: StaticDoc,
  id: string,
  enabled: boolean,
  beforeRestore = false,
): DocumentAnalysis {
  const docKey = JSON.stringify([state.messages, state.draft, state.tools]);
  const analysisKey = `${modelId}|${docKey}`;
  // The request re-runs when the document's content (docKey) or the model changes; it reads the
  // state of that moment through a ref, since `state` is a new object on every render.
  const latest = useLatest(state);
  const request = useModelRequest<Analysis>(
    async (client: ModelClient, key: string) => {
      const state = latest.current;
      const tools = state.tools.length > 0 ? state.tools : undefined;
      const rendered = await client.chatTemplate(templateInput(state), false, tools, { supersede: `${key}-template` });
      const layout = layoutDocument(rendered.text, state.messages, state.draft.content);
      const score = await client.score({ text: layout.text }, 10, { supersede: `${key}-score` });
      const next = await client.next({ text: layout.text }, 10, { supersede: `${key}-next` });
      const toolsIgnored = state.tools.some((t) => !rendered.text.includes(toolInfo(t).name));
      const callsIgnored = state.messages.some((m) => (m.toolCalls ?? []).some((c) => !rendered.text.includes(c.name)));
      return { layout, score, next, modelId: client.currentChoice.id, toolsIgnored, callsIgnored, key: analysisKey };
    },
    [analysisKey, latest],
    { key: `${id}-doc`, debounceMs: 300, enabled },
  );
  const live = request.value;
  const sameAsPreset = docKey === JSON.stringify([preset.messages, preset.draft, preset.tools]) && (modelId === initial.modelId || beforeRestore);
  const tokens: StaticToken[] = live ? live.score.tokens : sameAsPreset ? initial.tokens : [];
  const draftStart = live ? live.layout.draftStart : -1;
  const draftFrom = live ? live.score.tokens.findIndex((t) => t.start >= draftStart) : -1;
  return { request, live, analysisKey, tokens, draftFrom };
}
