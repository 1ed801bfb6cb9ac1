/**
 * The JSON panel of LM internals: the conversation as JSON (view, copy, download), a share link,
 * and importing a pasted conversation (checked first; a bad one leaves the current one as it is).
 */
import { useState } from 'preact/hooks';
import type { InternalsState } from '../../lib/internals/conversation';
import { encodeShareHash } from '../../lib/internals/share';
import { parseState, stateToJson } from '../../lib/internals/validate';

/** Props of the JSON panel. */
export interface JsonPanelProps {
  /** Prefix of element ids. */
  id: string;
  /** The conversation. */
  state: InternalsState;
  /** Whether a reply is being generated (importing is off). */
  generating: boolean;
  /** Replaces the conversation with an imported one. */
  onImport: (s: InternalsState) => void;
}

/** The JSON panel. */
export function JsonPanel({ id, state, generating, onImport }: JsonPanelProps) {
  const [importText, setImportText] = useState('');
  const [importMsg, setImportMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [copyMsg, setCopyMsg] = useState<string | null>(null);
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
  return (
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
          disabled={generating}
          onClick={() => {
            const r = parseState(importText);
            if (!r.ok) setImportMsg({ ok: false, text: `Not imported: ${r.error} Your current conversation is unchanged.` });
            else {
              onImport(r.value);
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
  );
}
