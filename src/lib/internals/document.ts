/**
 * The conversation as the single document the model continues. The finished messages and the
 * draft go through the model's own chat template; the draft's text is replaced by a marker so
 * the template's text around it (role markers) is kept while the draft stays open (no end-of-turn
 * after it). Also maps a place in the document back to the message it belongs to.
 */
import type { ChatMessage } from '../lm/protocol';
import { nextRole, toChatMessage } from './conversation';
import type { InternalsState, Message } from './conversation';

/** A string no reader types; it stands for the draft's text while the template runs. */
export const DRAFT_MARKER = '\u2063DRAFT\u2063';

/** The messages to render: the finished ones and the draft with the marker as its text. */
export function templateInput(state: Pick<InternalsState, 'messages' | 'draft'>): ChatMessage[] {
  return [...state.messages.map(toChatMessage), { role: state.draft.role, content: DRAFT_MARKER }];
}

/** Where each part of the conversation sits in the document text (UTF-16 offsets). */
export interface DocumentLayout {
  /** The document the model sees: template text up to the draft, then the draft's text. */
  text: string;
  /** Where the draft's text starts (everything from here on is the draft). */
  draftStart: number;
  /** For each finished message, where its text lies, or null when the template hid it. */
  messages: ({ start: number; end: number } | null)[];
}

/**
 * Builds the document from the template's output for `templateInput(state)`. Throws when the
 * template dropped the draft (then it cannot be shown as an open turn).
 */
export function layoutDocument(rendered: string, messages: readonly Message[], draftText: string): DocumentLayout {
  const at = rendered.indexOf(DRAFT_MARKER);
  if (at < 0) throw new Error('The chat template dropped the message being written, so it cannot be shown as an open turn.');
  const prefix = rendered.slice(0, at);
  return { text: prefix + draftText, draftStart: prefix.length, messages: locateMessages(prefix, messages) };
}

/** Finds each message's text in order in the rendered text (templates may trim it). */
export function locateMessages(rendered: string, messages: readonly Message[]): ({ start: number; end: number } | null)[] {
  let cursor = 0;
  return messages.map((m) => {
    const needle = m.content.trim();
    if (needle === '') {
      return null;
    }
    const start = rendered.indexOf(needle, cursor);
    if (start < 0) return null;
    cursor = start + needle.length;
    return { start, end: cursor };
  });
}

/** What happens when the reader continues the document at a place with a chosen token. */
export type Continuation =
  | { kind: 'state'; state: InternalsState }
  | { kind: 'refused'; reason: string };

/**
 * Continues the document at character `offset` (the end of a token) with `tokenText`: the rest
 * after that place is dropped. Inside the draft the draft is cut and extended; inside an earlier
 * message the conversation rewinds to it. An end token (`isEnd`) ends the turn there instead.
 */
export function continueAt(
  state: InternalsState,
  layout: DocumentLayout,
  offset: number,
  tokenText: string,
  isEnd: boolean,
  special: boolean,
): Continuation {
  let base: InternalsState;
  let cut: number;
  if (offset >= layout.draftStart) {
    base = state;
    cut = offset - layout.draftStart;
  } else {
    const idx = layout.messages.findIndex((r) => r !== null && r.start <= offset && offset <= r.end);
    if (idx < 0) {
      return { kind: 'refused', reason: 'This place is inside the chat template’s own markup, not inside a message: pick a token inside a message or at the end.' };
    }
    const r = layout.messages[idx]!; // findIndex picked a non-null entry
    const m = state.messages[idx];
    if (!m) return { kind: 'refused', reason: 'The conversation changed while this was being picked: pick the token again.' };
    // Trimming by the template: the located text starts at the first non-space character.
    const lead = m.content.length - m.content.trimStart().length;
    base = { ...state, messages: state.messages.slice(0, idx), draft: { role: m.role, content: m.content } };
    cut = lead + (offset - r.start);
  }
  const kept = base.draft.content.slice(0, cut);
  if (isEnd) {
    return {
      kind: 'state',
      state: {
        ...base,
        messages: [...base.messages, { role: base.draft.role, content: kept }],
        draft: { role: nextRole(base.draft.role), content: '' },
      },
    };
  }
  if (special) {
    return { kind: 'refused', reason: 'That is a special token (a role marker): it cannot be typed into a message as text.' };
  }
  return { kind: 'state', state: { ...base, draft: { ...base.draft, content: kept + tokenText } } };
}
