/** "Generate with WeaverGen" code action on any generation site (runs the generateAt command). */
import { CodeAction, CodeActionKind } from 'vscode-languageserver';
import { ServerCommands, type GenerateAtCommandArgs } from '../protocol';
import { findSite } from '../context/siteFinder';
import { fileNameOf } from '../generation/service';
import type { Feature, ServerContext } from './feature';

export const GENERATE_ACTION_TITLE = 'Generate with WeaverGen';

export function codeActionsFeature(ctx: ServerContext): Feature {
  ctx.connection.onCodeAction((params) => {
    const only = params.context.only;
    if (only && !only.some((k) => CodeActionKind.RefactorRewrite === k || CodeActionKind.RefactorRewrite.startsWith(`${k}.`))) return [];
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const r = params.range;
    const empty = r.start.line === r.end.line && r.start.character === r.end.character;
    const query = empty ? { position: r.start } : { range: r };
    const found = findSite(doc.getText(), fileNameOf(doc.uri), query);
    if (!found) return [];
    const args: GenerateAtCommandArgs = { uri: doc.uri, version: doc.version, ...query };
    const action = CodeAction.create(GENERATE_ACTION_TITLE,
      { title: GENERATE_ACTION_TITLE, command: ServerCommands.generateAt, arguments: [args] }, CodeActionKind.RefactorRewrite);
    action.data = { site: found.site.kind, symbol: found.site.symbol };
    return [action];
  });
  return {
    capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.RefactorRewrite] } }),
  };
}
