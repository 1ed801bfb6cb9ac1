/**
 * What the browser keeps for the model runtime, and how to drop it. transformers.js stores every
 * Hub file it downloads in the Cache API bucket `transformers-cache`, keyed by the file's URL,
 * `{hubHost}{owner}/{name}/resolve/{revision}/{file}` (the embedded model is served by the site
 * and never stored there: the engine turns the browser cache on for Hub models only).
 *
 * Pure functions (parse a key, group entries by repository) and a thin async layer over the
 * Cache API and `navigator.storage.estimate()`, both injectable so the tests can hand in fakes.
 * The async calls never throw: a browser without the Cache API, or one that blocks it (a private
 * window, site data blocked), gets an `unavailable` answer in plain words.
 *
 * Also here: `watchCacheWrites`, which notes the cache writes that fail for lack of room.
 * transformers.js catches those itself (the load goes on, the file is simply not kept, and only
 * a console warning says so), so the worker uses this to tell the reader.
 */
import { siteConfig } from '../../site.config';
import { findModel } from './registry';

/** The Cache API bucket transformers.js stores downloads in (its `env.cacheKey`). */
export const MODEL_CACHE_NAME = 'transformers-cache';

/** The parts of a `Cache` this module uses. */
export interface CacheLike {
  keys(): Promise<readonly { url: string }[]>;
  match(request: string): Promise<Response | undefined>;
  delete(request: string): Promise<boolean>;
}

/** The parts of `CacheStorage` (`globalThis.caches`) this module uses. */
export interface CacheStorageLike {
  has(name: string): Promise<boolean>;
  open(name: string): Promise<CacheLike>;
}

/** The parts of `StorageManager` (`navigator.storage`) this module uses. */
export interface StorageManagerLike {
  estimate(): Promise<{ usage?: number; quota?: number }>;
}

/**
 * Where to look: defaults are the browser's own `caches` and `navigator.storage`, the site's Hub
 * host and transformers.js's bucket. `null` means "not there" (as in a browser without it).
 */
export interface BrowserCacheEnv {
  caches?: CacheStorageLike | null;
  storage?: StorageManagerLike | null;
  cacheName?: string;
  /** The label of a repository id, or undefined for one the registry does not know. */
  labelOf?: (id: string) => string | undefined;
}

/** One stored file. */
export interface StoredFile {
  /** The cache key (the URL it was downloaded from). */
  url: string;
  /** Path inside the repository (`onnx/model_q4.onnx`), or the whole URL for other entries. */
  file: string;
  /** Size in bytes, or null when neither the headers nor the body said. */
  bytes: number | null;
}

/** The files stored for one repository (or the entries that belong to none). */
export interface StoredModel {
  /** Repository id (`owner/name`), or `OTHER_FILES_ID`. */
  id: string;
  /** The registry's label, else the repository id, else "Other files". */
  label: string;
  /** Whether the registry knows this repository. */
  known: boolean;
  /** Its files, in path order. */
  files: StoredFile[];
  /** Sum of the files' known sizes. */
  bytes: number;
  /** How many files have no known size. */
  unknownSizes: number;
}

/** The id of the group of stored entries that are not Hub files. */
export const OTHER_FILES_ID = '(other)';

/** What the browser keeps, or why that cannot be known. */
export type StoredListing =
  | { state: 'available'; models: StoredModel[]; bytes: number; files: number }
  | { state: 'unavailable'; reason: string };

/** The browser's own estimate for this site: bytes used and bytes it allows, or null when it does not say. */
export type StorageUse = { usage: number; quota: number } | null;

/** Result of a removal. */
export type RemoveResult = { ok: true; removed: number } | { ok: false; reason: string };

/** Plain words for the two ways the Cache API can be missing. */
export const NO_CACHE_API =
  'This browser does not offer cache storage to this page, so no model is kept: a Hub model downloads again on every visit.';
export const CACHE_BLOCKED =
  'This browser does not let this site use its cache storage (a private window, or site data blocked), so no model is kept: a Hub model downloads again on every visit.';

/** A Hub file's URL, split: `{host}…/{owner}/{name}/resolve/{revision}/{file}`. */
export interface HubKey {
  repo: string;
  revision: string;
  file: string;
}

/**
 * The repository, revision and file of a cache key in the Hub's layout, or null for any other
 * URL. Any host counts (a mirror set as `hubHost`, or the one used before it was changed).
 */
export function parseHubUrl(url: string): HubKey | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const segs = path.split('/').filter((s) => s !== '');
  const at = segs.indexOf('resolve');
  if (at < 2 || segs.length < at + 3) return null;
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return {
    repo: `${decode(segs[at - 2] as string)}/${decode(segs[at - 1] as string)}`,
    revision: decode(segs[at + 1] as string),
    file: segs.slice(at + 2).map(decode).join('/'),
  };
}

/** The group a cache key belongs to: its repository id, or `OTHER_FILES_ID`. */
export function groupOf(url: string): string {
  return parseHubUrl(url)?.repo ?? OTHER_FILES_ID;
}

/** A `Content-Length` value as a byte count, or null when missing or not a plain number. */
export function sizeFromHeader(value: string | null | undefined): number | null {
  if (value == null || !/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** The registry's label for a repository id. */
function registryLabel(id: string): string | undefined {
  return findModel(id)?.label;
}

/**
 * Groups stored entries by repository: models the registry knows first, by label, then unknown
 * repositories by id, then the entries that are not Hub files.
 */
export function groupStored(entries: readonly { url: string; bytes: number | null }[], labelOf: (id: string) => string | undefined = registryLabel): StoredModel[] {
  const groups = new Map<string, StoredModel>();
  for (const e of entries) {
    const hub = parseHubUrl(e.url);
    const id = hub?.repo ?? OTHER_FILES_ID;
    let g = groups.get(id);
    if (!g) {
      const label = hub ? labelOf(id) : undefined;
      g = { id, label: label ?? (hub ? id : 'Other files'), known: label !== undefined, files: [], bytes: 0, unknownSizes: 0 };
      groups.set(id, g);
    }
    g.files.push({ url: e.url, file: hub?.file ?? e.url, bytes: e.bytes });
    if (e.bytes === null) g.unknownSizes++;
    else g.bytes += e.bytes;
  }
  const rank = (g: StoredModel): number => (g.id === OTHER_FILES_ID ? 2 : g.known ? 0 : 1);
  const out = [...groups.values()];
  for (const g of out) g.files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return out.sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label, 'en'));
}

/** The environment with its defaults filled in. */
function resolve(env: BrowserCacheEnv): { caches: CacheStorageLike | null; storage: StorageManagerLike | null; name: string; labelOf: (id: string) => string | undefined } {
  const g = globalThis as { caches?: CacheStorageLike; navigator?: { storage?: StorageManagerLike } };
  return {
    caches: env.caches !== undefined ? env.caches : (g.caches ?? null),
    storage: env.storage !== undefined ? env.storage : (g.navigator?.storage ?? null),
    name: env.cacheName ?? MODEL_CACHE_NAME,
    labelOf: env.labelOf ?? registryLabel,
  };
}

/**
 * Opens the bucket, or says why it cannot: null cache means there is nothing stored (the
 * bucket does not exist, and is not created just to look).
 */
async function openBucket(env: BrowserCacheEnv, create: boolean): Promise<{ ok: true; cache: CacheLike | null } | { ok: false; reason: string }> {
  const { caches, name } = resolve(env);
  if (!caches || typeof caches.open !== 'function') return { ok: false, reason: NO_CACHE_API };
  try {
    if (!create && typeof caches.has === 'function' && !(await caches.has(name))) return { ok: true, cache: null };
    return { ok: true, cache: await caches.open(name) };
  } catch {
    return { ok: false, reason: CACHE_BLOCKED };
  }
}

/** The size of one stored entry: its `Content-Length`, else its body's size, else null. */
async function entryBytes(cache: CacheLike, url: string): Promise<number | null> {
  try {
    const res = await cache.match(url);
    if (!res) return null;
    const header = sizeFromHeader(res.headers.get('content-length'));
    if (header !== null) return header;
    return (await res.blob()).size;
  } catch {
    return null;
  }
}

/** Everything the model bucket holds, grouped by model, with sizes. Never throws. */
export async function listStoredModels(env: BrowserCacheEnv = {}): Promise<StoredListing> {
  const opened = await openBucket(env, false);
  if (!opened.ok) return { state: 'unavailable', reason: opened.reason };
  if (!opened.cache) return { state: 'available', models: [], bytes: 0, files: 0 };
  const cache = opened.cache;
  let keys: readonly { url: string }[];
  try {
    keys = await cache.keys();
  } catch {
    return { state: 'unavailable', reason: CACHE_BLOCKED };
  }
  const entries = await Promise.all(keys.map(async (k) => ({ url: k.url, bytes: await entryBytes(cache, k.url) })));
  const models = groupStored(entries, resolve(env).labelOf);
  return { state: 'available', models, bytes: models.reduce((s, m) => s + m.bytes, 0), files: entries.length };
}

/** The browser's estimate of what this site uses and may use, or null when it does not say. Never throws. */
export async function storageUse(env: BrowserCacheEnv = {}): Promise<StorageUse> {
  const { storage } = resolve(env);
  if (!storage || typeof storage.estimate !== 'function') return null;
  try {
    const e = await storage.estimate();
    const usage = e.usage;
    const quota = e.quota;
    if (typeof usage !== 'number' || typeof quota !== 'number' || !Number.isFinite(usage) || !Number.isFinite(quota) || quota <= 0) return null;
    return { usage, quota };
  } catch {
    return null;
  }
}

/** Deletes the entries `pick` chooses; never throws. */
async function removeWhere(env: BrowserCacheEnv, pick: (url: string) => boolean): Promise<RemoveResult> {
  const opened = await openBucket(env, false);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  if (!opened.cache) return { ok: true, removed: 0 };
  const cache = opened.cache;
  let removed = 0;
  try {
    for (const k of await cache.keys()) {
      if (pick(k.url) && (await cache.delete(k.url))) removed++;
    }
  } catch {
    return { ok: false, reason: `The browser would not remove the stored files${removed > 0 ? ` (${removed} were removed before it refused)` : ''}. Try again, or clear this site's data in the browser's settings.` };
  }
  return { ok: true, removed };
}

/** Removes every stored file of one model (`id`: a repository id, or `OTHER_FILES_ID`). Never throws. */
export function removeStoredModel(id: string, env: BrowserCacheEnv = {}): Promise<RemoveResult> {
  return removeWhere(env, (url) => groupOf(url) === id);
}

/** Removes everything the model bucket holds. Never throws. */
export function removeAllStored(env: BrowserCacheEnv = {}): Promise<RemoveResult> {
  return removeWhere(env, () => true);
}

/** The cache-key prefix of a Hub repository's files on the site's Hub host. */
export function hubPrefix(id: string, hubHost: string = siteConfig.hubHost): string {
  return `${hubHost}${id}/`;
}

/**
 * Whether a thrown value says that storage is full: a `QuotaExceededError` DOMException (every
 * browser's Cache API and Web Storage), its legacy code 22, or Firefox's old name.
 */
export function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { name?: unknown; code?: unknown };
  return x.name === 'QuotaExceededError' || x.name === 'NS_ERROR_DOM_QUOTA_REACHED' || (x.name !== 'Error' && x.code === 22);
}

/** The cache writes that failed for lack of room, by URL. */
export interface CacheWriteWatch {
  /** The URLs under `prefix` whose write failed for lack of room since the last `forget`. */
  failedUnder(prefix: string): string[];
  /** Forgets the failures under `prefix` (before a new load). */
  forget(prefix: string): void;
}

type PutFn = (request: unknown, response: unknown) => Promise<void>;
const WATCHED = Symbol.for('lm-notes.cache-write-watch');

/**
 * Wraps `proto.put` (the worker passes `Cache.prototype`) so that a write refused for lack of
 * room is noted before the error goes on unchanged to the caller (transformers.js, which logs it
 * and carries on without the file). Wrapping twice returns the first watch. Without a `put`
 * (no Cache API), nothing is wrapped and nothing is ever reported.
 */
export function watchCacheWrites(proto: { put?: PutFn } | null | undefined): CacheWriteWatch {
  const failed = new Set<string>();
  const watch: CacheWriteWatch = {
    failedUnder: (prefix) => [...failed].filter((u) => u.startsWith(prefix)),
    forget: (prefix) => {
      for (const u of [...failed]) if (u.startsWith(prefix)) failed.delete(u);
    },
  };
  if (!proto || typeof proto.put !== 'function') return watch;
  const marked = proto as { [WATCHED]?: CacheWriteWatch };
  const existing = marked[WATCHED];
  if (existing) return existing;
  const original = proto.put;
  const urlOf = (request: unknown): string => {
    if (typeof request === 'string') return request;
    const u = (request as { url?: unknown } | null)?.url;
    return typeof u === 'string' ? u : String(request);
  };
  const note = (request: unknown, e: unknown): void => {
    if (isQuotaError(e)) failed.add(urlOf(request));
  };
  proto.put = function (this: unknown, request: unknown, response: unknown): Promise<void> {
    let result: Promise<void>;
    try {
      result = original.call(this, request, response);
    } catch (e) {
      note(request, e);
      throw e;
    }
    return Promise.resolve(result).catch((e: unknown) => {
      note(request, e);
      throw e;
    });
  };
  marked[WATCHED] = watch;
  return watch;
}
