/**
 * Small display helpers shared by the model islands: byte counts, token text with visible
 * whitespace, backend names.
 */
import type { Backend, FileOrigin } from '../../lib/lm/protocol';

/** "3.8 MB", "512 kB", "120 B" (decimal units, like download dialogs). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

/** A token's text with spaces, tabs and newlines made visible (␣, ⇥, ⏎). */
export function visibleToken(text: string): string {
  if (text === '') return '∅';
  return text.replaceAll(' ', '␣').replaceAll('\t', '⇥').replaceAll('\n', '⏎');
}

/** Human name of a backend. */
export function backendName(b: Backend | null): string {
  if (b === 'webgpu') return 'WebGPU';
  if (b === 'wasm') return 'WebAssembly';
  if (b === 'cpu') return 'CPU (Node)';
  if (b === 'server') return 'the class server';
  return 'not chosen yet';
}

/** Where the files came from, in words. */
export function originText(o: FileOrigin | null): string {
  switch (o) {
    case 'site':
      return 'served by this site';
    case 'browser-cache':
      return 'from your browser’s cache (no download)';
    case 'network':
      return 'downloaded from the Hugging Face Hub';
    case 'disk':
      return 'read from disk';
    case 'server':
      return 'nothing to download (the model runs on the server)';
    default:
      return 'not loaded yet';
  }
}
