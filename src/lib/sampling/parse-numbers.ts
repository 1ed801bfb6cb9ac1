/**
 * Reading a list of numbers typed by a reader ("2, 1, 0"), with a plain-words message for
 * anything that is not a list of finite numbers. Used by the softmax explorer.
 */

/** Result of parsing: the numbers, or a message saying what is wrong. */
export type ParsedNumbers = { ok: true; values: number[] } | { ok: false; message: string };

/** Parses comma- (or semicolon-) separated numbers; spaces are ignored; `−` counts as minus. */
export function parseNumberList(raw: string, what = 'logit'): ParsedNumbers {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, message: `Type at least one ${what}, e.g. 2, 1, 0.` };
  const parts = trimmed.split(/[,;]/).map((s) => s.trim().replace(/^\u2212/, '-'));
  const values: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '') return { ok: false, message: `${what[0]!.toUpperCase()}${what.slice(1)} ${i + 1} is empty: remove the extra comma or type a number.` };
    const n = Number(part);
    if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(part)) {
      return { ok: false, message: `“${part.length > 20 ? `${part.slice(0, 20)}…` : part}” is not a number (${what} ${i + 1}). Use digits like 2, -0.5 or 1e3.` };
    }
    values.push(n);
  }
  return { ok: true, values };
}

/** Splits comma-separated labels; missing ones become "token 1", "token 2", …. */
export function parseLabels(raw: string, count: number): string[] {
  const given = raw.split(',').map((s) => s.trim());
  return Array.from({ length: count }, (_, i) => (given[i] ? given[i]! : `token ${i + 1}`));
}
