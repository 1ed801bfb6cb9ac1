/**
 * What the browser keeps for the model runtime (src/lib/lm/browser-cache.ts): Hub cache keys
 * grouped by model with sizes, the browser's estimate, removal, a missing or blocked Cache API
 * answered in words (never thrown), cache writes refused for lack of room noted for the
 * `storage-full` notice, and a quota error that fails a load classified as `storage-full`.
 */
import { describe, expect, it } from 'vitest';
import {
  CACHE_BLOCKED,
  NO_CACHE_API,
  OTHER_FILES_ID,
  groupOf,
  groupStored,
  hubPrefix,
  isQuotaError,
  listStoredModels,
  parseHubUrl,
  removeAllStored,
  removeStoredModel,
  sizeFromHeader,
  storageUse,
  watchCacheWrites,
} from '../../src/lib/lm/browser-cache';
import type { CacheLike, CacheStorageLike } from '../../src/lib/lm/browser-cache';
import { classifyError, describeError } from '../../src/lib/lm/errors';

const HUB = 'https://huggingface.co/';
const SMOL = 'HuggingFaceTB/SmolLM2-135M-Instruct';
const QWEN = 'onnx-community/Qwen2.5-0.5B-Instruct';
const url = (repo: string, file: string): string => `${HUB}${repo}/resolve/main/${file}`;

/** An in-memory Cache: keys in insertion order, responses rebuilt on every match (as a real one). */
class FakeCache implements CacheLike {
  readonly entries = new Map<string, { body: Uint8Array; headers: Record<string, string> }>();
  failDelete = false;
  async keys(): Promise<{ url: string }[]> {
    return [...this.entries.keys()].map((u) => ({ url: u }));
  }
  async match(request: string): Promise<Response | undefined> {
    const e = this.entries.get(request);
    return e ? new Response(e.body.slice(), { headers: e.headers }) : undefined;
  }
  async delete(request: string): Promise<boolean> {
    if (this.failDelete) throw new DOMException('refused', 'UnknownError');
    return this.entries.delete(request);
  }
  add(u: string, bytes: number, withLength = true): void {
    this.entries.set(u, { body: new Uint8Array(bytes), headers: withLength ? { 'content-length': String(bytes) } : {} });
  }
}

/** CacheStorage over named FakeCaches; `open` creates, as the real one does. */
class FakeStorage implements CacheStorageLike {
  readonly caches = new Map<string, FakeCache>();
  opened: string[] = [];
  async has(name: string): Promise<boolean> {
    return this.caches.has(name);
  }
  async open(name: string): Promise<FakeCache> {
    this.opened.push(name);
    let c = this.caches.get(name);
    if (!c) this.caches.set(name, (c = new FakeCache()));
    return c;
  }
}

function storedSite(): { storage: FakeStorage; cache: FakeCache } {
  const storage = new FakeStorage();
  const cache = new FakeCache();
  storage.caches.set('transformers-cache', cache);
  cache.add(url(SMOL, 'config.json'), 814);
  cache.add(url(SMOL, 'tokenizer.json'), 2_100_000);
  cache.add(url(SMOL, 'onnx/model_q4.onnx'), 3_000_000, false); // no Content-Length: the body's size
  cache.add(url('someone/unknown-model', 'config.json'), 100);
  cache.add(url(QWEN, 'onnx/model_quantized.onnx'), 5_000);
  cache.add('http://localhost:4321/ort/1.23/ort-wasm-simd-threaded.wasm', 42);
  return { storage, cache };
}

describe('cache keys', () => {
  it('splits a Hub URL into repository, revision and file, on any host', () => {
    expect(parseHubUrl(url(SMOL, 'onnx/model_q4.onnx'))).toEqual({ repo: SMOL, revision: 'main', file: 'onnx/model_q4.onnx' });
    expect(parseHubUrl('https://mirror.example/hf/a/b/resolve/v1.0/config.json')).toEqual({ repo: 'a/b', revision: 'v1.0', file: 'config.json' });
    expect(parseHubUrl('https://huggingface.co/a/b/resolve/refs%2Fpr%2F13/tokenizer.json')?.revision).toBe('refs/pr/13');
    expect(parseHubUrl('http://localhost:4321/models/lm-notes-tiny/config.json')).toBeNull();
    expect(parseHubUrl('https://huggingface.co/resolve/main/x.json')).toBeNull();
    expect(parseHubUrl('https://huggingface.co/a/b/resolve/main')).toBeNull();
    expect(parseHubUrl('not a url')).toBeNull();
    expect(groupOf(url(QWEN, 'config.json'))).toBe(QWEN);
    expect(groupOf('http://localhost/x.wasm')).toBe(OTHER_FILES_ID);
    expect(hubPrefix(SMOL, HUB)).toBe(`${HUB}${SMOL}/`);
  });
  it('reads Content-Length only when it is a plain byte count', () => {
    expect(sizeFromHeader('5730687')).toBe(5_730_687);
    expect(sizeFromHeader(' 12 ')).toBe(12);
    for (const v of [null, undefined, '', '-1', '1e6', '12 bytes', '99999999999999999999']) expect(sizeFromHeader(v), String(v)).toBeNull();
  });
  it('groups by repository with the registry label, known models first, other files last', () => {
    const groups = groupStored([
      { url: 'http://localhost/other.bin', bytes: 7 },
      { url: url('zz/unknown', 'config.json'), bytes: 10 },
      { url: url(SMOL, 'tokenizer.json'), bytes: 200 },
      { url: url(SMOL, 'config.json'), bytes: 800 },
      { url: url(SMOL, 'onnx/model_q4.onnx'), bytes: null },
    ]);
    expect(groups.map((g) => [g.id, g.label, g.known])).toEqual([
      [SMOL, 'SmolLM2 135M Instruct (Hugging Face Hub)', true],
      ['zz/unknown', 'zz/unknown', false],
      [OTHER_FILES_ID, 'Other files', false],
    ]);
    const smol = groups[0]!;
    expect(smol.files.map((f) => f.file)).toEqual(['config.json', 'onnx/model_q4.onnx', 'tokenizer.json']);
    expect(smol.bytes).toBe(1000);
    expect(smol.unknownSizes).toBe(1);
    expect(groups[2]!.files[0]!.file).toBe('http://localhost/other.bin');
  });
});

describe('listStoredModels', () => {
  it('lists each model with its files and sizes (Content-Length, else the body), and the total', async () => {
    const { storage } = storedSite();
    const l = await listStoredModels({ caches: storage });
    expect(l.state).toBe('available');
    if (l.state !== 'available') return;
    expect(l.models.map((m) => m.id)).toEqual([QWEN, SMOL, 'someone/unknown-model', OTHER_FILES_ID]);
    const smol = l.models.find((m) => m.id === SMOL)!;
    expect(smol.label).toBe('SmolLM2 135M Instruct (Hugging Face Hub)');
    expect(smol.files.map((f) => [f.file, f.bytes])).toEqual([
      ['config.json', 814],
      ['onnx/model_q4.onnx', 3_000_000],
      ['tokenizer.json', 2_100_000],
    ]);
    expect(smol.bytes).toBe(5_100_814);
    expect(l.bytes).toBe(5_100_814 + 100 + 5_000 + 42);
    expect(l.files).toBe(6);
  });
  it('does not create the bucket just to look: nothing stored', async () => {
    const storage = new FakeStorage();
    expect(await listStoredModels({ caches: storage })).toEqual({ state: 'available', models: [], bytes: 0, files: 0 });
    expect(storage.opened).toEqual([]);
  });
  it('answers in words, never throws, when the Cache API is missing or blocked', async () => {
    expect(await listStoredModels({ caches: null })).toEqual({ state: 'unavailable', reason: NO_CACHE_API });
    const blocked: CacheStorageLike = {
      has: () => Promise.reject(new DOMException('An attempt was made to break through the security policy of the user agent.', 'SecurityError')),
      open: () => Promise.reject(new DOMException('blocked', 'SecurityError')),
    };
    expect(await listStoredModels({ caches: blocked })).toEqual({ state: 'unavailable', reason: CACHE_BLOCKED });
    const throwsAtOnce = {
      has: () => {
        throw new Error('sync');
      },
      open: () => {
        throw new Error('sync');
      },
    } as unknown as CacheStorageLike;
    expect((await listStoredModels({ caches: throwsAtOnce })).state).toBe('unavailable');
    const keysFail: CacheStorageLike = {
      has: async () => true,
      open: async () => ({ keys: () => Promise.reject(new Error('x')), match: async () => undefined, delete: async () => false }),
    };
    expect(await listStoredModels({ caches: keysFail })).toEqual({ state: 'unavailable', reason: CACHE_BLOCKED });
  });
  it('gives an entry whose size cannot be read an unknown size, not a failure', async () => {
    const cache: CacheLike = {
      keys: async () => [{ url: url(SMOL, 'config.json') }, { url: url(SMOL, 'tokenizer.json') }],
      match: async (u) => (u.endsWith('config.json') ? new Response('{}', { headers: { 'content-length': '2' } }) : Promise.reject(new Error('gone'))),
      delete: async () => true,
    };
    const l = await listStoredModels({ caches: { has: async () => true, open: async () => cache } });
    expect(l.state === 'available' && l.models[0]).toMatchObject({ bytes: 2, unknownSizes: 1 });
  });
});

describe('storageUse', () => {
  it('passes on the browser’s estimate, or null when it does not give one', async () => {
    expect(await storageUse({ storage: { estimate: async () => ({ usage: 205e6, quota: 12e9 }) } })).toEqual({ usage: 205e6, quota: 12e9 });
    expect(await storageUse({ storage: null })).toBeNull();
    expect(await storageUse({ storage: { estimate: () => Promise.reject(new Error('no')) } })).toBeNull();
    expect(await storageUse({ storage: { estimate: async () => ({ usage: 5 }) } })).toBeNull();
    expect(await storageUse({ storage: { estimate: async () => ({ usage: 5, quota: 0 }) } })).toBeNull();
    expect(await storageUse({ storage: {} as never })).toBeNull();
  });
});

describe('removal', () => {
  it('removes one model’s files and nothing else', async () => {
    const { storage, cache } = storedSite();
    expect(await removeStoredModel(SMOL, { caches: storage })).toEqual({ ok: true, removed: 3 });
    expect([...cache.entries.keys()].some((u) => u.includes(SMOL))).toBe(false);
    expect(cache.entries.size).toBe(3);
    expect(await removeStoredModel(SMOL, { caches: storage })).toEqual({ ok: true, removed: 0 });
    expect(await removeStoredModel(OTHER_FILES_ID, { caches: storage })).toEqual({ ok: true, removed: 1 });
    expect(cache.entries.size).toBe(2);
  });
  it('removes everything', async () => {
    const { storage, cache } = storedSite();
    expect(await removeAllStored({ caches: storage })).toEqual({ ok: true, removed: 6 });
    expect(cache.entries.size).toBe(0);
    const l = await listStoredModels({ caches: storage });
    expect(l).toEqual({ state: 'available', models: [], bytes: 0, files: 0 });
  });
  it('says so when there is nothing to remove, no Cache API, or the browser refuses', async () => {
    expect(await removeAllStored({ caches: new FakeStorage() })).toEqual({ ok: true, removed: 0 });
    expect(await removeAllStored({ caches: null })).toEqual({ ok: false, reason: NO_CACHE_API });
    const { storage, cache } = storedSite();
    cache.failDelete = true;
    const r = await removeStoredModel(SMOL, { caches: storage });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/would not remove/);
  });
});

describe('storage full', () => {
  const quota = (): DOMException => new DOMException('full', 'QuotaExceededError');

  it('recognises a quota error by its name (and the legacy code 22)', () => {
    expect(isQuotaError(quota())).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError({ name: 'SomethingError', code: 22 })).toBe(true);
    expect(isQuotaError(new Error('QuotaExceededError in the text only'))).toBe(false);
    expect(isQuotaError(new DOMException('x', 'NetworkError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it('notes the writes refused for lack of room, and the caller still gets the error', async () => {
    let full = true;
    const stored: string[] = [];
    const proto = {
      put(this: unknown, request: unknown): Promise<void> {
        if (full) return Promise.reject(quota());
        if (request === 'boom') return Promise.reject(new TypeError('not a quota problem'));
        stored.push(String(request));
        return Promise.resolve();
      },
    };
    const watch = watchCacheWrites(proto);
    expect(watchCacheWrites(proto)).toBe(watch); // wrapping twice wraps once
    // As transformers.js stores a downloaded file: the error is caught and the load goes on.
    let warned = '';
    await proto.put(url(SMOL, 'onnx/model_q4.onnx')).catch((e: unknown) => {
      warned = `Unable to add response to browser cache: ${String(e)}.`;
    });
    expect(warned).toContain('QuotaExceededError');
    await proto.put({ url: url(QWEN, 'config.json') }).catch(() => undefined);
    expect(watch.failedUnder(hubPrefix(SMOL, HUB))).toEqual([url(SMOL, 'onnx/model_q4.onnx')]);
    expect(watch.failedUnder(hubPrefix(QWEN, HUB))).toEqual([url(QWEN, 'config.json')]);
    watch.forget(hubPrefix(SMOL, HUB));
    expect(watch.failedUnder(hubPrefix(SMOL, HUB))).toEqual([]);
    expect(watch.failedUnder(hubPrefix(QWEN, HUB))).toHaveLength(1);
    // Room again: writes go through untouched; other errors are passed on and not noted.
    full = false;
    await proto.put(url(SMOL, 'config.json'));
    expect(stored).toEqual([url(SMOL, 'config.json')]);
    await expect(proto.put('boom')).rejects.toThrow('not a quota problem');
    expect(watch.failedUnder('boom')).toEqual([]);
  });

  it('notes a refusal thrown at once, and does nothing without a Cache API', () => {
    const proto = {
      put(_request: unknown): Promise<void> {
        throw quota();
      },
    };
    const watch = watchCacheWrites(proto);
    expect(() => proto.put(url(SMOL, 'config.json'))).toThrow('full');
    expect(watch.failedUnder(HUB)).toEqual([url(SMOL, 'config.json')]);
    const none = watchCacheWrites(null);
    expect(none.failedUnder('')).toEqual([]);
  });

  it('classifies a quota error that fails a load as storage-full, with the advice', () => {
    const err = classifyError(quota());
    expect(err.code).toBe('storage-full');
    expect(err.message).toBe(describeError('storage-full'));
    expect(err.message).toBe(
      'The browser has no room to keep this model, so it will be downloaded again next time. Remove stored models below to make room.',
    );
    expect(classifyError(new Error('wrapped', { cause: quota() })).code).toBe('storage-full');
    expect(classifyError(new Error('Failed to execute put on Cache: QuotaExceededError: Quota exceeded.')).code).toBe('storage-full');
    expect(classifyError(new Error('quota of tokens')).code).toBe('internal');
  });
});
