/**
 * A plain-text table that is also valid Markdown: `| a | b |` rows with the cells padded so the
 * columns line up in a terminal, and a `| --- |` rule under the header (`---:` for
 * right-aligned columns). Used to print benchmark results that can be pasted into a README.
 */

/** How a column's cells are aligned. */
export type Align = 'left' | 'right';

/** Display width of a string, counting code points (so `×`, `≤` and `–` count as one). */
export function displayWidth(s: string): number {
  return [...s].length;
}

/** Pads `s` with spaces to `width` display columns, on the right (left-aligned) or the left. */
function pad(s: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'right' ? fill + s : s + fill;
}

/**
 * The table as lines joined by `\n`. Rows shorter than the header get empty cells; `|` inside a
 * cell is escaped as `\|`. `align[i]` defaults to left.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const cols = header.length;
  const clean = (s: string | undefined): string => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const body = rows.map((r) => Array.from({ length: cols }, (_, i) => clean(r[i])));
  const head = header.map((h) => clean(h));
  const widths = head.map((h, i) => Math.max(3, displayWidth(h), ...body.map((r) => displayWidth(r[i] as string))));
  const alignOf = (i: number): Align => align[i] ?? 'left';
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => pad(c, widths[i] as number, alignOf(i))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (alignOf(i) === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...body.map(line)].join('\n');
}
