/**
 * Optional persistence of the snippet cache across restarts: a bounded JSON file written
 * atomically (temp file + rename). Loading drops expired and malformed entries and never
 * throws on a missing or corrupt file. Only results are stored, never keys or secrets.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { CacheEntry, SnippetCache } from './snippetCache';

const FORMAT = 'weavergen-snippet-cache';
const VERSION = 1;

interface FileShape<R> {
  format: string;
  version: number;
  entries: { key: string; entry: CacheEntry<R> }[];
}

/** Writes the live entries (least recent first), at most `maxFileBytes` of them (default: the cache bound). */
export async function saveCache<R extends object>(cache: SnippetCache<R>, file: string, maxFileBytes = cache.maxBytes): Promise<number> {
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
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, JSON.stringify(body), 'utf8');
  await fsp.rename(tmp, file);
  return kept.length;
}

/** Loads entries into the cache; returns how many were restored (0 for a missing/corrupt file). */
export async function loadCache<R extends object>(cache: SnippetCache<R>, file: string): Promise<number> {
  let raw: string;
  try {
    raw = await fsp.readFile(file, 'utf8');
  } catch {
    return 0;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 0;
  }
  const body = parsed as Partial<FileShape<R>>;
  if (body?.format !== FORMAT || body.version !== VERSION || !Array.isArray(body.entries)) return 0;
  let n = 0;
  for (const item of body.entries) {
    if (!isEntry(item)) continue;
    if (cache.restore(item.key, { ...item.entry, served: 0 })) n++;
  }
  return n;
}

function isEntry(x: unknown): x is { key: string; entry: CacheEntry<never> } {
  if (!x || typeof x !== 'object') return false;
  const { key, entry } = x as { key?: unknown; entry?: Record<string, unknown> };
  return typeof key === 'string' && !!entry && typeof entry === 'object' &&
    typeof entry.createdAt === 'number' && typeof entry.tokens === 'number' &&
    (entry.origin === 'foreground' || entry.origin === 'background') && !!entry.result && typeof entry.result === 'object';
}
