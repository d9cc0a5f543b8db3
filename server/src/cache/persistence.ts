/**
 * Optional persistence of the snippet cache across restarts: a bounded JSON file in the
 * storage dir, written atomically and never through a symlink (util/safeFiles). Loading
 * drops expired and malformed entries and never throws; a corrupt file is moved aside.
 * Only results are stored, never keys or secrets.
 */
import * as path from 'node:path';
import { StateDir, type Log } from '../util/safeFiles';
import type { CacheEntry, SnippetCache } from './snippetCache';

const FORMAT = 'weavergen-snippet-cache';
const VERSION = 1;

interface FileShape<R> {
  format: string;
  version: number;
  entries: { key: string; entry: CacheEntry<R> }[];
}

/** Where the file lies: `root` is the storage dir (default: the file's folder), `log` hears recoveries. */
export interface CacheFileOptions {
  root?: string;
  log?: Log;
}

const stateOf = (file: string, opts: CacheFileOptions) => StateDir.at(path.dirname(file), opts.root, opts.log);

/** Writes the live entries (least recent first), at most `maxFileBytes` of them (default: the cache bound). */
export async function saveCache<R extends object>(
  cache: SnippetCache<R>, file: string, maxFileBytes = cache.maxBytes, opts: CacheFileOptions = {},
): Promise<number> {
  const all = cache.liveEntries();
  // Keep the most recent entries that fit: walk from the newest end.
  const kept: typeof all = [];
  let bytes = 64;
  for (let i = all.length - 1; i >= 0; i--) {
    const b = Buffer.byteLength(JSON.stringify(all[i])) + 1;
    if (bytes + b > maxFileBytes) break;
    bytes += b;
    kept.unshift(all[i]);
  }
  const body: FileShape<R> = { format: FORMAT, version: VERSION, entries: kept };
  await stateOf(file, opts).replace(path.basename(file), JSON.stringify(body));
  return kept.length;
}

/** Loads entries into the cache; returns how many were restored (0 for a missing/corrupt file). */
export async function loadCache<R extends object>(cache: SnippetCache<R>, file: string, opts: CacheFileOptions = {}): Promise<number> {
  const body = (await stateOf(file, opts).readJson(path.basename(file), isFile)) as FileShape<R> | undefined;
  if (!body) return 0;
  let n = 0;
  for (const item of body.entries) {
    if (!isEntry(item)) continue;
    if (cache.restore(item.key, { ...item.entry, served: 0 })) n++;
  }
  return n;
}

function isFile(v: unknown): boolean {
  const body = v as Partial<FileShape<never>> | null;
  return body?.format === FORMAT && body.version === VERSION && Array.isArray(body.entries);
}

function isEntry(x: unknown): x is { key: string; entry: CacheEntry<never> } {
  if (!x || typeof x !== 'object') return false;
  const { key, entry } = x as { key?: unknown; entry?: Record<string, unknown> };
  return typeof key === 'string' && !!entry && typeof entry === 'object' &&
    typeof entry.createdAt === 'number' && typeof entry.tokens === 'number' &&
    (entry.origin === 'foreground' || entry.origin === 'background') && !!entry.result && typeof entry.result === 'object';
}
