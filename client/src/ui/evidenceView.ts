/**
 * The evidence webview: the trace as a waterfall, the candidates per cluster and the probe
 * results, drawn by media/evidence/evidence.js. Strict CSP with a nonce; only
 * media/evidence is readable; data arrives by postMessage once the page says it is ready.
 */
import * as vscode from 'vscode';
import { DataPanel } from './webviewPage';
import type { GeneratedRegion, TraceResult } from '../../../server/src/protocol';

export const EVIDENCE_VIEW_TYPE = 'weavergen.evidence';

export interface EvidenceData {
  traceId?: string;
  trace?: TraceResult | null;
  region?: GeneratedRegion;
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
    return this.panel.show(data, `Evidence${data.traceId ? ` ${data.traceId.slice(0, 8)}` : ''}`);
  }

  dispose(): void {
    this.panel.dispose();
  }
}
