/**
 * The evidence webview: the trace as a waterfall, the candidates per cluster and the probe
 * results, drawn by media/evidence/evidence.js. Strict CSP with a nonce; only
 * media/evidence is readable; data arrives by postMessage once the page says it is ready.
 */
import * as vscode from 'vscode';
import { DataPanel } from './webviewPage';
import { evidenceTitle, spanLabels } from './evidenceLabels';
import type { GeneratedRegion, TraceResult } from '../../../server/src/protocol';

export const EVIDENCE_VIEW_TYPE = 'weavergen.evidence';

export interface EvidenceData {
  traceId?: string;
  trace?: TraceResult | null;
  region?: GeneratedRegion;
  /** Full, distinct stage name per span id (evidenceLabels.ts). */
  labels?: Record<string, string>;
}

export class EvidenceView implements vscode.Disposable {
  private readonly panel: DataPanel<EvidenceData>;

  constructor(extensionUri: vscode.Uri, onShowTrace: (traceId: string) => void) {
    this.panel = new DataPanel<EvidenceData>(extensionUri, {
      viewType: EVIDENCE_VIEW_TYPE, folder: 'evidence', asset: 'evidence', title: 'WeaverGen evidence', loadingText: 'Loading evidence…',
      column: vscode.ViewColumn.Beside, preserveFocus: true,
      onMessage: (m) => {
        if (m.type === 'showTrace' && typeof m.traceId === 'string') onShowTrace(m.traceId);
      },
    });
  }

  show(data: EvidenceData): vscode.WebviewPanel {
    const spans = data.trace?.spans ?? [];
    const root = spans.find((s) => !s.parentSpanId);
    return this.panel.show({ ...data, labels: spanLabels(spans) }, evidenceTitle(data, root?.name));
  }

  dispose(): void {
    this.panel.dispose();
  }
}
