/**
 * Outcome capture, client side: what happened to a generated result once it is in the
 * editor. After `weavergen.learning.outcomeDelayMs` the inserted text is compared with what
 * is there now: accepted (unchanged), accepted-edited (with the share changed) or undone
 * (gone). An undo that removes the insertion is reported at once as undone; Swap in
 * Alternative as replaced-by-alternative; a new error diagnostic inside the region as
 * broken-later. Dismissed is not captured (see docs/protocol.md). Each is one
 * `weavergen/outcome` notification; nothing leaves the machine.
 */
import * as vscode from 'vscode';
import { OutcomeNotification, type GenerateResult, type OutcomeParams } from '../../server/src/protocol';
import { judge, shiftRange, type OffsetRange } from './outcomeMath';

interface Tracked {
  resultId: string;
  uri: string;
  inserted: string;
  range: OffsetRange;
  judged: boolean;
  broken: boolean;
  baseline: Set<string>;
  timers: NodeJS.Timeout[];
}

export class OutcomeTracker implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly recorded = new vscode.EventEmitter<OutcomeParams>();
  /** Fires for every outcome sent (test hook). */
  readonly onDidRecord = this.recorded.event;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly send: (p: OutcomeParams) => void, private readonly delayMs: () => number) {
    this.subs = [
      this.recorded,
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.languages.onDidChangeDiagnostics((e) => this.onDiagnostics(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forgetUri(d.uri.toString())),
    ];
  }

  /** Starts observing a result just applied to `document`. */
  applied(document: vscode.TextDocument, result: GenerateResult): void {
    const resultId = result.resultId ?? result.traceId;
    const inserted = result.edit.edits[0]?.newText ?? result.code;
    if (!resultId || !inserted.trim()) return;
    const text = document.getText();
    const expected = document.offsetAt(new vscode.Position(result.edit.edits[0]?.range.start.line ?? 0, result.edit.edits[0]?.range.start.character ?? 0));
    const start = nearest(text, inserted, expected);
    if (start < 0) return;
    const uri = document.uri.toString();
    const t: Tracked = {
      resultId, uri, inserted, range: { start, end: start + inserted.length }, judged: false, broken: false,
      baseline: new Set(errorsIn(document.uri).map(key)), timers: [],
    };
    this.tracked.set(resultId, t);
    const delay = Math.max(1, this.delayMs());
    t.timers.push(setTimeout(() => this.judge(t), delay));
    // Keep watching for broken-later a while longer, then forget.
    t.timers.push(setTimeout(() => this.forget(t), 3 * delay));
  }

  /** Swap in Alternative replaced the shown result. */
  swapped(resultId: string | undefined, clusterId: string): void {
    if (!resultId) return;
    const t = this.tracked.get(resultId);
    if (t) this.forget(t);
    this.emit({ resultId, kind: 'replaced-by-alternative', alternativeClusterId: clusterId });
  }

  private judge(t: Tracked): void {
    if (t.judged || !this.tracked.has(t.resultId)) return;
    t.judged = true;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === t.uri);
    if (!doc) return this.forget(t);
    const now = doc.getText(new vscode.Range(doc.positionAt(t.range.start), doc.positionAt(t.range.end)));
    const verdict = judge(t.inserted, now);
    this.emit({ resultId: t.resultId, kind: verdict.kind, ...(verdict.editRatio !== undefined ? { editRatio: verdict.editRatio } : {}) });
    if (verdict.kind === 'undone') this.forget(t);
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    for (const t of [...this.tracked.values()]) {
      if (t.uri !== uri) continue;
      for (const c of e.contentChanges) t.range = shiftRange(t.range, c.rangeOffset, c.rangeLength, c.text.length);
      if (!t.judged && e.reason === vscode.TextDocumentChangeReason.Undo && !e.document.getText().includes(t.inserted.trim())) {
        t.judged = true;
        this.emit({ resultId: t.resultId, kind: 'undone' });
        this.forget(t);
      }
    }
  }

  private onDiagnostics(e: vscode.DiagnosticChangeEvent): void {
    for (const uri of e.uris) {
      for (const t of this.tracked.values()) {
        if (t.uri !== uri.toString() || t.broken) continue;
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === t.uri);
        if (!doc) continue;
        const region = new vscode.Range(doc.positionAt(t.range.start), doc.positionAt(t.range.end));
        if (errorsIn(uri).some((d) => !t.baseline.has(key(d)) && region.intersection(d.range))) {
          t.broken = true;
          this.emit({ resultId: t.resultId, kind: 'broken-later' });
        }
      }
    }
  }

  private emit(p: OutcomeParams): void {
    try {
      this.send(p);
    } finally {
      this.recorded.fire(p);
    }
  }

  private forgetUri(uri: string): void {
    for (const t of [...this.tracked.values()]) if (t.uri === uri) this.forget(t);
  }

  private forget(t: Tracked): void {
    for (const x of t.timers) clearTimeout(x);
    this.tracked.delete(t.resultId);
  }

  dispose(): void {
    for (const t of [...this.tracked.values()]) this.forget(t);
    for (const s of this.subs) s.dispose();
  }
}

function errorsIn(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

const key = (d: vscode.Diagnostic) => `${d.message}@${d.range.start.line}`;

/** Offset of the occurrence of `needle` nearest to `near`, or -1. */
function nearest(text: string, needle: string, near: number): number {
  let best = -1;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    if (best < 0 || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}

/** The notification sender used by the extension. */
export function outcomeSender(client: () => { sendNotification: (t: typeof OutcomeNotification, p: OutcomeParams) => Promise<void> } | undefined) {
  return (p: OutcomeParams) => {
    const c = client();
    if (c) void c.sendNotification(OutcomeNotification, p).catch(() => undefined);
  };
}
