/**
 * The Tools panel of LM internals: tool definitions as JSON (checked before they are applied)
 * and adding a tool call to the conversation (the tool must be defined, the arguments valid).
 */
import { useState } from 'preact/hooks';
import type { InternalsState, ToolCall } from '../../lib/internals/conversation';
import { parseToolCall, parseTools } from '../../lib/internals/validate';

/** Props of the tools panel. */
export interface ToolsPanelProps {
  /** Prefix of element ids. */
  id: string;
  /** The tools as defined now. */
  tools: InternalsState['tools'];
  /** The text of the definitions box (kept by the tool: a restore or an import replaces it). */
  toolsText: string;
  /** Changes the definitions box. */
  onToolsText: (text: string) => void;
  /** Whether a reply is being generated (adding a call is off). */
  generating: boolean;
  /** Applies valid tool definitions. */
  onApplyTools: (tools: InternalsState['tools']) => void;
  /** Adds a valid tool call. */
  onAddCall: (call: ToolCall) => void;
}

/** The tools panel. */
export function ToolsPanel({ id, tools, toolsText, onToolsText, generating, onApplyTools, onAddCall }: ToolsPanelProps) {
  const [toolsError, setToolsError] = useState<string | null>(null);
  const [callName, setCallName] = useState('');
  const [callArgs, setCallArgs] = useState('{}');
  const [callError, setCallError] = useState<string | null>(null);
  return (
    <details class="lmi-panel">
      <summary>Tools</summary>
      <p class="lmw-hint">
        Tool definitions as a JSON list of functions with JSON-Schema parameters. The chat template decides where they go in the document (the embedded model puts them in a system turn). A tool call ends the assistant’s turn; the next message is the tool’s result (role “tool”).
      </p>
      <label for={`${id}-tools`}>Tool definitions (JSON)</label>
      <textarea id={`${id}-tools`} value={toolsText} spellcheck={false} placeholder='[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]' onInput={(e) => onToolsText((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="lmw-controls">
        <button
          type="button"
          class="lmw-button"
          onClick={() => {
            const r = parseTools(toolsText);
            if (!r.ok) setToolsError(r.error);
            else {
              setToolsError(null);
              onApplyTools(r.value);
            }
          }}
        >
          Apply tools
        </button>
        <span role="status" class="lmw-hint">{tools.length} {tools.length === 1 ? 'tool' : 'tools'} defined.</span>
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
          disabled={generating}
          onClick={() => {
            const r = parseToolCall(callName, callArgs, tools);
            if (!r.ok) setCallError(r.error);
            else {
              setCallError(null);
              onAddCall(r.value);
            }
          }}
        >
          Add tool call
        </button>
      </div>
      {callError && <p class="lmw-error" role="alert">{callError}</p>}
    </details>
  );
}
