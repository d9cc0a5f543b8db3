/**
 * What `activate()` returns: the activation time and a few read-only test hooks, so the
 * end-to-end suite can observe what the user would see (messages, status, server PID).
 */
import type * as vscode from 'vscode';
import type { ProviderInfo } from '../../server/src/protocol';
import type { ShownMessage } from './messages';

export interface WeaverApi {
  activationMs: number;
  test: {
    /** Messages shown to the user, oldest first. */
    messages(): readonly ShownMessage[];
    onDidShowMessage: vscode.Event<ShownMessage>;
    /** PID of the language server process, when running. */
    serverPid(): number | undefined;
    /** How many times a server start completed (1 after activation, +1 per restart). */
    serverStarts(): number;
    onDidStartServer: vscode.Event<number>;
    isRunning(): boolean;
    providers(): readonly ProviderInfo[];
    statusText(): string;
  };
}

export type { ShownMessage };
export type { GenerateArgs, GenerateOutcome } from './commands/generate';
