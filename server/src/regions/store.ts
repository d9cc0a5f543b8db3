/**
 * Persistence of generated regions per workspace: one JSON file under the extension's
 * storage directory, written atomically and never through a symlink (util/safeFiles),
 * debounced after changes and flushed synchronously on shutdown. A corrupt file is moved aside.
 */
import * as path from 'node:path';
import { isUnsafeStatePath, StateDir } from '../util/safeFiles';
import type { StoredRegion } from './tracker';

const FORMAT = 1;
export const REGIONS_FILE = 'regions.json';

export class RegionStore {
  private timer: NodeJS.Timeout | undefined;
  private pending: (() => Record<string, StoredRegion[]>) | undefined;
  private readonly state: StateDir;
  /** Set once a write was refused (a planted symlink, a symlinked storage dir): reported once, then nothing is written. */
  private refused = false;

  constructor(readonly dir: string, private readonly delayMs = 200, private readonly onError?: (message: string) => void) {
    this.state = new StateDir(dir, '', onError);
  }

  get file(): string {
    return path.join(this.dir, REGIONS_FILE);
  }

  /** The persisted regions; empty when the file is missing or unreadable. */
  load(): Record<string, StoredRegion[]> {
    const raw = this.state.readJsonSync(REGIONS_FILE, isFileShape) as { files: Record<string, unknown> } | undefined;
    const out: Record<string, StoredRegion[]> = {};
    for (const [uri, list] of Object.entries(raw?.files ?? {})) {
      if (Array.isArray(list)) out[uri] = list.filter(isStored);
    }
    return out;
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
    if (this.refused) return;
    try {
      this.state.replaceSync(REGIONS_FILE, JSON.stringify({ format: FORMAT, files }));
    } catch (e) {
      this.refused = isUnsafeStatePath(e);
      this.onError?.(`could not write ${this.file}: ${(e as Error).message}${this.refused ? '; regions are not saved in this session' : ''}`);
    }
  }
}

function isFileShape(v: unknown): boolean {
  const raw = v as { format?: unknown; files?: unknown } | null;
  return raw?.format === FORMAT && !!raw.files && typeof raw.files === 'object';
}

function isStored(r: unknown): r is StoredRegion {
  const x = r as Partial<StoredRegion> | null;
  return Boolean(x && typeof x.id === 'string' && typeof x.text === 'string' && typeof x.originalText === 'string'
    && x.range && x.range.start && x.range.end && x.summary && typeof x.edited === 'number');
}
