/** Class servers: addresses made canonical, the reader's list kept, replaced and removed, bad storage survived. */
import { describe, expect, it } from 'vitest';
import { addReaderServer, findServer, normaliseServerUrl, readerServers, removeReaderServer, siteServers, SERVERS_STORAGE_KEY } from '../../src/lib/lm/server/servers';
import { checkMixedContent, httpError, unreachableError } from '../../src/lib/lm/server/server-errors';
import type { KeyValueStorage } from '../../src/lib/storage/safe-storage';

function memory(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('server addresses', () => {
  it('are made canonical, or refused with a reason', () => {
    expect(normaliseServerUrl(' http://gpu.example.edu:8000/v1/ ')).toEqual({ ok: true, url: 'http://gpu.example.edu:8000' });
    expect(normaliseServerUrl('localhost:8000')).toEqual({ ok: true, url: 'http://localhost:8000' });
    expect(normaliseServerUrl('https://x.edu/lm/')).toEqual({ ok: true, url: 'https://x.edu/lm' });
    expect(normaliseServerUrl('')).toMatchObject({ ok: false });
    expect(normaliseServerUrl('ftp://x')).toMatchObject({ ok: false, message: expect.stringContaining('http') });
    expect(normaliseServerUrl('http://x?y=1')).toMatchObject({ ok: false });
  });
});

describe('the reader’s servers', () => {
  it('are added (same address and model: replaced), found by id, and removed', () => {
    const s = memory();
    const a = addReaderServer(s, { url: 'localhost:8000', model: 'm' });
    expect(a).toMatchObject({ ok: true, saved: true, server: { id: 'server:reader-1', url: 'http://localhost:8000', model: 'm', label: 'm at localhost:8000', addedByReader: true } });
    const again = addReaderServer(s, { url: 'http://localhost:8000/', model: 'm', label: 'Mine', apiKey: ' k ' });
    expect(again).toMatchObject({ ok: true, server: { id: 'server:reader-1', label: 'Mine', apiKey: 'k' } });
    addReaderServer(s, { url: 'http://other:1', model: 'n' });
    expect(readerServers(s).map((x) => x.id)).toEqual(['server:reader-1', 'server:reader-2']);
    expect(findServer('server:reader-2', s)?.url).toBe('http://other:1');
    expect(removeReaderServer(s, 'server:reader-1')).toBe(true);
    expect(removeReaderServer(s, 'server:reader-1')).toBe(false);
    expect(readerServers(s).map((x) => x.id)).toEqual(['server:reader-2']);
    expect(addReaderServer(s, { url: 'http://x', model: ' ' })).toMatchObject({ ok: false });
  });
  it('hand-edited or broken storage gives no servers, never an exception', () => {
    const s = memory();
    s.map.set(SERVERS_STORAGE_KEY, '{not json');
    expect(readerServers(s)).toEqual([]);
    s.map.set(SERVERS_STORAGE_KEY, JSON.stringify([{ name: 'ok', url: 'http://a', model: 'm', label: 'A' }, { name: 'bad name!', url: 'http://a', model: 'm', label: 'B' }, 7]));
    expect(readerServers(s).map((x) => x.label)).toEqual(['A']);
    const full: KeyValueStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceeded'); }, removeItem: () => undefined };
    expect(addReaderServer(full, { url: 'http://a', model: 'm' })).toMatchObject({ ok: true, saved: false });
  });
  it('site servers get ids from their names', () => {
    expect(siteServers([{ name: 'class', url: 'https://lm.example.edu/', model: 'Qwen/Qwen3-8B', label: 'Qwen3 8B' }])).toEqual([
      { name: 'class', url: 'https://lm.example.edu', model: 'Qwen/Qwen3-8B', label: 'Qwen3 8B', id: 'server:class', addedByReader: false },
    ]);
  });
});

describe('server errors in plain words', () => {
  it('mixed content is refused before any request, except for this computer', () => {
    expect(() => checkMixedContent('http://gpu.example.edu:8000', 'https://notes.example.edu/', 'S')).toThrow(expect.objectContaining({ code: 'server-mixed-content' }));
    expect(() => checkMixedContent('http://localhost:8000', 'https://notes.example.edu/', 'S')).not.toThrow();
    expect(() => checkMixedContent('https://gpu.example.edu', 'https://notes.example.edu/', 'S')).not.toThrow();
  });
  it('a failed fetch is CORS when a no-cors probe got through (naming the flag), else unreachable', () => {
    const cors = unreachableError('http://localhost:8000', 'http://localhost:4321/notes/', 'S', true);
    expect(cors.code).toBe('server-cors');
    expect(cors.message).toContain('--allowed-origins');
    expect(cors.message).toContain('http://localhost:4321');
    expect(unreachableError('http://localhost:8000', 'http://localhost:4321/', 'S', false).code).toBe('server-unreachable');
    expect(unreachableError('http://192.168.1.5:8000', 'https://notes.example.edu/', 'S', false).message).toContain('private network');
  });
  it('each status its own code', () => {
    expect(httpError(401, { error: 'Unauthorized' }, 'S', 'm', '/v1/models').code).toBe('server-auth');
    expect(httpError(403, null, 'S', 'm', '/v1/models').code).toBe('server-auth');
    expect(httpError(404, { object: 'error', message: 'The model `m` does not exist.' }, 'S', 'm', '/v1/completions').code).toBe('server-unknown-model');
    expect(httpError(404, null, 'S', 'm', '/tokenize').code).toBe('server-malformed');
    expect(httpError(429, null, 'S', 'm', '/v1/completions').code).toBe('server-busy');
    expect(httpError(503, null, 'S', 'm', '/v1/completions').code).toBe('server-failed');
    expect(httpError(400, { error: { message: '"echo" is not supported by llama.cpp server' } }, 'S', 'm', '/v1/completions').code).toBe('server-no-scoring');
    expect(httpError(400, { object: 'error', message: 'bad' }, 'S', 'm', '/v1/completions')).toMatchObject({ code: 'invalid-request', message: expect.stringContaining('bad') });
  });
});
