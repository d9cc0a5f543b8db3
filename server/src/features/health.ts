/** weavergen/ping: answered at once, so the client can tell a silent server from a dead one (protocol/health.ts). */
import type { Feature, ServerContext } from './feature';
import { PingRequest } from '../protocol';

export function healthFeature(ctx: ServerContext): Feature {
  ctx.connection.onRequest(PingRequest, () => ({ pid: process.pid }));
  return { capabilities: () => ({}) };
}
