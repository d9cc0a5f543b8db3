/**
 * Context keys for package.json `when` clauses, so commands appear in the palette only
 * where they work: Show Evidence / Show Trace once a trace exists, Show Consensus Diff in
 * an editor with a remembered generation, Swap in Alternative when it has a runner-up.
 */
import * as vscode from 'vscode';

export const ContextKeys = {
  hasEvidence: 'weavergen.hasEvidence',
  hasConsensus: 'weavergen.hasConsensus',
  hasAlternatives: 'weavergen.hasAlternatives',
} as const;

export function setContextKey(key: (typeof ContextKeys)[keyof typeof ContextKeys], value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
