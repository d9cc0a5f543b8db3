/**
 * Every notification the extension shows goes through here, so it is also logged and
 * recorded: the notification API cannot be read back, and the end-to-end tests need to
 * see what the user was told. Successes are announced in the status bar (`announce`), not
 * with a toast.
 */
import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export interface ShownMessage {
  severity: Severity;
  text: string;
  buttons: string[];
  at: number;
}

export class Messages implements vscode.Disposable {
  private readonly shown: ShownMessage[] = [];
  private readonly emitter = new vscode.EventEmitter<ShownMessage>();
  readonly onDidShow = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Shows a message without waiting for the user; resolves with the clicked button, if any. */
  show(severity: Severity, text: string, ...buttons: string[]): Thenable<string | undefined> {
    const entry: ShownMessage = { severity, text, buttons, at: Date.now() };
    this.shown.push(entry);
    if (this.shown.length > 50) this.shown.shift();
    this.log[severity === 'warning' ? 'warn' : severity](`[message] ${text}`);
    this.emitter.fire(entry);
    switch (severity) {
      case 'info': return vscode.window.showInformationMessage(text, ...buttons);
      case 'warning': return vscode.window.showWarningMessage(text, ...buttons);
      case 'error': return vscode.window.showErrorMessage(text, ...buttons);
    }
  }

  /**
   * A success, said quietly: a status bar message for a few seconds and the log, no toast
   * (the code lens and hover carry the details). Recorded like a shown message.
   */
  announce(text: string): void {
    const entry: ShownMessage = { severity: 'info', text, buttons: [], at: Date.now() };
    this.shown.push(entry);
    if (this.shown.length > 50) this.shown.shift();
    this.log.info(`[status] ${text}`);
    this.emitter.fire(entry);
    vscode.window.setStatusBarMessage(`$(check) ${text}`, 10_000);
  }

  all(): readonly ShownMessage[] {
    return this.shown;
  }

  last(): ShownMessage | undefined {
    return this.shown[this.shown.length - 1];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
