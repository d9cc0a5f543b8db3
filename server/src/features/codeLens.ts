/**
 * Code lenses above each generated region: the evidence line (quality · agreement · probes,
 * "recorded demo", "stale") and the actions Show evidence, Show consensus diff, Regenerate.
 * Lenses are refreshed (workspace/codeLens/refresh) when regions appear, go or turn stale.
 */
import { CodeLensRefreshRequest, type CodeLens } from 'vscode-languageserver';
import { ClientCommands, EvidenceCommands, ServerCommands, type EvidenceArgs, type GeneratedRegion, type GenerateAtCommandArgs } from '../protocol';
import { lensTitle } from '../regions/lensText';
import type { RegionService } from '../regions/service';
import type { Feature, ServerContext } from './feature';

export function codeLensFeature(ctx: ServerContext, regions: RegionService): Feature {
  ctx.connection.onCodeLens((params) => {
    const doc = ctx.documents.get(params.textDocument.uri);
    return regions.list(params.textDocument.uri).flatMap((r) => lensesFor(r, doc?.version ?? 0));
  });
  const shape = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  const sub = regions.tracker.onDidChange((uri) => {
    const now = regions.list(uri).map((r) => `${r.id}:${r.stale}:${r.range.start.line}`).join(',');
    if (shape.get(uri) === now) return;
    shape.set(uri, now);
    if (!ctx.client().workspace?.codeLens?.refreshSupport || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void ctx.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }, 50);
  });
  return {
    capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
    dispose: () => {
      sub.dispose();
      if (timer) clearTimeout(timer);
    },
  };
}

export function lensesFor(r: GeneratedRegion, version: number): CodeLens[] {
  const range = { start: r.range.start, end: r.range.start };
  const args: EvidenceArgs = { traceId: r.summary.traceId, uri: r.uri, regionId: r.id };
  const lenses: CodeLens[] = [
    { range, command: { title: lensTitle(r), command: EvidenceCommands.showEvidence, arguments: [args] } },
    { range, command: { title: 'Show evidence', command: EvidenceCommands.showEvidence, arguments: [args] } },
  ];
  if (r.summary.hasAlternatives) {
    lenses.push({ range, command: { title: 'Show consensus diff', command: ClientCommands.showConsensusDiff, arguments: [{ uri: r.uri, range: r.range, regionId: r.id }] } });
  }
  // The region is code now (a filled body, an inserted member or function), not a site findSite would
  // find again: regenerating replaces the region as a selection, with the intent it was generated for.
  const intent = r.summary.intent ?? 'Rewrite this code';
  const regen: GenerateAtCommandArgs = { uri: r.uri, version, position: r.range.start, range: r.range, intent };
  lenses.push({ range, command: { title: 'Regenerate', command: ServerCommands.generateAt, arguments: [regen] } });
  return lenses;
}
