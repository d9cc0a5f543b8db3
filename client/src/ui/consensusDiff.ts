/**
 * The consensus of the last generation per document: virtual documents for the winner and
 * each runner-up (`weavergen-candidate:` scheme, for `vscode.diff`), inline decorations on
 * the inserted lines that differ across clusters (the hover names each variant's
 * providers and probe results), and a code action offering to swap in an alternative.
 */
import * as vscode from 'vscode';
import { ClientCommands, type ConsensusCluster, type GenerateResult } from '../../../server/src/protocol';
import { ContextKeys, setContextKey } from './contextKeys';

export const CANDIDATE_SCHEME = 'weavergen-candidate';

/** What was generated into one document, and which cluster's code is in it now. */
export interface ConsensusEntry {
  uri: string;
  result: GenerateResult;
  /** Cluster whose insertText is currently in the document. */
  currentClusterId: string;
}

export class ConsensusUi implements vscode.Disposable {
  private readonly entries = new Map<string, ConsensusEntry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    isWholeLine: true,
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.modifiedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });

  constructor() {
    this.disposables.push(
      this.decoration, this.changed,
      vscode.workspace.registerTextDocumentContentProvider(CANDIDATE_SCHEME, {
        onDidChange: this.changed.event,
        provideTextDocumentContent: (uri) => this.contentOf(uri),
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.languages.registerCodeActionsProvider(
        ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'].map((language) => ({ language })),
        { provideCodeActions: (doc, range) => this.codeActions(doc, range) },
        { providedCodeActionKinds: [vscode.CodeActionKind.RefactorRewrite] },
      ),
    );
  }

  remember(document: vscode.TextDocument, result: GenerateResult): void {
    if (!result.consensus?.clusters.length) return;
    const uri = document.uri.toString();
    this.entries.set(uri, { uri, result, currentClusterId: result.consensus.winnerClusterId });
    this.decorateAll();
    this.updateContext();
  }

  /** The `when`-clause keys for the active editor (contextKeys.ts). */
  private updateContext(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const e = uri ? this.entries.get(uri) : undefined;
    setContextKey(ContextKeys.hasConsensus, Boolean(e));
    setContextKey(ContextKeys.hasAlternatives, (e?.result.consensus?.clusters.length ?? 0) > 1);
  }

  get(uri: vscode.Uri | string): ConsensusEntry | undefined {
    return this.entries.get(uri.toString());
  }

  /** Records that `clusterId`'s code is now in the document. */
  swapped(uri: string, clusterId: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    e.currentClusterId = clusterId;
    this.decorateAll();
  }

  /** Virtual document URI showing one cluster's code. */
  candidateUri(entry: ConsensusEntry, cluster: ConsensusCluster): vscode.Uri {
    const ext = /\.(m?js|jsx|cjs)$/.test(entry.uri) ? 'js' : 'ts';
    const name = `${cluster.id === entry.result.consensus!.winnerClusterId ? 'winner' : 'alternative'} ${cluster.id} (${cluster.providers.join(', ')}).${ext}`;
    return vscode.Uri.from({ scheme: CANDIDATE_SCHEME, path: `/${name}`, query: new URLSearchParams({ doc: entry.uri, cluster: cluster.id }).toString() });
  }

  private contentOf(uri: vscode.Uri): string {
    const q = new URLSearchParams(uri.query);
    const entry = this.entries.get(q.get('doc') ?? '');
    const cluster = entry?.result.consensus?.clusters.find((c) => c.id === q.get('cluster'));
    if (!entry || !cluster) return '// This WeaverGen candidate is no longer available.\n';
    return `// ${cluster.providers.join(', ')} · ${cluster.behaviour}\n${cluster.representative.replace(/^\n+/, '')}\n`;
  }

  /** The current line span of the inserted code in `doc`, found by text (the document may have moved on). */
  insertedRange(doc: vscode.TextDocument, entry: ConsensusEntry): vscode.Range | undefined {
    const cluster = entry.result.consensus!.clusters.find((c) => c.id === entry.currentClusterId);
    if (!cluster) return undefined;
    const text = doc.getText();
    const before = entry.result.site.anchor?.before ?? '';
    let at = text.indexOf(before + cluster.insertText);
    if (at >= 0) at += before.length;
    else at = text.indexOf(cluster.insertText);
    if (at < 0) return undefined;
    return new vscode.Range(doc.positionAt(at), doc.positionAt(at + cluster.insertText.length));
  }

  private decorateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const entry = this.entries.get(editor.document.uri.toString());
      editor.setDecorations(this.decoration, entry ? this.decorationsFor(editor.document, entry) : []);
    }
  }

  private decorationsFor(doc: vscode.TextDocument, entry: ConsensusEntry): vscode.DecorationOptions[] {
    const consensus = entry.result.consensus!;
    if (entry.currentClusterId !== consensus.winnerClusterId) return [];
    const range = this.insertedRange(doc, entry);
    if (!range) return [];
    const shift = range.start.line - entry.result.site.range.start.line;
    const winner = consensus.clusters.find((c) => c.id === consensus.winnerClusterId)!;
    return consensus.hunks.map((h) => {
      const start = Math.max(range.start.line, h.winnerRange.startLine + shift);
      const end = Math.max(start, Math.min(range.end.line, h.winnerRange.endLine + shift - 1));
      const hover = new vscode.MarkdownString(`**WeaverGen consensus** — chosen: ${winner.providers.join(', ')} (${winner.behaviour})\n\n`);
      for (const a of h.alternatives) {
        hover.appendMarkdown(`- ${a.providers.join(', ')}: ${a.probesTotal ? `${a.probesPassed}/${a.probesTotal} probes ok` : 'not executed'}\n`);
        hover.appendCodeblock(a.text, doc.languageId);
      }
      return { range: new vscode.Range(start, 0, end, 0), hoverMessage: hover };
    });
  }

  private codeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const entry = this.entries.get(doc.uri.toString());
    const inserted = entry && this.insertedRange(doc, entry);
    if (!entry || !inserted || !inserted.intersection(range)) return [];
    return entry.result.consensus!.clusters.filter((c) => c.id !== entry.currentClusterId).map((c) => {
      const action = new vscode.CodeAction(`Swap in Alternative from ${c.providers.join(', ')} (${c.behaviour})`, vscode.CodeActionKind.RefactorRewrite);
      action.command = { title: 'Swap in Alternative', command: ClientCommands.swapAlternative, arguments: [{ uri: entry.uri, clusterId: c.id }] };
      return action;
    });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.entries.clear();
  }
}

const instances = new WeakMap<object, ConsensusUi>();

/** One ConsensusUi per extension context object, created on first use and tracked by it. */
export function consensusUi(owner: { track(d: vscode.Disposable): void }): ConsensusUi {
  let ui = instances.get(owner);
  if (!ui) {
    ui = new ConsensusUi();
    instances.set(owner, ui);
    owner.track(ui);
  }
  return ui;
}

/** "Quality 87 · 3 of 4 candidates agree · " (empty without a score). */
export function qualitySummary(result: GenerateResult): string {
  if (!result.quality) return '';
  const parts = [`Quality ${Math.round(result.quality.score)}`];
  const c = result.consensus;
  if (c) {
    const total = c.clusters.reduce((n, k) => n + k.size, 0);
    const win = c.clusters.find((k) => k.id === c.winnerClusterId);
    if (win && total > 1) parts.push(`${win.size} of ${total} candidates agree`);
  }
  if (result.execution && !result.execution.ran) parts.push('not executed');
  return `${parts.join(' · ')} · `;
}
