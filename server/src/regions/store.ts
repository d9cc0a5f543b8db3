/**
 * Persistence of generated regions per workspace: one JSON file under the extension's
 * storage directory, written atomically (temp file + rename), debounced after changes and
 * flushed synchronously on shutdown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StoredRegion } from './tracker';

const FORMAT = 1;
export const REGIONS_FILE = 'regions.json';

export class RegionStore {
  private timer: NodeJS.Timeout | undefined;
  private pending: (() => Record<string, StoredRegion[]>) | undefined;

  constructor(readonly dir: string, private readonly delayMs = 200, private readonly onError?: (message: string) => void) {}

  get file(): string {
    return path.join(this.dir, REGIONS_FILE);
  }

  /** The persisted regions; empty when the file is missing or unreadable. */
  load(): Record<string, StoredRegion[]> {
    try {
      const raw = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { format?: number; files?: Record<string, StoredRegion[]> };
      if (raw.format !== FORMAT || !raw.files || typeof raw.files !== 'object') return {};
      const out: Record<string, StoredRegion[]> = {};
      for (const [uri, list] of Object.entries(raw.files)) {
        if (Array.isArray(list)) out[uri] = list.filter(isStored);
      }
      return out;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.onError?.(`could not read ${this.file}: ${(e as Error).message}`);
      return {};
    }
  }

  /** Writes `data()` soon (coalescing bursts of edits). */
  schedule(data: () => Record<string, StoredRegion[]>): void {
    this.pending = data;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flushSync(), this.delayMs);
    this.timer.unref?.();
  }

  flushSync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const data = this.pending;
    this.pending = undefined;
    if (data) this.save(data());
  }

  save(files: Record<string, StoredRegion[]>): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ format: FORMAT, files }));
      fs.renameSync(tmp, this.file);
    } catch (e) {
      this.onError?.(`could not write ${this.file}: ${(e as Error).message}`);
    }
  }
}

function isStored(r: unknown): r is StoredRegion {
  const x = r as Partial<StoredRegion> | null;
  return Boolean(x && typeof x.id === 'string' && typeof x.text === 'string' && typeof x.originalText === 'string'
    && x.range && x.range.start && x.range.end && x.summary && typeof x.edited === 'number');
}
