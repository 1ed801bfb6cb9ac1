/**
 * The conversation column of LM internals: the finished messages (each can be reopened for
 * editing, dropping the ones after it) and the message being written, with its role, End turn
 * (or Ctrl/⌘+Enter) and Start over.
 */
import { ROLES, clearConversation, endTurn, rewindTo, setDraftRole, setDraftText } from '../../lib/internals/conversation';
import type { InternalsState, Role } from '../../lib/internals/conversation';

/** Props of the conversation editor. */
export interface ConversationEditorProps {
  /** Prefix of element ids. */
  id: string;
  /** The conversation. */
  state: InternalsState;
  /** Whether a reply is being generated (editing is off). */
  generating: boolean;
  /** Replaces the conversation and clears the selection and the action error. */
  apply: (next: InternalsState) => void;
  /** Replaces the draft's text as the reader types (clears the action error). */
  onDraftText: (next: InternalsState) => void;
}

/** The conversation editor. */
export function ConversationEditor({ id, state, generating, apply, onDraftText }: ConversationEditorProps) {
  const roleId = `${id}-role`;
  const draftId = `${id}-draft`;
  return (
    <>
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
            <button type="button" class="lmw-button lmw-button--quiet lmi-small" onClick={() => apply(rewindTo(state, i))} disabled={generating} aria-label={`Edit message ${i + 1} (${m.role}); the messages after it are dropped`}>
              Edit
            </button>
          </li>
        ))}
      </ol>
      <div class="lmi-draft">
        <div class="lmw-controls">
          <label for={roleId}>Role of this message</label>
          <select id={roleId} value={state.draft.role} onChange={(e) => apply(setDraftRole(state, (e.currentTarget as HTMLSelectElement).value as Role))} disabled={generating}>
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
          readOnly={generating}
          spellcheck={false}
          onInput={(e) => onDraftText(setDraftText(state, (e.currentTarget as HTMLTextAreaElement).value))}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              apply(endTurn(state));
            }
          }}
        />
        <div class="lmw-controls">
          <button type="button" class="lmw-button" onClick={() => apply(endTurn(state))} disabled={generating}>
            End turn
          </button>
          <span class="lmw-hint">or Ctrl+Enter (⌘+Enter): the message is finished and the next role starts.</span>
          <button type="button" class="lmw-button lmw-button--quiet" onClick={() => apply(clearConversation(state))} disabled={generating}>
            Start over
          </button>
        </div>
      </div>
    </>
  );
}
