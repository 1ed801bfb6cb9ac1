/**
 * Checks what a reader pastes or imports before the tool uses it: a whole conversation (JSON
 * import, share links, saved state), tool definitions, and a tool call's arguments. Every
 * function returns either the checked value or a plain-words error; nothing throws.
 */
import type { ToolSpec } from '../lm/protocol';
import { DEFAULT_SETTINGS, ROLES } from './conversation';
import type { InternalsState, Message, Role, SamplerSettings, ToolCall } from './conversation';
import { isObject, jsonType, schemaProblems, validateAgainst } from './json-schema';
import type { JsonSchema } from './json-schema';

/** A checked value, or why it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** The `format` field written into exported conversations. */
export const EXPORT_FORMAT = 'lm-notes-conversation';

/** Parses JSON text, with the parser's message in plain words on failure. */
export function parseJson(text: string): Checked<unknown> {
  if (text.trim() === '') return { ok: false, error: 'The text is empty: paste a JSON value.' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: `This is not valid JSON: ${(e as Error).message}` };
  }
}

const TOOL_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** The name and parameters of a tool definition (plain `{name}` or `{type: 'function', function: {name}}`). */
export function toolInfo(tool: ToolSpec): { name: string; parameters: JsonSchema | undefined } {
  const fn = isObject(tool['function']) ? tool['function'] : tool;
  return { name: String(fn['name']), parameters: isObject(fn['parameters']) ? fn['parameters'] : undefined };
}

/** Checks a list of tool definitions (each a function description with a JSON Schema for its parameters). */
export function checkTools(value: unknown): Checked<ToolSpec[]> {
  if (!Array.isArray(value)) return { ok: false, error: `Tool definitions must be a JSON list [ … ], not ${jsonType(value)}.` };
  const names = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const t: unknown = value[i];
    const where = `Tool ${i + 1}`;
    if (!isObject(t)) return { ok: false, error: `${where} must be a JSON object.` };
    const fn = t['function'] !== undefined ? t['function'] : t;
    if (!isObject(fn)) return { ok: false, error: `${where}: "function" must be an object.` };
    if (t['function'] !== undefined && t['type'] !== undefined && t['type'] !== 'function') return { ok: false, error: `${where}: "type" must be "function".` };
    const name = fn['name'];
    if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
      return { ok: false, error: `${where} needs a "name": letters, digits, _ . - (starting with a letter or _), at most 64 characters.` };
    }
    if (names.has(name)) return { ok: false, error: `${where}: there is already a tool named "${name}".` };
    names.add(name);
    if (fn['description'] !== undefined && typeof fn['description'] !== 'string') return { ok: false, error: `${where} ("${name}"): "description" must be text.` };
    if (fn['parameters'] !== undefined) {
      const problems = schemaProblems(fn['parameters'], 'parameters');
      if (problems.length > 0) return { ok: false, error: `${where} ("${name}"): ${problems[0]}` };
      if (fn['parameters'] && (fn['parameters'] as JsonSchema)['type'] !== 'object') {
        return { ok: false, error: `${where} ("${name}"): parameters must be a schema of "type": "object".` };
      }
    }
  }
  return { ok: true, value: value as ToolSpec[] };
}

/** Checks tool definitions typed as JSON text. */
export function parseTools(text: string): Checked<ToolSpec[]> {
  if (text.trim() === '') return { ok: true, value: [] };
  const j = parseJson(text);
  return j.ok ? checkTools(j.value) : j;
}

/**
 * Checks a tool call typed by the reader: the name must be a defined tool (when any are
 * defined) and the arguments a JSON object that fits the tool's parameter schema.
 */
export function parseToolCall(name: string, argsText: string, tools: readonly ToolSpec[]): Checked<ToolCall> {
  const n = name.trim();
  if (!TOOL_NAME.test(n)) return { ok: false, error: 'Give the tool’s name (letters, digits, _ . -).' };
  const args = parseJson(argsText.trim() === '' ? '{}' : argsText);
  if (!args.ok) return { ok: false, error: `Arguments: ${args.error}` };
  if (!isObject(args.value)) return { ok: false, error: `Arguments must be a JSON object { … }, not ${jsonType(args.value)}.` };
  if (tools.length > 0) {
    const tool = tools.map(toolInfo).find((t) => t.name === n);
    if (!tool) return { ok: false, error: `There is no tool named "${n}". Defined: ${tools.map((t) => toolInfo(t).name).join(', ')}.` };
    if (tool.parameters) {
      const problems = validateAgainst(args.value, tool.parameters);
      if (problems.length > 0) return { ok: false, error: `The arguments do not fit the tool’s parameters: ${problems.join(' ')}` };
    }
  }
  return { ok: true, value: { name: n, arguments: args.value } };
}

function checkMessage(v: unknown, where: string): Checked<Message> {
  if (!isObject(v)) return { ok: false, error: `${where} must be an object with "role" and "content".` };
  const role = v['role'];
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
    return { ok: false, error: `${where}: "role" must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role)}).` };
  }
  const content = v['content'] ?? '';
  if (typeof content !== 'string') return { ok: false, error: `${where}: "content" must be text.` };
  const calls = v['toolCalls'] ?? v['tool_calls'];
  const msg: Message = { role: role as Role, content };
  if (calls !== undefined) {
    if (!Array.isArray(calls)) return { ok: false, error: `${where}: "toolCalls" must be a list.` };
    const out: ToolCall[] = [];
    for (let i = 0; i < calls.length; i++) {
      const c: unknown = calls[i];
      const fn = isObject(c) && isObject(c['function']) ? c['function'] : c;
      if (!isObject(fn) || typeof fn['name'] !== 'string' || fn['name'] === '') return { ok: false, error: `${where}, tool call ${i + 1}: needs a "name".` };
      let args: unknown = fn['arguments'] ?? {};
      if (typeof args === 'string') {
        const j = parseJson(args);
        if (!j.ok) return { ok: false, error: `${where}, tool call ${i + 1}: ${j.error}` };
        args = j.value;
      }
      if (!isObject(args)) return { ok: false, error: `${where}, tool call ${i + 1}: "arguments" must be a JSON object.` };
      out.push({ name: fn['name'], arguments: args });
    }
    if (out.length > 0) msg.toolCalls = out;
  }
  return { ok: true, value: msg };
}

function checkSettings(v: unknown): Checked<SamplerSettings> {
  if (v === undefined) return { ok: true, value: { ...DEFAULT_SETTINGS } };
  if (!isObject(v)) return { ok: false, error: '"settings" must be an object.' };
  const s = { ...DEFAULT_SETTINGS };
  const num = (k: keyof SamplerSettings, ok: (x: number) => boolean, rule: string): string | null => {
    const x = v[k];
    if (x === undefined) return null;
    if (typeof x !== 'number' || !Number.isFinite(x) || !ok(x)) return `settings.${k} ${rule} (got ${JSON.stringify(x)}).`;
    s[k] = x;
    return null;
  };
  const err =
    num('temperature', (x) => x >= 0 && x <= 5, 'must be a number from 0 to 5') ??
    num('topK', (x) => Number.isInteger(x) && x >= 0, 'must be a whole number ≥ 0') ??
    num('topP', (x) => x > 0 && x <= 1, 'must be a number above 0 and at most 1') ??
    num('seed', (x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff, 'must be a whole number from 0 to 4294967295');
  return err ? { ok: false, error: err } : { ok: true, value: s };
}

/**
 * Checks an imported conversation: `{messages, draft?, tools?, settings?}` (the export format),
 * or a bare list of messages. Messages take `role` (system, user, assistant, tool), `content`
 * and optionally `toolCalls`/`tool_calls`.
 */
export function checkState(value: unknown): Checked<InternalsState> {
  const obj = Array.isArray(value) ? { messages: value } : value;
  if (!isObject(obj)) return { ok: false, error: `A conversation must be a JSON object with "messages", not ${jsonType(value)}.` };
  if (obj['format'] !== undefined && obj['format'] !== EXPORT_FORMAT) return { ok: false, error: `"format" must be "${EXPORT_FORMAT}".` };
  const list = obj['messages'];
  if (!Array.isArray(list)) return { ok: false, error: 'A conversation needs "messages": a list of {"role", "content"}.' };
  const messages: Message[] = [];
  for (let i = 0; i < list.length; i++) {
    const m = checkMessage(list[i], `Message ${i + 1}`);
    if (!m.ok) return m;
    messages.push(m.value);
  }
  let draft: Message;
  if (obj['draft'] !== undefined) {
    const d = checkMessage(obj['draft'], 'The draft');
    if (!d.ok) return d;
    draft = { role: d.value.role, content: d.value.content };
  } else {
    const last = messages[messages.length - 1];
    draft = { role: last ? (last.role === 'user' || last.role === 'tool' ? 'assistant' : 'user') : 'user', content: '' };
  }
  const tools = obj['tools'] === undefined ? { ok: true as const, value: [] } : checkTools(obj['tools']);
  if (!tools.ok) return tools;
  const settings = checkSettings(obj['settings']);
  if (!settings.ok) return settings;
  return { ok: true, value: { messages, draft, tools: tools.value, settings: settings.value } };
}

/** Checks a conversation given as JSON text. */
export function parseState(text: string): Checked<InternalsState> {
  const j = parseJson(text);
  return j.ok ? checkState(j.value) : j;
}

/** The export JSON of a state (what "Export" downloads and "View JSON" shows). */
export function stateToJson(state: InternalsState): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version: 1, ...state }, null, 2);
}
