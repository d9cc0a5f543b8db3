/** Digesting a GenerateResult into what the code lens and hover show (pure). */
import type { RegionSource, RegionSummary } from '../protocol';
import { probeRows } from './probeTable';

const MAX_REPRESENTATIVE = 4000;
const MAX_INTENT = 500;

export function summarize(r: RegionSource): RegionSummary {
  const winner = r.consensus?.clusters.find((c) => c.id === r.consensus?.winnerClusterId);
  const agreeing = winner?.providers.length ? [...new Set(winner.providers)] : [];
  const providers = [r.provider.id, ...agreeing.filter((p) => p !== r.provider.id)];
  const uses = r.providers?.length ? r.providers : [r.provider];
  const models = [...new Set(providers.map((id) => uses.find((u) => u.id === id)?.model ?? (id === r.provider.id ? r.provider.model : undefined))
    .filter((m): m is string => Boolean(m)))];
  const total = r.consensus?.clusters.reduce((n, c) => n + c.size, 0) ?? 0;
  const out: RegionSummary = {
    providers,
    models,
    recorded: r.recorded,
    outcomes: uses.map((u) => ({
      id: u.id, model: u.model, status: u.status, latencyMs: u.latencyMs,
      ...(u.inputTokens !== undefined ? { inputTokens: u.inputTokens } : {}),
      ...(u.outputTokens !== undefined ? { outputTokens: u.outputTokens } : {}),
      ...(u.error ? { error: u.error.message } : {}),
    })),
    checks: checks(r, winner),
    timings: r.timings,
  };
  if (r.quality && Number.isFinite(r.quality.score)) out.quality = { score: r.quality.score, components: { ...r.quality.components } };
  if (winner && total > 1) out.agreement = { agree: winner.size, total };
  if (winner && winner.probesTotal > 0) out.probes = { passed: winner.probesPassed, total: winner.probesTotal };
  const table = probeRows(r.consensus?.probes);
  if (table) out.probeTable = table;
  if (r.traceId) out.traceId = r.traceId;
  if (r.consensus && r.consensus.clusters.length > 1) out.hasAlternatives = true;
  if (r.site?.intent) out.intent = r.site.intent.slice(0, MAX_INTENT);
  if (r.consensus?.clusters.length) {
    out.clusters = r.consensus.clusters.map((c) => ({
      id: c.id, size: c.size, providers: [...c.providers], behaviour: c.behaviour, probesPassed: c.probesPassed,
      probesTotal: c.probesTotal, representative: c.representative.slice(0, MAX_REPRESENTATIVE), winner: c.id === r.consensus?.winnerClusterId,
    }));
  }
  return out;
}

type Cluster = NonNullable<RegionSource['consensus']>['clusters'][number];

function checks(r: RegionSource, winner: Cluster | undefined): RegionSummary['checks'] {
  const out: RegionSummary['checks'] = [];
  const parses = r.quality?.components.parses;
  if (parses !== undefined) out.push({ name: 'parse', outcome: parses >= 1 ? 'pass' : 'fail' });
  const types = winner?.typeChecks ?? (r.quality?.components.typeChecks !== undefined ? r.quality.components.typeChecks >= 1 : undefined);
  if (types !== undefined) out.push({ name: 'type check', outcome: types ? 'pass' : 'fail' });
  if (r.execution && !r.execution.ran) {
    out.push({ name: 'execution', outcome: 'skipped', detail: r.execution.reason ?? 'not run' });
  } else if (winner && winner.probesTotal > 0) {
    out.push({ name: 'probes', outcome: winner.probesPassed === winner.probesTotal ? 'pass' : 'fail', detail: `${winner.probesPassed}/${winner.probesTotal}` });
  }
  return out;
}
