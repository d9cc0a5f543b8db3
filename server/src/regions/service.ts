/**
 * The language server's side of generated regions: feeds the tracker every incremental
 * change (through the TextDocuments update hook, which sees each content change event
 * against the text it applies to), re-validates regions when a document opens,
 * registers new regions (waiting for the edit's didChange when it has not arrived yet)
 * and persists the lot under the storage directory.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import type { GeneratedRegion, RegionSource } from '../protocol';
import { offsetAt, relocate } from './find';
import { insertedRegion } from './inserted';
import { RegionStore } from './store';
import { summarize } from './summary';
import { RegionTracker } from './tracker';
import type { TextEdit } from 'vscode-languageserver-protocol';

interface Pending {
  uri: string;
  /** The document version that will contain the code. */
  version: number;
  range: GeneratedRegion['range'];
  text: string;
  source: RegionSource;
}

export class RegionService {
  readonly tracker = new RegionTracker();
  private store: RegionStore | undefined;
  private readonly pending = new Map<string, Pending[]>();
  private readonly sub: { dispose(): void };

  constructor(private readonly onError?: (message: string) => void) {
    this.sub = this.tracker.onDidChange(() => this.store?.schedule(() => this.tracker.snapshot()));
  }

  /** Persist under `storagePath` and load what an earlier session left there. */
  open(storagePath: string | undefined): void {
    if (!storagePath || this.store) return;
    this.store = new RegionStore(storagePath, 200, this.onError);
    this.tracker.load(this.store.load());
  }

  /** Wraps a TextDocuments configuration so every content change also moves the regions. */
  documentsConfig(base: TextDocumentsConfiguration<TextDocument>): TextDocumentsConfiguration<TextDocument> {
    return {
      create: (uri, languageId, version, content) => base.create(uri, languageId, version, content),
      update: (doc, changes: TextDocumentContentChangeEvent[], version) => {
        this.tracker.applyChanges(doc.uri, changes);
        const next = base.update(doc, changes, version);
        this.settle(next);
        return next;
      },
    };
  }

  /** didOpen: persisted regions are checked against the text actually opened. */
  opened(doc: TextDocument): void {
    this.tracker.validate(doc.uri, doc.getText());
    this.settle(doc);
  }

  /**
   * Registers code that `edits` inserted, producing `version` of the document. `current`
   * is the server's copy of the document (which may not have seen the edit yet).
   */
  applied(uri: string, version: number, edits: readonly TextEdit[], source: RegionSource, current: TextDocument | undefined): GeneratedRegion | undefined {
    const where = insertedRegion(edits);
    if (!where) return undefined;
    const p: Pending = { uri, version, range: where.range, text: where.text, source };
    if (current && current.version >= version) return this.place(p, current.getText());
    this.pending.set(uri, [...(this.pending.get(uri) ?? []), p]);
    return undefined;
  }

  list(uri: string): GeneratedRegion[] {
    return this.tracker.list(uri);
  }

  dispose(): void {
    this.sub.dispose();
    this.store?.flushSync();
  }

  private settle(doc: TextDocument): void {
    const waiting = this.pending.get(doc.uri);
    if (!waiting) return;
    const ready = waiting.filter((p) => doc.version >= p.version);
    const rest = waiting.filter((p) => doc.version < p.version);
    if (rest.length) this.pending.set(doc.uri, rest);
    else this.pending.delete(doc.uri);
    for (const p of ready) this.place(p, doc.getText());
  }

  private place(p: Pending, text: string): GeneratedRegion | undefined {
    const at = offsetAt(text, p.range.start);
    const range = text.startsWith(p.text, at) ? p.range : relocate(text, p.text, p.range);
    if (!range) {
      this.onError?.(`generated code for ${p.uri} was not found in the document; no evidence lens for it`);
      return undefined;
    }
    return this.tracker.add(p.uri, range, p.text, summarize(p.source));
  }
}
