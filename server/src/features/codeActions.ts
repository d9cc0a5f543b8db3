/** "Generate with WeaverGen" code action on any generation site (runs the generateAt command). */
import { CodeAction, CodeActionKind, TextDocumentEdit } from 'vscode-languageserver';
import { insertPregeneratedTitle, PregenCommands, ServerCommands, type GenerateAtCommandArgs, type PregenAcceptedParams } from '../protocol';
import { findSite } from '../context/siteFinder';
import { fileNameOf } from '../generation/service';
import type { Feature, ServerContext } from './feature';
import type { Pregenerator } from '../pregen/engine';
import { testCodeActions } from '../testgen/codeActions';

export const GENERATE_ACTION_TITLE = 'Generate with WeaverGen';

export function codeActionsFeature(ctx: ServerContext, pregen?: Pregenerator): Feature {
  ctx.connection.onCodeAction(async (params) => {
    const only = params.context.only;
    if (only && !only.some((k) => CodeActionKind.RefactorRewrite === k || CodeActionKind.RefactorRewrite.startsWith(`${k}.`))) return [];
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const r = params.range;
    const empty = r.start.line === r.end.line && r.start.character === r.end.character;
    const query = empty ? { position: r.start } : { range: r };
    // [testgen] exported functions without tests: cached tests, or generate them now
    const tests = empty ? await testCodeActions(doc, r.start, pregen?.tests) : [];
    const found = findSite(doc.getText(), fileNameOf(doc.uri), query);
    if (!found) return tests;
    const args: GenerateAtCommandArgs = { uri: doc.uri, version: doc.version, ...query };
    const action = CodeAction.create(GENERATE_ACTION_TITLE,
      { title: GENERATE_ACTION_TITLE, command: ServerCommands.generateAt, arguments: [args] }, CodeActionKind.RefactorRewrite);
    action.data = { site: found.site.kind, symbol: found.site.symbol };
    const cached = pregen?.peek(doc, query);
    if (!cached) return [action, ...tests];
    // The pre-generated body, as a versioned edit for the current version (applied instantly).
    const title = insertPregeneratedTitle(cached.entry.result.quality?.score ?? 0);
    const insert = CodeAction.create(title, { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version },
      [{ range: cached.found.site.range, newText: cached.entry.result.code }])] }, CodeActionKind.RefactorRewrite);
    const accepted: PregenAcceptedParams = { uri: doc.uri, kind: cached.found.site.kind, key: cached.key };
    insert.command = { title, command: PregenCommands.accepted, arguments: [accepted] };
    insert.isPreferred = true;
    return [insert, action, ...tests];
  });
  return {
    capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.RefactorRewrite] } }),
  };
}
