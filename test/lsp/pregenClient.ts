/**
 * An LSP test client that declares it uses pre-generated results and records the
 * `weavergen/pregenStatus` pushes, plus a wait on them (no sleeps).
 */
import { PREGEN_CLIENT_CAPABILITY, PregenStatusNotification, type PregenMetrics } from '../../server/src/protocol';
import { startClient, type TestClient } from './harness';

export const PREGEN_CAPS = { experimental: { [PREGEN_CLIENT_CAPABILITY]: true } };

export type PregenClient = TestClient & { metrics: PregenMetrics[] };

/** Starts a pre-generation-capable client; it is pushed to `clients` so the file's `after` can close it. */
export async function startPregenClient(
  settings: Record<string, unknown>, clients: TestClient[], opts: { storagePath?: string; trusted?: boolean; env?: Record<string, string> } = {},
): Promise<PregenClient> {
  const c = await startClient({ settings, capabilities: PREGEN_CAPS, ...opts }) as PregenClient;
  c.metrics = [];
  c.conn.onNotification(PregenStatusNotification, (m) => { c.metrics.push(m); c.events.emit('pregen', m); });
  clients.push(c);
  return c;
}

/** The first pushed metrics (already seen or to come) matching `pred`. */
export function waitMetrics(c: PregenClient, pred: (m: PregenMetrics) => boolean): Promise<PregenMetrics> {
  return new Promise((resolve) => {
    const hit = c.metrics.find(pred);
    if (hit) return resolve(hit);
    const on = (m: PregenMetrics) => { if (pred(m)) { c.events.off('pregen', on); resolve(m); } };
    c.events.on('pregen', on);
  });
}
