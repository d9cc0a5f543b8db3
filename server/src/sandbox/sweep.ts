/**
 * Removes sandbox temp dirs left behind by a server that died mid-run (its `finally` never
 * ran). Only dirs with our prefixes and older than `maxAgeMs` are touched, so runs of other
 * live servers on the same machine are safe.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEMP_PREFIXES = ['weavergen-sbx-', 'weavergen-probe-'];

export async function sweepStaleSandboxDirs(maxAgeMs = 30 * 60 * 1000, base = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return removed;
  }
  const now = Date.now();
  for (const name of names) {
    if (!TEMP_PREFIXES.some((p) => name.startsWith(p))) continue;
    const path = join(base, name);
    try {
      const st = await stat(path);
      if (!st.isDirectory() || now - st.mtimeMs < maxAgeMs) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // raced with its owner or already gone
    }
  }
  return removed;
}
