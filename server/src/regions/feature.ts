/**
 * The regions feature: opens persistence (initializationOptions.storagePath) on first use,
 * re-validates persisted regions on didOpen, registers regions the client applied itself
 * (RegionAppliedNotification) and answers RegionsRequest.
 */
import type { InitializeParams } from 'vscode-languageserver';
import { RegionAppliedNotification, RegionsRequest } from '../protocol';
import type { Feature, ServerContext } from '../features/feature';
import type { RegionService } from './service';
import { regionsParams } from '../protocol/paramSchemas';
import { checkParams, isResponseError } from '../features/params';

export function regionsFeature(ctx: ServerContext, regions: RegionService, init: () => InitializeParams | undefined): Feature {
  let opened = false;
  const ensure = () => {
    if (opened) return;
    opened = true;
    const storagePath = (init()?.initializationOptions as { storagePath?: unknown } | undefined)?.storagePath;
    regions.open(typeof storagePath === 'string' ? storagePath : undefined);
  };
  const subs = [
    ctx.documents.onDidOpen((e) => {
      ensure();
      regions.opened(e.document);
    }),
  ];
  ctx.connection.onNotification(RegionAppliedNotification, (p) => {
    ensure();
    if (!p || typeof p.uri !== 'string' || !Array.isArray(p.edits) || !p.result?.provider) return;
    regions.applied(p.uri, p.version, p.edits, p.result, ctx.documents.get(p.uri));
  });
  ctx.connection.onRequest(RegionsRequest, (raw) => {
    const p = checkParams(regionsParams, raw);
    if (isResponseError(p)) return p;
    ensure();
    return regions.list(p.uri);
  });
  return {
    capabilities: () => ({}),
    dispose: () => {
      for (const s of subs) s.dispose();
      regions.dispose();
    },
  };
}
