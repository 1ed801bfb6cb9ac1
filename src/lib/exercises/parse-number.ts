/**
 * Reading a number a student typed: "4", "4.0", "2,83", "1/8", "3e-2", "6 bits", "25%".
 * Forgiving about spaces, a decimal comma, the Unicode minus sign and a trailing unit, strict
 * about everything else, so a typo is reported instead of silently misread.
 */

/** Turns a student's typed number into a JS number, or null when it is not a number. */
export function parseNumberAnswer(input: string, unit?: string): number | null {
  let s = input.normalize('NFKC').trim().replace(/\u2212/g, '-').replace(/\s+/g, ' ');
  if (unit) {
    const u = unit.trim().toLowerCase();
    const lower = s.toLowerCase();
    // Accept the unit with or without a plural s ("bit"/"bits") after the number.
    for (const form of [u, u.endsWith('s') ? u.slice(0, -1) : `${u}s`]) {
      if (form && lower.endsWith(form)) {
        s = s.slice(0, s.length - form.length).trim();
        break;
      }
    }
  }
  let scale = 1;
  if (s.endsWith('%') && unit !== '%') {
    scale = 0.01;
    s = s.slice(0, -1).trim();
  }
  s = s.replace(/^\+/, '');
  // A decimal comma ("2,83") but not a thousands separator ("12,400").
  if (/^-?\d+,\d+$/.test(s) && !/^-?\d{1,3},\d{3}$/.test(s)) s = s.replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  const frac = /^(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(s);
  if (frac) {
    const den = Number(frac[2]);
    return den === 0 ? null : (Number(frac[1]) / den) * scale;
  }
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n * scale : null;
}
