/**
 * A small JSON Schema checker for the parts tool definitions use: `type` (string, number,
 * integer, boolean, object, array, null, or a list of them), `properties`, `required`, `enum`,
 * `items` and `additionalProperties: false`. Enough to check a tool call's arguments against
 * the tool's `parameters` and say in plain words what is wrong.
 */

/** A JSON Schema (only the keywords above are checked; others are ignored). */
export type JsonSchema = Record<string, unknown>;

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/** The JSON type name of a value (`integer` for whole numbers). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems with a schema itself (unknown type names, bad `required`), one sentence each. */
export function schemaProblems(schema: unknown, path: string): string[] {
  if (!isObject(schema)) return [`${path} must be a JSON object (a JSON Schema).`];
  const out: string[] = [];
  const t = schema['type'];
  if (t !== undefined) {
    const list = Array.isArray(t) ? t : [t];
    for (const x of list) if (typeof x !== 'string' || !TYPES.includes(x)) out.push(`${path}.type "${String(x)}" is not a JSON type (use ${TYPES.join(', ')}).`);
  }
  const props = schema['properties'];
  if (props !== undefined) {
    if (!isObject(props)) out.push(`${path}.properties must be an object.`);
    else for (const [k, v] of Object.entries(props)) out.push(...schemaProblems(v, `${path}.properties.${k}`));
  }
  const req = schema['required'];
  if (req !== undefined && !(Array.isArray(req) && req.every((r) => typeof r === 'string'))) out.push(`${path}.required must be a list of property names.`);
  if (schema['items'] !== undefined) out.push(...schemaProblems(schema['items'], `${path}.items`));
  if (schema['enum'] !== undefined && !Array.isArray(schema['enum'])) out.push(`${path}.enum must be a list.`);
  return out;
}

/** Where `value` breaks `schema`, one sentence each (empty when it fits). */
export function validateAgainst(value: unknown, schema: JsonSchema, path = 'arguments'): string[] {
  const out: string[] = [];
  const t = schema['type'];
  if (t !== undefined) {
    const allowed = (Array.isArray(t) ? t : [t]) as string[];
    const actual = jsonType(value);
    const ok = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
    if (!ok) return [`${path} should be ${allowed.join(' or ')}, not ${actual}.`];
  }
  const en = schema['enum'];
  if (Array.isArray(en) && !en.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    out.push(`${path} should be one of ${en.map((e) => JSON.stringify(e)).join(', ')}.`);
  }
  if (isObject(value)) {
    const props = isObject(schema['properties']) ? schema['properties'] : {};
    const req = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
    for (const r of req) if (!(r in value)) out.push(`${path} is missing "${r}".`);
    for (const [k, v] of Object.entries(value)) {
      const sub = props[k];
      if (isObject(sub)) out.push(...validateAgainst(v, sub, `${path}.${k}`));
      else if (schema['additionalProperties'] === false) out.push(`${path} has "${k}", which the tool does not take.`);
    }
  }
  if (Array.isArray(value) && isObject(schema['items'])) {
    value.forEach((v, i) => out.push(...validateAgainst(v, schema['items'] as JsonSchema, `${path}[${i}]`)));
  }
  return out;
}
