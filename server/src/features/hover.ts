/** Hover inside a generated region: its evidence as Markdown (regions/hoverText.ts). */
import { MarkupKind } from 'vscode-languageserver';
import { hoverMarkdown } from '../regions/hoverText';
import type { RegionService } from '../regions/service';
import type { Feature, ServerContext } from './feature';

export function hoverFeature(ctx: ServerContext, regions: RegionService): Feature {
  ctx.connection.onHover((params) => {
    const r = regions.tracker.at(params.textDocument.uri, params.position);
    if (!r) return null;
    return { contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(r) }, range: r.range };
  });
  return { capabilities: () => ({ hoverProvider: true }) };
}
