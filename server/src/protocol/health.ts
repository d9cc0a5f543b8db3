/**
 * The client's health check (client/src/health.ts): a tiny request the server answers at once,
 * sent only while the server has been silent. A server that stops answering it is restarted.
 * Re-exported from protocol/index.ts. No runtime dependency on the server.
 */
import { RequestType } from 'vscode-languageserver-protocol';

export interface PingResult {
  /** The server's process id (for the client's log). */
  pid: number;
}

export const PingRequest = new RequestType<void, PingResult, void>('weavergen/ping');
