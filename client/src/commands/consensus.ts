/**
 * WeaverGen: Show Consensus Diff — winner ↔ runner-up of the last generation in the active
 * editor, in a diff editor over virtual documents. WeaverGen: Swap in Alternative — replaces
 * the inserted code with another cluster's, through the server's re-anchoring (refused when
 * the inserted code can no longer be located unambiguously).
 */
import * as vscode from 'vscode';
import { ReanchorRequest, type ConsensusCluster, type ReanchorParams } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { errorText } from '../ctx';
import { consensusUi, type ConsensusEntry } from '../ui/consensusDiff';
import { noRunnerUpMessage } from '../ui/consensusWords';

export interface SwapArgs { uri?: string; clusterId?: string }
export type SwapOutcome = { status: 'swapped'; clusterId: string } | { status: 'refused' | 'none'; reason: string };

function entryFor(ctx: Ctx, uri?: string): ConsensusEntry | undefined {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
  return target ? consensusUi(ctx).get(target) : undefined;
}

export function showConsensusDiff(ctx: Ctx) {
  consensusUi(ctx);
  return async (args?: { uri?: string; clusterId?: string }): Promise<boolean> => {
    const entry = entryFor(ctx, args?.uri);
    const consensus = entry?.result.consensus;
    if (!entry || !consensus) {
      void ctx.messages.show('info', 'WeaverGen: no consensus to show — run WeaverGen: Generate in this editor first.');
      return false;
    }
    const winner = consensus.clusters.find((c) => c.id === consensus.winnerClusterId)!;
    const other = consensus.clusters.find((c) => c.id === (args?.clusterId ?? consensus.clusters.find((x) => x.id !== winner.id)?.id));
    if (!other || other.id === winner.id) {
      void ctx.messages.show('info', noRunnerUpMessage(consensus.clusters));
      return false;
    }
    const ui = consensusUi(ctx);
    await vscode.commands.executeCommand('vscode.diff', ui.candidateUri(entry, winner), ui.candidateUri(entry, other),
      `WeaverGen: ${winner.providers.join(', ')} ↔ ${other.providers.join(', ')}`);
    return true;
  };
}

export function swapAlternative(ctx: Ctx) {
  const ui = consensusUi(ctx);
  return async (args?: SwapArgs): Promise<SwapOutcome> => {
    const entry = entryFor(ctx, args?.uri);
    if (!entry?.result.consensus) return none(ctx, 'no generation with alternatives in this editor');
    const clusters = entry.result.consensus.clusters.filter((c) => c.id !== entry.currentClusterId);
    const chosen = args?.clusterId ? clusters.find((c) => c.id === args.clusterId) : await pick(clusters);
    if (!chosen) return none(ctx, args?.clusterId ? `no alternative ${args.clusterId}` : 'nothing chosen');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(entry.uri));
    const current = entry.result.consensus.clusters.find((c) => c.id === entry.currentClusterId)!;
    const range = ui.insertedRange(document, entry);
    const site = entry.result.site;
    const lspRange = range
      ? { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } }
      : site.range;
    // Version -1 never matches: the server always locates the inserted code by its text and context.
    const params: ReanchorParams = {
      textDocument: { uri: entry.uri, version: document.version },
      result: {
        code: chosen.insertText,
        site: { ...site, range: lspRange, originalText: current.insertText },
        edit: { textDocument: { uri: entry.uri, version: -1 }, edits: [{ range: lspRange, newText: chosen.insertText }] },
      },
    };
    try {
      const client = ctx.client;
      const re = await client.sendRequest(ReanchorRequest, params);
      if (!re.ok) {
        void ctx.messages.show('warning', `WeaverGen: could not swap in the alternative: ${re.reason}`);
        return { status: 'refused', reason: re.reason };
      }
      const we = new vscode.WorkspaceEdit();
      we.set(document.uri, await client.protocol2CodeConverter.asTextEdits(re.edit.edits));
      if (!(await vscode.workspace.applyEdit(we))) return { status: 'refused', reason: 'the editor rejected the edit' };
      ui.swapped(entry.uri, chosen.id);
      void ctx.messages.show('info', `WeaverGen: swapped in the alternative from ${chosen.providers.join(', ')} (${chosen.behaviour}).`);
      return { status: 'swapped', clusterId: chosen.id };
    } catch (e) {
      void ctx.messages.show('error', `WeaverGen: swap failed: ${errorText(e)}`);
      return { status: 'refused', reason: errorText(e) };
    }
  };
}

async function pick(clusters: ConsensusCluster[]): Promise<ConsensusCluster | undefined> {
  const item = await vscode.window.showQuickPick(clusters.map((c) => ({
    label: c.providers.join(', '), description: c.behaviour, detail: c.representative.trim().split('\n')[0], cluster: c,
  })), { placeHolder: 'Swap in which alternative?' });
  return item?.cluster;
}

function none(ctx: Ctx, reason: string): SwapOutcome {
  void ctx.messages.show('info', `WeaverGen: ${reason}.`);
  return { status: 'none', reason };
}
