/**
 * WeaverGen: Show Evidence / Show Trace. The argument (from the code lens or hover link)
 * names the trace and the region; without one, the region under the cursor is used, else
 * the most recent trace. The server does the work; these only fetch and show.
 */
import * as vscode from 'vscode';
import { EvidenceCommands, RegionsRequest, TraceRequest, TracesRequest, type EvidenceArgs, type GeneratedRegion } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { errorText } from '../ctx';
import { EVIDENCE_VIEW_TYPE, EvidenceView } from '../ui/evidenceView';
import { openTraceDocument } from '../ui/traceDocument';
import { ContextKeys, setContextKey } from '../ui/contextKeys';

export interface ShowEvidenceResult {
  viewType: string;
  traceId?: string;
  spans: number;
  regionId?: string;
}

const views = new WeakMap<Ctx, EvidenceView>();

function view(ctx: Ctx): EvidenceView {
  let v = views.get(ctx);
  if (!v) {
    v = new EvidenceView(ctx.extension.extensionUri, (traceId) => void vscode.commands.executeCommand(EvidenceCommands.showTrace, { traceId }));
    views.set(ctx, v);
    ctx.track(v);
  }
  return v;
}

/** Keeps `weavergen.hasEvidence` true once the server has any trace (checked at each server start). */
function watchEvidence(ctx: Ctx): void {
  const refresh = async () => {
    try {
      setContextKey(ContextKeys.hasEvidence, (await ctx.client.sendRequest(TracesRequest, { limit: 1 })).length > 0);
    } catch {
      // Server not ready: the next start or generation sets the key.
    }
  };
  ctx.track(ctx.onDidStartServer(() => void refresh()));
}

export function showEvidence(ctx: Ctx) {
  watchEvidence(ctx);
  return async (arg?: EvidenceArgs | string): Promise<ShowEvidenceResult | undefined> => {
    try {
      const target = await resolveTarget(ctx, arg);
      if (!target.traceId && !target.region) {
        void ctx.messages.show('info', 'WeaverGen: no evidence yet. Generate some code first.');
        return undefined;
      }
      const trace = target.traceId ? await ctx.client.sendRequest(TraceRequest, { traceId: target.traceId }) : undefined;
      view(ctx).show({ traceId: target.traceId, trace, region: target.region });
      return { viewType: EVIDENCE_VIEW_TYPE, traceId: target.traceId, spans: trace?.spans.length ?? 0, regionId: target.region?.id };
    } catch (e) {
      void ctx.messages.show('error', `WeaverGen: could not show the evidence: ${errorText(e)}`);
      return undefined;
    }
  };
}

export function showTrace(ctx: Ctx) {
  return async (arg?: EvidenceArgs | string): Promise<vscode.TextEditor | undefined> => {
    try {
      const { traceId } = await resolveTarget(ctx, arg);
      if (!traceId) {
        void ctx.messages.show('info', 'WeaverGen: no trace yet. Generate some code first.');
        return undefined;
      }
      return await openTraceDocument(ctx, traceId);
    } catch (e) {
      void ctx.messages.show('error', `WeaverGen: could not open the trace: ${errorText(e)}`);
      return undefined;
    }
  };
}

async function resolveTarget(ctx: Ctx, arg?: EvidenceArgs | string): Promise<{ traceId?: string; region?: GeneratedRegion }> {
  const a: EvidenceArgs = typeof arg === 'string' ? { traceId: arg } : arg ?? {};
  const editor = vscode.window.activeTextEditor;
  const uri = a.uri ?? editor?.document.uri.toString();
  let region: GeneratedRegion | undefined;
  if (uri && (a.regionId || !a.traceId)) {
    const regions = await ctx.client.sendRequest(RegionsRequest, { uri });
    region = a.regionId
      ? regions.find((r) => r.id === a.regionId)
      : (editor && regionAt(regions, editor.selection.active)) ?? [...regions].sort((x, y) => y.createdAt - x.createdAt)[0];
  }
  let traceId = a.traceId ?? region?.summary.traceId;
  if (!traceId && !region) traceId = (await ctx.client.sendRequest(TracesRequest, { limit: 1 }))[0]?.traceId;
  return { traceId, region };
}

function regionAt(regions: GeneratedRegion[], p: vscode.Position): GeneratedRegion | undefined {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return regions.find((r) => before(r.range.start, p) && before(p, r.range.end));
}

export const EVIDENCE_COMMANDS = {
  [EvidenceCommands.showEvidence]: showEvidence,
  [EvidenceCommands.showTrace]: showTrace,
};
