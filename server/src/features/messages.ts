/**
 * User-facing messages as `window/showMessage` notifications (the connection's
 * showXMessage helpers are requests that wait for the user; we never need an answer).
 */
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';

export function showMessage(connection: Connection, type: 'info' | 'warning' | 'error', message: string): void {
  const t = type === 'info' ? MessageType.Info : type === 'warning' ? MessageType.Warning : MessageType.Error;
  void connection.sendNotification(ShowMessageNotification.type, { type: t, message }).catch(() => undefined);
}
