/**
 * The conversation a reader builds in the LM internals tool: finished messages, the message
 * being written now (the draft), tool definitions and sampling settings. Pure functions that
 * return new values (nothing is changed in place), so the UI can keep every state.
 */
import type { ChatMessage, ToolSpec } from '../lm/protocol';

/** Who speaks in a message. */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** Every role, in the order the editor offers them. */
export const ROLES: readonly Role[] = ['system', 'user', 'assistant', 'tool'];

/** A call of a tool made by the assistant. */
export interface ToolCall {
  /** The tool's name. */
  name: string;
  /** Its arguments (a JSON object). */
  arguments: Record<string, unknown>;
}

/** One message of the conversation. */
export interface Message {
  /** Who speaks. */
  role: Role;
  /** What they say. */
  content: string;
  /** Tool calls made by the assistant in this message (absent or empty for most messages). */
  toolCalls?: ToolCall[];
}

/** Sampling settings and seed used by "sample one" and "Generate response". */
export interface SamplerSettings {
  /** Temperature T ≥ 0 (0 = always the most likely token). */
  temperature: number;
  /** Keep only the k most likely tokens (0 = off). */
  topK: number;
  /** Keep the smallest top set with total probability ≥ p (1 = off). */
  topP: number;
  /** Seed of the random draws (same seed, same text). */
  seed: number;
}

/** Everything the tool keeps: the state that is saved, exported and shared. */
export interface InternalsState {
  /** Finished messages, in order. */
  messages: Message[];
  /** The message being written now (not ended yet). */
  draft: Message;
  /** Tool definitions given to the chat template (JSON-schema function descriptions). */
  tools: ToolSpec[];
  /** Sampling settings. */
  settings: SamplerSettings;
}

/** The default settings: plain sampling from the model, seed 42. */
export const DEFAULT_SETTINGS: SamplerSettings = { temperature: 1, topK: 0, topP: 1, seed: 42 };

/** A conversation with one user question and an opened assistant turn. */
export function presetState(question = 'What is the capital of France?'): InternalsState {
  return {
    messages: [{ role: 'user', content: question }],
    draft: { role: 'assistant', content: '' },
    tools: [],
    settings: { ...DEFAULT_SETTINGS },
  };
}

/** The role that usually speaks after `role` (user → assistant → user; system → user; tool → assistant). */
export function nextRole(role: Role): Role {
  if (role === 'user' || role === 'tool') return 'assistant';
  return 'user';
}

/** Ends the draft's turn: it becomes a finished message and a new empty draft starts with the next role. */
export function endTurn(state: InternalsState): InternalsState {
  const done: Message = { role: state.draft.role, content: state.draft.content };
  return { ...state, messages: [...state.messages, done], draft: { role: nextRole(done.role), content: '' } };
}

/** Changes the draft's text. */
export function setDraftText(state: InternalsState, content: string): InternalsState {
  return { ...state, draft: { ...state.draft, content } };
}

/** Changes who speaks in the draft. */
export function setDraftRole(state: InternalsState, role: Role): InternalsState {
  return { ...state, draft: { ...state.draft, role } };
}

/**
 * Edits finished message `index`: the conversation rewinds to it. Everything after it is
 * dropped and the edited message becomes the draft again, so the reader continues from there.
 */
export function rewindTo(state: InternalsState, index: number, content?: string): InternalsState {
  const m = state.messages[index];
  if (!m) throw new RangeError(`There is no message ${index}.`);
  return {
    ...state,
    messages: state.messages.slice(0, index),
    draft: { role: m.role, content: content ?? m.content, ...(m.toolCalls && m.toolCalls.length > 0 ? { toolCalls: m.toolCalls } : {}) },
  };
}

/**
 * Adds a tool call: the draft becomes a finished assistant message carrying the call (its
 * text, if any, is kept), and the next draft is the tool's result (role `tool`).
 */
export function addToolCall(state: InternalsState, call: ToolCall): InternalsState {
  const prev = state.draft.toolCalls ?? [];
  const msg: Message = { role: 'assistant', content: state.draft.content, toolCalls: [...prev, call] };
  return { ...state, messages: [...state.messages, msg], draft: { role: 'tool', content: '' } };
}

/** Starts over with an empty conversation (tools and settings kept). */
export function clearConversation(state: InternalsState): InternalsState {
  return { ...state, messages: [], draft: { role: 'user', content: '' } };
}

/** A message in the shape chat templates expect (tool calls as `{type: 'function', function}`). */
export function toChatMessage(m: Message): ChatMessage {
  const out: ChatMessage = { role: m.role, content: m.content };
  if (m.toolCalls && m.toolCalls.length > 0) {
    out.tool_calls = m.toolCalls.map((c) => ({ type: 'function', function: { name: c.name, arguments: c.arguments } }));
  }
  return out;
}
