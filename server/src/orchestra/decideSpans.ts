/**
 * A decision with its evidence in the trace: `weavergen.consensus` around the whole
 * decision (type checks and sandbox runs nest under it: checkSpans.ts), then
 * `weavergen.quality` with the winner's score and its components. Without a Telemetry in
 * the input this is plain `decide`.
 */
import type { Attrs } from '../telemetry';
import { SPAN, WG } from '../telemetry';
import type { QualityScore } from '../quality/score';
import { decide, type DecideInput, type Decision } from './decide';

export async function decideTraced(input: DecideInput): Promise<Decision> {
  const telemetry = input.telemetry;
  if (!telemetry) return decide(input);
  const answers = input.candidates.reduce((n, c) => n + c.votes.length, 0);
  const decision = await telemetry.withSpan(SPAN.consensus, { [WG.candidates]: input.candidates.length, [WG.answers]: answers }, async (span) => {
    const d = await decide(input);
    span.set(consensusAttributes(d));
    return d;
  }, { signal: input.signal });
  await telemetry.withSpan(SPAN.quality, qualityAttributes(decision.quality), async () => undefined);
  return decision;
}

export function consensusAttributes(d: Decision): Attrs {
  const { selection, clusters } = d.detail.consensus;
  const winner = selection.winner;
  return {
    [WG.executed]: d.execution.ran,
    [WG.probesRun]: d.execution.probes,
    [WG.clusterCount]: clusters.length,
    [WG.clusterSizes]: selection.ranked.map((r) => r.cluster.size),
    [WG.winnerCluster]: d.consensus.winnerClusterId,
    [WG.winnerSize]: winner.cluster.size,
    [WG.agreeing]: winner.cluster.providers.length,
    [WG.docPassed]: winner.components.docPassed,
    [WG.docTotal]: winner.components.docTotal,
  };
}

export function qualityAttributes(q: QualityScore): Attrs {
  const attrs: Attrs = { [WG.qualityScore]: q.score };
  for (const [k, v] of Object.entries(q.components)) attrs[WG.qualityComponent + k] = v;
  return attrs;
}
