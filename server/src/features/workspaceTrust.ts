/**
 * Workspace trust: the client sends `trusted` in initializationOptions and a
 * WorkspaceTrustNotification when trust is granted. Untrusted (or unknown) means generated
 * code is never executed.
 */
import type { InitializeParams } from 'vscode-languageserver';
import { WorkspaceTrustNotification } from '../protocol';
import type { Feature, ServerContext } from './feature';

export class TrustState {
  private pushed: boolean | undefined;
  constructor(private readonly init: () => InitializeParams | undefined) {}

  get trusted(): boolean {
    if (this.pushed !== undefined) return this.pushed;
    return (this.init()?.initializationOptions as { trusted?: unknown } | undefined)?.trusted === true;
  }

  set(trusted: boolean): void {
    this.pushed = trusted;
  }
}

export function workspaceTrustFeature(ctx: ServerContext, trust: TrustState): Feature {
  ctx.connection.onNotification(WorkspaceTrustNotification, (p) => trust.set(p?.trusted === true));
  return { capabilities: () => ({}) };
}
