/**
 * A widget's state in the page URL, so a reader can share exactly what they see ("open this
 * link: same prompt, same temperature, same seed"). Each widget owns the query parameters that
 * start with its id and a dot (`?sampler.t=0.7&sampler.seed=42`); several widgets on one page
 * never clash, and parameters of other widgets are left untouched.
 *
 * Pure functions over a query string; the browser side lives in the widgets' `useUrlState`.
 */

/** A value a widget can store: strings, finite numbers and booleans (stored as 1/0). */
export type UrlValue = string | number | boolean;

/** The state of one widget as stored in the URL (absent keys are simply missing). */
export type UrlState = Record<string, UrlValue | undefined>;

/** Ids and keys are restricted so they stay readable and never need escaping. */
const NAME = /^[A-Za-z0-9_-]+$/;

function checkName(kind: 'widget id' | 'key', name: string): void {
  if (!NAME.test(name)) throw new Error(`Invalid ${kind} "${name}": use letters, digits, - and _ only.`);
}

/** The parameters of widget `id` in `search` (`"?a.b=1"` or `"a.b=1"`), as raw strings. */
export function readWidgetState(search: string, id: string): Record<string, string> {
  checkName('widget id', id);
  const out: Record<string, string> = {};
  const prefix = `${id}.`;
  for (const [name, value] of new URLSearchParams(search)) {
    if (!name.startsWith(prefix)) continue;
    const key = name.slice(prefix.length);
    if (NAME.test(key)) out[key] = value;
  }
  return out;
}

/**
 * `search` with widget `id`'s parameters replaced by `state` (keys whose value is undefined
 * are removed). Returns the query without its leading `?` (`''` when nothing is left).
 */
export function writeWidgetState(search: string, id: string, state: UrlState): string {
  checkName('widget id', id);
  const params = new URLSearchParams(search);
  const prefix = `${id}.`;
  for (const name of [...params.keys()]) if (name.startsWith(prefix)) params.delete(name);
  for (const [key, value] of Object.entries(state)) {
    checkName('key', key);
    if (value === undefined) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    params.set(prefix + key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  return params.toString();
}

/** A stored number, or `fallback` when missing or not a finite number; clamped to [min, max]. */
export function numberParam(raw: string | undefined, fallback: number, min = -Infinity, max = Infinity): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}

/** A stored integer (rounded), or `fallback`; clamped to [min, max]. */
export function intParam(raw: string | undefined, fallback: number, min = -Infinity, max = Infinity): number {
  return Math.round(numberParam(raw, fallback, min, max));
}

/** A stored boolean (`1`/`true` or `0`/`false`), or `fallback`. */
export function boolParam(raw: string | undefined, fallback: boolean): boolean {
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  return fallback;
}
