/**
 * The evidence of a generated region in plain words, for a person reading it in seconds:
 * "3 of 4 models agree · 7/7 examples pass · type-checks · chosen over 1 alternative
 * because more models agreed on it". No internal names (score components, span names). Pure.
 */
import type { RegionSummary } from '../protocol';

type Cluster = NonNullable<RegionSummary['clusters']>[number];

/** The headline facts, most telling first. */
export function evidenceFacts(s: RegionSummary): string[] {
  const out: string[] = [];
  if (s.agreement) out.push(`${s.agreement.agree} of ${s.agreement.total} models agree`);
  else if (s.providers.length) out.push(`from ${plural(s.providers.length, 'model')}`);
  const check = (name: string) => s.checks.find((c) => c.name === name);
  if (check('parse')?.outcome === 'fail') out.push('does not parse');
  const probes = check('probes');
  if (s.probes) out.push(`${s.probes.passed}/${s.probes.total} examples pass`);
  else if (probes?.detail) out.push(`${probes.detail} examples pass`);
  const types = check('type check');
  if (types) out.push(types.outcome === 'pass' ? 'type-checks' : types.outcome === 'fail' ? 'does not type-check' : 'type check skipped');
  const exec = check('execution');
  if (exec?.outcome === 'skipped') out.push(`examples not run${exec.detail ? ` (${exec.detail})` : ''}`);
  const chosen = choice(s.clusters);
  if (chosen) out.push(chosen);
  return out;
}

/** "chosen over N alternative(s) because …", or undefined with no runner-up. */
export function choice(clusters: readonly Cluster[] | undefined): string | undefined {
  const winner = clusters?.find((c) => c.winner);
  const others = clusters?.filter((c) => !c.winner) ?? [];
  if (!winner || !others.length) return undefined;
  const best = (f: (c: Cluster) => number) => Math.max(...others.map(f));
  const reasons: string[] = [];
  if (winner.size > best((c) => c.size)) reasons.push('more models agreed on it');
  const rate = (c: Cluster) => (c.probesTotal > 0 ? c.probesPassed / c.probesTotal : -1);
  const runnerUp = others.reduce((a, b) => (rate(b) > rate(a) ? b : a));
  if (winner.probesTotal > 0 && rate(winner) > rate(runnerUp)) {
    reasons.push(`it passed more examples (${winner.probesPassed}/${winner.probesTotal} vs ${runnerUp.probesTotal > 0 ? `${runnerUp.probesPassed}/${runnerUp.probesTotal}` : 'none run'})`);
  }
  const why = reasons.length ? reasons.join(' and ') : 'it scored highest on the checks';
  return `chosen over ${plural(others.length, 'alternative')} because ${why}`;
}

/** Providers that failed, in a few words each: "delta: timed out". */
export function failures(s: RegionSummary, max = 3): string[] {
  const failed = s.outcomes.filter((o) => o.status !== 'ok');
  const words = failed.slice(0, max).map((o) => `${o.id}: ${o.error ? o.error.replace(/\s+/g, ' ').slice(0, 60) : o.status}`);
  if (failed.length > max) words.push(`${failed.length - max} more`);
  return words;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Milliseconds as a person reads them: "850 ms", "1.2 s", "2 min 5 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
