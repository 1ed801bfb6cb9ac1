import { describe, expect, it } from 'vitest';
import { presetState } from '../../src/lib/internals/conversation';
import { schemaProblems, validateAgainst, jsonType } from '../../src/lib/internals/json-schema';
import { checkState, parseJson, parseState, parseToolCall, parseTools, stateToJson } from '../../src/lib/internals/validate';

const weather = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { enum: ['C', 'F'] } }, required: ['city'] } } }];

describe('validation', () => {
  it('parses JSON with clear errors', () => {
    expect(parseJson('')).toEqual({ ok: false, error: 'The text is empty: paste a JSON value.' });
    const bad = parseJson('{"a":');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^This is not valid JSON: /);
  });
  it('round-trips the export format', () => {
    const s = { ...presetState(), tools: weather };
    const r = parseState(stateToJson(s));
    expect(r).toEqual({ ok: true, value: s });
  });
  it('accepts a bare list of messages and OpenAI-style tool calls', () => {
    const r = checkState([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '', tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }]);
    expect(r.ok && r.value.messages[1]!.toolCalls).toEqual([{ name: 'f', arguments: { a: 1 } }]);
    expect(r.ok && r.value.draft).toEqual({ role: 'user', content: '' });
  });
  it('refuses bad conversations with the place and the reason', () => {
    expect(parseState('{"messages": [{"role": "bot", "content": "x"}]}')).toEqual({ ok: false, error: 'Message 1: "role" must be one of system, user, assistant, tool (got "bot").' });
    expect(parseState('{"messages": [{"role": "user", "content": 3}]}')).toEqual({ ok: false, error: 'Message 1: "content" must be text.' });
    expect(parseState('{"foo": 1}').ok).toBe(false);
    expect(parseState('"text"')).toEqual({ ok: false, error: 'A conversation must be a JSON object with "messages", not string.' });
    expect(parseState('{"messages": [], "settings": {"temperature": -1}}')).toEqual({ ok: false, error: 'settings.temperature must be a number from 0 to 5 (got -1).' });
    expect(parseState('{"messages": [], "format": "other"}').ok).toBe(false);
  });
  it('checks tool definitions', () => {
    expect(parseTools('')).toEqual({ ok: true, value: [] });
    expect(parseTools(JSON.stringify(weather))).toEqual({ ok: true, value: weather });
    expect(parseTools('{"name": "x"}')).toEqual({ ok: false, error: 'Tool definitions must be a JSON list [ … ], not object.' });
    expect(parseTools('[{"name": "two words"}]').ok).toBe(false);
    expect(parseTools('[{"name": "a"}, {"name": "a"}]')).toEqual({ ok: false, error: 'Tool 2: there is already a tool named "a".' });
    expect(parseTools('[{"name": "a", "parameters": {"type": "strin"}}]')).toEqual({ ok: false, error: 'Tool 1 ("a"): parameters.type "strin" is not a JSON type (use string, number, integer, boolean, object, array, null).' });
    expect(parseTools('[{"name": "a", "parameters": {"type": "string"}}]').ok).toBe(false);
  });
  it('checks tool calls against the tool’s schema', () => {
    expect(parseToolCall('get_weather', '{"city": "Paris", "days": 2}', weather)).toEqual({ ok: true, value: { name: 'get_weather', arguments: { city: 'Paris', days: 2 } } });
    expect(parseToolCall('get_weather', '{"days": 2.5}', weather)).toEqual({
      ok: false,
      error: 'The arguments do not fit the tool’s parameters: arguments is missing "city". arguments.days should be integer, not number.',
    });
    expect(parseToolCall('nope', '{}', weather).ok).toBe(false);
    expect(parseToolCall('get_weather', '[1]', weather)).toEqual({ ok: false, error: 'Arguments must be a JSON object { … }, not array.' });
    expect(parseToolCall('anything', '', [])).toEqual({ ok: true, value: { name: 'anything', arguments: {} } });
    expect(parseToolCall('get_weather', '{"city": "P", "unit": "K"}', weather).ok).toBe(false);
  });
  it('json-schema helpers', () => {
    expect(jsonType(1)).toBe('integer');
    expect(jsonType(1.5)).toBe('number');
    expect(jsonType(null)).toBe('null');
    expect(validateAgainst(3, { type: 'number' })).toEqual([]);
    expect(validateAgainst([1, 'a'], { type: 'array', items: { type: 'integer' } })).toEqual(['arguments[1] should be integer, not string.']);
    expect(validateAgainst({ a: 1, b: 2 }, { type: 'object', properties: { a: {} }, additionalProperties: false })).toEqual(['arguments has "b", which the tool does not take.']);
    expect(schemaProblems(5, 'p')).toEqual(['p must be a JSON object (a JSON Schema).']);
    expect(schemaProblems({ required: 'a' }, 'p')).toEqual(['p.required must be a list of property names.']);
  });
});
