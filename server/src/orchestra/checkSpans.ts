/**
 * Spans for the checks inside a decision: the type check of every candidate
 * (`weavergen.typecheck`, one span with per-candidate results) and each sandbox run
 * (`weavergen.sandbox.run`). Wrappers used at the call sites in decide.ts; without a
 * Telemetry they change nothing. Never code: candidates are named by their vote ids.
 */
import type { Candidate } from '../consensus/types';
import { runProbes } from '../sandbox';
import type { Telemetry } from '../telemetry';
import { SPAN, WG } from '../telemetry';
import type { SandboxProbes } from './probeRunner';
import type { TypeCheckVerdict } from './typecheck';

/** Runs the type checks of `candidateIds` (in order) in one span. */
export async function typeCheckTraced(
  telemetry: Telemetry | undefined, candidateIds: string[],
  check: () => (TypeCheckVerdict | undefined)[] | Promise<(TypeCheckVerdict | undefined)[]>,
): Promise<(TypeCheckVerdict | undefined)[]> {
  if (!telemetry) return check();
  return telemetry.withSpan(SPAN.typecheck, { [WG.typecheckCandidates]: candidateIds.length, [WG.candidateIds]: candidateIds }, async (span) => {
    const verdicts = await check();
    const known = verdicts.filter((v): v is TypeCheckVerdict => v !== undefined);
    span.set({
      [WG.typecheckAvailable]: known.length > 0,
      [WG.typecheckOk]: known.filter((v) => v.ok).length,
      // Per candidate, aligned with weavergen.candidate.ids: new diagnostics (at most 5 counted), -1 = not checked.
      [WG.typecheckDiagnostics]: verdicts.map((v) => (v ? v.diagnostics.length : -1)),
    });
    return verdicts;
  });
}

const IDENTITY_ENTRY = '__weaverIdentity';

/**
 * The sandbox with one `weavergen.sandbox.run` span per run. `candidates` name the runs:
 * each run's code is matched to the ids of the answers that have it (identical code runs
 * once); the run that canonicalises the prompt's expected values has purpose `expected`.
 */
export function tracedSandbox(telemetry: Telemetry | undefined, sandbox: SandboxProbes | undefined, candidates: Candidate[]): SandboxProbes | undefined {
  if (!telemetry) return sandbox;
  const run = sandbox ?? runProbes;
  const idsOf = new Map<string, string[]>();
  for (const c of candidates) {
    const ids = idsOf.get(c.code);
    if (ids) ids.push(c.id);
    else idsOf.set(c.code, [c.id]);
  }
  return (job) => {
    const expected = job.entryPoint === IDENTITY_ENTRY && !idsOf.has(job.code);
    return telemetry.withSpan(SPAN.sandboxRun, {
      [WG.sandboxPurpose]: expected ? 'expected' : 'candidate',
      [WG.candidateIds]: expected ? undefined : idsOf.get(job.code) ?? [],
      [WG.probesRun]: job.inputs.length,
    }, async (span) => {
      const r = await run(job);
      span.set({
        [WG.sandboxOutcome]: r.outcome,
        [WG.sandboxLimit]: r.run.limitHit,
        [WG.sandboxLayers]: r.run.layers,
        [WG.sandboxDurationMs]: r.run.durationMs,
        [WG.sandboxComplete]: r.complete,
        [WG.probesPassed]: r.results.filter((x) => x.status === 'ok').length,
      });
      return r;
    }, { signal: job.signal });
  };
}
