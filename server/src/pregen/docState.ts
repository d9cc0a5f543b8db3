/**
 * What pre-generation remembers per open document: the cursor (from requests and the
 * `weavergen/cursor` hint), recent edit offsets (found by diffing against the last text
 * seen, since TextDocuments does not hand the changes to listeners), and the last result
 * served, to notice when it is accepted. Bounded; pure apart from the injected clock.
 */
import type { Position } from 'vscode-languageserver-protocol';
import type { RecentEdit } from '../prediction';

const MAX_EDITS = 32;
/** A served result counts as accepted when it shows up in the text within this window. */
export const ACCEPT_WINDOW_MS = 60_000;

export interface Served { code: string; kind: string; key: string; at: number }

export class DocState {
  cursor?: Position;
  edits: RecentEdit[] = [];
  private text: string;
  private served?: Served;

  constructor(text: string) {
    this.text = text;
  }

  /** The document changed to `next`: record where (first differing offset). False when the text is the same. */
  changed(next: string, now: number): boolean {
    const prev = this.text;
    this.text = next;
    if (prev === next) return false;
    const n = Math.min(prev.length, next.length);
    let i = 0;
    while (i < n && prev.charCodeAt(i) === next.charCodeAt(i)) i++;
    this.edits.push({ offset: i, time: now });
    if (this.edits.length > MAX_EDITS) this.edits.shift();
    // Older edit offsets after the change point shift with it.
    const delta = next.length - prev.length;
    for (const e of this.edits.slice(0, -1)) if (e.offset > i) e.offset = Math.max(i, e.offset + delta);
    return true;
  }

  remember(served: Served): void {
    this.served = served;
  }

  /** The served result that the current text now contains (once), if any. */
  takeAccepted(now: number): Served | undefined {
    const s = this.served;
    if (!s || now - s.at > ACCEPT_WINDOW_MS || !s.code.trim() || !this.text.includes(s.code)) return undefined;
    this.served = undefined;
    return s;
  }
}
