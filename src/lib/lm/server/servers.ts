/**
 * Class servers the model picker offers: the instructor's, from `site.config.ts`, and any a
 * reader added by address (kept in localStorage under `lm-notes:servers`, removable). Each has
 * the model id `server:{name}`, so a server can be the page's model like any registry model.
 */
import { siteConfig } from '../../../site.config';
import type { ClassServerConfig } from '../../../site.config';
import { readItem, writeItem } from '../../storage/safe-storage';
import type { KeyValueStorage } from '../../storage/safe-storage';

/** Model ids of class servers start with this. */
export const SERVER_PREFIX = 'server:';

/** localStorage key of the servers a reader added. */
export const SERVERS_STORAGE_KEY = 'lm-notes:servers';

/** A class server as the picker and the runtime see it. */
export interface ClassServer extends ClassServerConfig {
  /** Model id: `server:{name}`. */
  id: string;
  /** Whether a reader added it (and may remove it), rather than the site's configuration. */
  addedByReader: boolean;
}

/** What the worker needs to talk to a server (plain data, sent with the load request). */
export interface ServerTarget {
  /** Base URL without a trailing slash. */
  url: string;
  /** The served model id. */
  model: string;
  /** Display name. */
  label: string;
  /** Bearer key, if any. */
  apiKey?: string;
  /** Token put before a scored text, if configured. */
  bosToken?: string;
}

/** Whether a model id names a class server. */
export function isServerId(id: string): boolean {
  return id.startsWith(SERVER_PREFIX);
}

/** An address a reader typed, made canonical (no trailing slash, no `/v1`), or the reason it is not usable. */
export function normaliseServerUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  const text = raw.trim();
  if (text.length === 0) return { ok: false, message: 'Type the server’s address, for example http://localhost:8000.' };
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return { ok: false, message: `“${text}” is not a web address. Type it like http://localhost:8000.` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, message: 'The address must start with http:// or https://.' };
  if (u.search || u.hash) return { ok: false, message: 'Leave out any ?query or #part of the address.' };
  const path = u.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { ok: true, url: `${u.origin}${path}` };
}

/** The site's own servers (site.config.ts). */
export function siteServers(configs: readonly ClassServerConfig[] = siteConfig.servers): ClassServer[] {
  return configs.map((c) => ({ ...c, url: c.url.replace(/\/+$/, ''), id: `${SERVER_PREFIX}${c.name}`, addedByReader: false }));
}

/** Whether a stored value is a usable server entry. */
function isStoredServer(v: unknown): v is ClassServerConfig {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.name === 'string' &&
    /^[\w-]+$/.test(r.name) &&
    typeof r.url === 'string' &&
    normaliseServerUrl(r.url).ok &&
    typeof r.model === 'string' &&
    r.model.length > 0 &&
    typeof r.label === 'string' &&
    (r.apiKey === undefined || typeof r.apiKey === 'string')
  );
}

/** Servers added on this page that storage would not keep (full or blocked): they last until the page closes. */
const pageOnly: ClassServerConfig[] = [];

/** The servers a reader added (entries that do not parse are skipped). */
export function readerServers(storage: KeyValueStorage | null): ClassServer[] {
  const read = readItem(storage, SERVERS_STORAGE_KEY);
  let list: unknown = [];
  if (read.ok && read.value !== null) {
    try {
      list = JSON.parse(read.value);
    } catch {
      list = [];
    }
  }
  const stored = Array.isArray(list) ? list.filter(isStoredServer) : [];
  const names = new Set(stored.map((c) => c.name));
  return [...stored, ...pageOnly.filter((c) => !names.has(c.name))].map((c) => ({ ...c, id: `${SERVER_PREFIX}${c.name}`, addedByReader: true }));
}

/** Every server on offer: the site's, then the reader's. */
export function allServers(storage: KeyValueStorage | null): ClassServer[] {
  return [...siteServers(), ...readerServers(storage)];
}

/** The server with model id `id`, if there is one. */
export function findServer(id: string, storage: KeyValueStorage | null): ClassServer | undefined {
  if (!isServerId(id)) return undefined;
  return allServers(storage).find((s) => s.id === id);
}

/** The runtime's view of a server. */
export function serverTarget(s: ClassServerConfig): ServerTarget {
  const t: ServerTarget = { url: s.url.replace(/\/+$/, ''), model: s.model, label: s.label };
  if (s.apiKey) t.apiKey = s.apiKey;
  if (s.bosToken) t.bosToken = s.bosToken;
  return t;
}

/** What a reader fills in to add a server. */
export interface NewServer {
  /** Address as typed. */
  url: string;
  /** Served model id. */
  model: string;
  /** Optional display name (default: the model id and host). */
  label?: string;
  /** Optional bearer key. */
  apiKey?: string;
}

/**
 * Adds a reader's server (or replaces one with the same address and model). Returns it, and
 * whether it was saved for later visits (storage can be full or blocked: then it lasts for this
 * page only); an unusable address or an empty model id is refused with the reason.
 */
export function addReaderServer(
  storage: KeyValueStorage | null,
  input: NewServer,
): { ok: true; server: ClassServer; saved: boolean } | { ok: false; message: string } {
  const url = normaliseServerUrl(input.url);
  if (!url.ok) return url;
  const model = input.model.trim();
  if (model.length === 0) return { ok: false, message: 'Type the model id the server serves (its /v1/models lists it).' };
  const existing = readerServers(storage);
  const same = existing.find((s) => s.url === url.url && s.model === model);
  const used = new Set(existing.map((s) => s.name));
  let n = 1;
  while (used.has(`reader-${n}`)) n++;
  const name = same?.name ?? `reader-${n}`;
  const config: ClassServerConfig = { name, url: url.url, model, label: input.label?.trim() || `${model} at ${new URL(url.url).host}` };
  if (input.apiKey?.trim()) config.apiKey = input.apiKey.trim();
  const list = [...existing.filter((s) => s.name !== name).map(stripRuntime), config];
  const saved = writeItem(storage, SERVERS_STORAGE_KEY, JSON.stringify(list));
  if (!saved) pageOnly.push(config);
  return { ok: true, server: { ...config, id: `${SERVER_PREFIX}${name}`, addedByReader: true }, saved };
}

/** Removes a reader's server; false when there was none with that id. */
export function removeReaderServer(storage: KeyValueStorage | null, id: string): boolean {
  const existing = readerServers(storage);
  const kept = existing.filter((s) => s.id !== id);
  if (kept.length === existing.length) return false;
  const i = pageOnly.findIndex((c) => `${SERVER_PREFIX}${c.name}` === id);
  if (i >= 0) pageOnly.splice(i, 1);
  writeItem(storage, SERVERS_STORAGE_KEY, JSON.stringify(kept.map(stripRuntime)));
  return true;
}

/** The stored form of a server (without the fields computed on reading). */
function stripRuntime(s: ClassServer): ClassServerConfig {
  const { id: _id, addedByReader: _r, ...config } = s;
  return config;
}
