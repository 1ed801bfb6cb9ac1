/**
 * The document as a row of tokens: each token shaded by its surprise (bits), special tokens
 * (role markers) outlined and labelled, each with its id. Keyboard: arrows move, Shift+arrows
 * select a span, Home/End jump; mouse: click selects one token, drag selects a span.
 */
import { useEffect, useRef } from 'preact/hooks';
import { bitsColour, bitsTextColour } from '../../lib/metrics/bits-colour';
import { bitsFromLogProb } from '../../lib/metrics/surprise';
import { moveForKey, moveSelection, selectionRange, type TokenSelection } from '../../lib/selection/token-selection';
import { formatBits } from '../../lib/format/numbers';
import { visibleToken } from '../model/format';
import type { StaticToken } from './static-doc';

/** Props of the strip. */
export interface TokenStripProps {
  /** Tokens to show. */
  tokens: readonly StaticToken[];
  /** Index of the first token of the reply being written (marked), or -1. */
  draftFrom: number;
  /** The selection, or null. */
  selection: TokenSelection | null;
  /** Called with the new selection. */
  onSelect: (sel: TokenSelection) => void;
}

/** The interactive strip. */
export function TokenStrip({ tokens, draftFrom, selection, onSelect }: TokenStripProps) {
  const dragging = useRef<number | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const range = selection ? selectionRange(selection) : null;
  const focusIdx = selection ? selection.focus : Math.max(0, tokens.length - 1);
  useEffect(() => {
    const up = (): void => {
      dragging.current = null;
    };
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);
  const focusToken = (i: number): void => {
    box.current?.querySelector<HTMLButtonElement>(`button[data-index="${i}"]`)?.focus();
  };
  const onKey = (e: KeyboardEvent, i: number): void => {
    const move = moveForKey(e.key);
    if (!move) return;
    e.preventDefault();
    const next = moveSelection({ anchor: selection?.anchor ?? i, focus: i }, move, e.shiftKey, tokens.length);
    if (!next) return;
    onSelect(next);
    focusToken(next.focus);
  };
  return (
    <div class="lmi-strip" ref={box} role="group" aria-label="The document as tokens (arrow keys move, Shift+arrows select a span)">
      {tokens.map((t, i) => {
        const bits = bitsFromLogProb(t.logprob);
        const selected = range !== null && i >= range.start && i < range.end;
        return (
          <button
            type="button"
            key={i}
            class={`lmi-tok${t.special ? ' lmi-tok--special' : ''}${selected ? ' lmi-tok--selected' : ''}${i === draftFrom ? ' lmi-tok--reply-start' : ''}`}
            style={{ background: bitsColour(bits), color: bitsTextColour(bits) }}
            tabIndex={i === focusIdx ? 0 : -1}
            aria-pressed={selected}
            aria-label={`${t.special ? 'special token ' : ''}${visibleToken(t.text || t.token)}, id ${t.id}, ${formatBits(bits, 2)} bits`}
            data-index={i}
            data-id={t.id}
            data-logprob={t.logprob}
            data-special={t.special ? 'true' : 'false'}
            title={`id ${t.id} · ${formatBits(bits, 2)} bits`}
            onMouseDown={(e) => {
              if (e.button !== 0) return;
              dragging.current = i;
              onSelect(e.shiftKey && selection ? { anchor: selection.anchor, focus: i } : { anchor: i, focus: i });
            }}
            onMouseEnter={() => {
              if (dragging.current !== null) onSelect({ anchor: dragging.current, focus: i });
            }}
            onClick={(e) => {
              // Keyboard activation (Enter/Space) arrives as a click with detail 0.
              if (e.detail === 0) onSelect({ anchor: i, focus: i });
            }}
            onKeyDown={(e) => onKey(e, i)}
          >
            <span class="lmi-tok__text">{t.special ? t.token : visibleToken(t.text)}</span>
            <span class="lmi-tok__id" aria-hidden="true">{t.id}</span>
          </button>
        );
      })}
    </div>
  );
}
