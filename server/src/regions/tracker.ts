/**
 * Generated regions per document, kept in step with the document's incremental changes.
 * Pure (no LSP connection, no files): the language server feeds it content changes and
 * opened texts; persistence and LSP wiring live in store.ts and service.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Range } from 'vscode-languageserver-protocol';
import type { GeneratedRegion, RegionSummary } from '../protocol';
import { relocate } from './find';
import { cmp } from './positions';
import { applyChange, editedShare, STALE_SHARE, type RangeChange } from './track';

/** A region as kept and persisted: the public view plus its current text and edit count. */
export interface StoredRegion extends GeneratedRegion {
  text: string;
  edited: number;
}

export type ContentChange = RangeChange | { text: string };

export interface Listener {
  (uri: string): void;
}

export class RegionTracker {
  private readonly byUri = new Map<string, StoredRegion[]>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly staleShare = STALE_SHARE) {}

  /** Called with the document URI whenever its regions move, change state or go away. */
  onDidChange(fn: Listener): { dispose(): void } {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  }

  list(uri: string): GeneratedRegion[] {
    return (this.byUri.get(uri) ?? []).map(publicView);
  }

  /** The region containing `pos` (the innermost/last one when several do). */
  at(uri: string, pos: { line: number; character: number }): GeneratedRegion | undefined {
    const hit = (this.byUri.get(uri) ?? []).filter((r) => cmp(r.range.start, pos) <= 0 && cmp(pos, r.range.end) <= 0).at(-1);
    return hit && publicView(hit);
  }

  get(id: string): GeneratedRegion | undefined {
    for (const list of this.byUri.values()) {
      const r = list.find((x) => x.id === id);
      if (r) return publicView(r);
    }
    return undefined;
  }

  /** Registers code just inserted at `range`; regions it overlaps are replaced. */
  add(uri: string, range: Range, text: string, summary: RegionSummary, createdAt = Date.now()): GeneratedRegion {
    const region: StoredRegion = {
      id: randomUUID(), uri, range, summary, originalText: text, text, edited: 0, editedShare: 0, stale: false, createdAt,
    };
    const kept = (this.byUri.get(uri) ?? []).filter((r) => cmp(r.range.end, range.start) <= 0 || cmp(range.end, r.range.start) <= 0);
    this.byUri.set(uri, [...kept, region].sort((a, b) => cmp(a.range.start, b.range.start)));
    this.emit(uri);
    return publicView(region);
  }

  /** Applies one didChange's content changes, in order. */
  applyChanges(uri: string, changes: readonly ContentChange[]): void {
    const list = this.byUri.get(uri);
    if (!list?.length) return;
    let next = list;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        next = revalidate(next, change.text);
        continue;
      }
      next = next.flatMap((r) => {
        const moved = applyChange(r, change as RangeChange);
        if (!moved) return [];
        if (moved === r) return [r];
        const share = editedShare(moved.edited, r.originalText.length);
        return [{ ...r, ...moved, editedShare: share, stale: r.stale || share > this.staleShare }];
      });
    }
    this.replace(uri, list, next);
  }

  /** Checks every region of `uri` against the document's full text (didOpen after a reload). */
  validate(uri: string, docText: string): void {
    const list = this.byUri.get(uri);
    if (!list?.length) return;
    this.replace(uri, list, revalidate(list, docText));
  }

  remove(id: string): boolean {
    for (const [uri, list] of this.byUri) {
      const next = list.filter((r) => r.id !== id);
      if (next.length !== list.length) {
        this.replace(uri, list, next);
        return true;
      }
    }
    return false;
  }

  /** Everything, for persistence. */
  snapshot(): Record<string, StoredRegion[]> {
    return Object.fromEntries([...this.byUri].filter(([, l]) => l.length > 0).map(([uri, l]) => [uri, l.map((r) => ({ ...r }))]));
  }

  /** Replaces the state with persisted regions (to be validated when each document opens). */
  load(data: Record<string, StoredRegion[]>): void {
    this.byUri.clear();
    for (const [uri, list] of Object.entries(data)) if (list.length) this.byUri.set(uri, list.map((r) => ({ ...r, uri })));
  }

  private replace(uri: string, before: StoredRegion[], after: StoredRegion[]): void {
    if (after.length === before.length && after.every((r, i) => r === before[i])) return;
    if (after.length) this.byUri.set(uri, after);
    else this.byUri.delete(uri);
    this.emit(uri);
  }

  private emit(uri: string): void {
    for (const l of [...this.listeners]) l(uri);
  }
}

function revalidate(list: StoredRegion[], docText: string): StoredRegion[] {
  return list.flatMap((r) => {
    const range = relocate(docText, r.text, r.range);
    if (!range) return [];
    return cmp(range.start, r.range.start) === 0 && cmp(range.end, r.range.end) === 0 ? [r] : [{ ...r, range }];
  });
}

function publicView(r: StoredRegion): GeneratedRegion {
  const { text: _text, edited: _edited, ...view } = r;
  return { ...view, range: { start: { ...r.range.start }, end: { ...r.range.end } } };
}
