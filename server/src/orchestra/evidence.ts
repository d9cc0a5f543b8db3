/**
 * The evidence kept in a result (bounded): the probe inputs with each shown cluster's
 * output on them, and check counts over the distinct candidates. Pure.
 */
import type { ProbeInput, ProbeResult } from '../consensus/types';
import type { ConsensusChecks, ConsensusProbe } from '../protocol';
import { canonicalize } from '../sandbox/canonical';

export const MAX_EVIDENCE_PROBES = 12;
export const MAX_EVIDENCE_CHARS = 200;

export const cap = (s: string, max = MAX_EVIDENCE_CHARS): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

function serialise(v: unknown): string {
  try {
    return canonicalize(v, 4 * MAX_EVIDENCE_CHARS);
  } catch {
    return '[unserialisable]';
  }
}

export function outputText(r: ProbeResult | undefined): string {
  if (!r || r.status === 'not-run') return 'not run';
  if (r.status === 'timeout') return 'timeout';
  if (r.status === 'threw') return `threw: ${r.error ?? 'error'}`;
  return r.value ?? 'undefined';
}

/**
 * `clusters`: shown cluster id → its representative's probe results (undefined: did not load /
 * not executed); `neutral`: per input, every candidate threw on it alike (consensus/neutral.ts).
 */
export function probeEvidence(
  inputs: ProbeInput[], expected: (string | undefined)[], clusters: { id: string; results?: ProbeResult[] }[], neutral: boolean[] = [],
): ConsensusProbe[] {
  return inputs.slice(0, MAX_EVIDENCE_PROBES).map((inp, i) => {
    const args = serialise(inp.args);
    const out: ConsensusProbe = {
      input: cap(args.startsWith('[') && args.endsWith(']') ? args.slice(1, -1) : args),
      source: inp.source,
      outputs: Object.fromEntries(clusters.map((c) => [c.id, cap(c.results ? outputText(c.results[i]) : 'not run')])),
    };
    if (expected[i] !== undefined) out.expected = cap(expected[i]!);
    if (neutral[i]) out.rejectedByAll = true;
    return out;
  });
}

export function checkEvidence(opts: {
  candidates: number; parsed: number; typeChecked?: number; probesClean: number; executed: boolean;
}): ConsensusChecks {
  const out: ConsensusChecks = { candidates: opts.candidates, parsed: opts.parsed, probesClean: opts.probesClean, executed: opts.executed };
  if (opts.typeChecked !== undefined) out.typeChecked = opts.typeChecked;
  return out;
}
