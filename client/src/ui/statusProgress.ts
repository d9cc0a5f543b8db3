/**
 * Progress where the user looks, not a notification: a spinning status bar item for each
 * request in flight ("WeaverGen: generating…"), clicking it cancels. One per Ctx; the cancel
 * command is registered by it (not contributed: it only makes sense from the item).
 */
import * as vscode from 'vscode';

export const CANCEL_PROGRESS_COMMAND = 'weavergen.cancelProgress';

export class StatusProgress implements vscode.Disposable {
  private readonly running = new Map<number, vscode.CancellationTokenSource>();
  private next = 1;
  private readonly command: vscode.Disposable;

  constructor() {
    this.command = vscode.commands.registerCommand(CANCEL_PROGRESS_COMMAND, (id?: number) => {
      for (const [key, cts] of this.running) if (id === undefined || id === key) cts.cancel();
    });
  }

  /** Runs `fn` with a status bar spinner titled `title`; the token is cancelled by a click on it. */
  async run<T>(title: string, fn: (token: vscode.CancellationToken) => Promise<T>): Promise<T> {
    const id = this.next++;
    const cts = new vscode.CancellationTokenSource();
    this.running.set(id, cts);
    const item = vscode.window.createStatusBarItem(`weavergen.progress.${id}`, vscode.StatusBarAlignment.Left, 1000);
    item.name = 'WeaverGen progress';
    item.text = `$(sync~spin) ${title}`;
    item.tooltip = 'Click to cancel';
    item.command = { title: 'Cancel', command: CANCEL_PROGRESS_COMMAND, arguments: [id] };
    item.show();
    try {
      return await fn(cts.token);
    } finally {
      item.dispose();
      this.running.delete(id);
      cts.dispose();
    }
  }

  dispose(): void {
    for (const cts of this.running.values()) cts.cancel();
    this.command.dispose();
  }
}
