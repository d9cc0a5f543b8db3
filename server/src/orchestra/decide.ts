/**
 * Decides among the distinct candidates of one generation: type-check each in the real
 * file, then (when execution is allowed and the site's function can run) run them all in
 * the sandbox on the same probe inputs and cluster by behaviour (consensus/run.ts);
 * otherwise fall back to textual agreement + type checks + track record. Scores the winner
 * (quality/score.ts) and describes the clusters and hunks for the client.
 */
import type { DocExample } from '../consensus/docExamples';
import type { ConsensusResult } from '../consensus/run';
import type { Selection } from '../consensus/select';
import { parseSource } from '../consensus/normalize';
import type { Candidate, CandidateRun, ProbeInput } from '../consensus/types';
import type { ParamShape } from '../consensus/typeShapes';
import type { FoundSite } from '../context/siteFinder';
import { insertionText } from '../generation/insertion';
import type { ConsensusInfo, ExecutionInfo } from '../protocol';
import type { QualityScore } from '../quality/score';
import type { SiteCandidate } from './candidates';
import { selectWithoutExecution } from './fallback';
import { checkEvidence } from './evidence';
import { executeSelect, scoreWinner } from './executeSelect';
import type { SandboxProbes } from './probeRunner';
import { declaredFunctionName, type Runnable } from './runnable';
import type { TypeCheckVerdict } from './typecheck';
import { offThread, runnablesOf, typeCheckCandidates } from '../workers/typecheckPool';
import type { Telemetry } from '../telemetry';
import { tracedSandbox, typeCheckTraced } from './checkSpans';
import { consensusView } from './view';
import { markStage } from '../util/mainThreadStage';

export interface DecideInput {
  text: string;
  fileName: string;
  found: FoundSite;
  candidates: SiteCandidate[];
  /** Whether execution is allowed, and if not, why. */
  execution: { allowed: boolean; reason?: string };
  sandbox?: SandboxProbes;
  providerWeights?: Record<string, number>;
  signal: AbortSignal;
  /** [telemetry] Type-check and sandbox-run spans (checkSpans.ts); none without. */
  telemetry?: Telemetry;
  /** Examples of the entry point asserted by existing workspace tests (workspaceTests.ts), read only when executing. */
  testExamples?: (entryPoint: string) => Promise<DocExample[]>;
}

export interface Decision {
  winner: SiteCandidate;
  insertText: string;
  quality: QualityScore;
  consensus: ConsensusInfo;
  execution: ExecutionInfo;
  /** [repair] What the repair loop needs to judge this decision (reasoning/outcome.ts). */
  detail: DecisionDetail;
}

/** [repair] The consensus run behind a decision (textual clusters, no inputs, when not executed). */
export interface DecisionDetail {
  entryPoint: string;
  candidates: Candidate[];
  consensus: ConsensusResult;
  /** New type-check diagnostics of the winner ("TS1234: message"). */
  winnerDiagnostics?: string[];
}

export async function decide(input: DecideInput): Promise<Decision> {
  const { text, found, candidates } = input;
  const inserts = candidates.map((c) => insertionText(text, found, c.code));
  const spliced = inserts.map((ins) => text.slice(0, found.start) + ins + text.slice(found.end));
  const verdicts = await typeCheckTraced(input.telemetry, candidates.map((c) => c.id), () => typeCheckCandidates(input.fileName, text, spliced, input.signal));
  const votes: Candidate[] = candidates.flatMap((c) => c.votes.map((v) => ({ id: v.id, providerId: v.providerId, code: c.code })));
  const groupOfVote = new Map(candidates.flatMap((c) => c.votes.map((v) => [v.id, c] as const)));

  let selection: Selection;
  let runs: CandidateRun[] = [];
  let evidence: { inputs: ProbeInput[]; expected: (string | undefined)[]; neutral: boolean[] } | undefined;
  let execution: ExecutionInfo;
  let detail: Omit<DecisionDetail, 'winnerDiagnostics'>;
  const plan = input.execution.allowed ? await planRun(input, spliced) : { ok: false as const, reason: input.execution.reason ?? 'execution is off' };
  if (plan.ok) {
    const runnable = votes.map((v) => {
      const r = plan.runnables[candidates.indexOf(groupOfVote.get(v.id)!)];
      return { ...v, code: r.ok ? r.code : `throw new Error(${JSON.stringify(r.reason)});` };
    });
    const res = await executeSelect({
      prompt: plan.prompt, entryPoint: plan.entryPoint, candidates: runnable, signal: input.signal,
      sandbox: tracedSandbox(input.telemetry, input.sandbox, runnable),
      providerWeights: input.providerWeights,
      testExamples: await input.testExamples?.(plan.entryPoint).catch(() => []),
      deriveInputs: (prompt, entryPoint, options, signal) => offThread('probeInputs', { prompt, entryPoint, options }, signal),
      paramShapes: plan.paramShapes,
    });
    markStage('decide.score');
    selection = res.selection;
    runs = res.runs;
    evidence = { inputs: res.inputs, expected: res.expected, neutral: res.neutral };
    execution = { ran: true, layers: res.layers, probes: res.inputs.length };
    detail = { entryPoint: plan.entryPoint, candidates: runnable, consensus: res };
  } else {
    const textual = selectWithoutExecution(candidates, verdicts, votes, input.providerWeights);
    selection = textual.selection;
    detail = { entryPoint: found.site.symbol ?? '', candidates: votes, consensus: { inputs: [], expected: [], runs: [], neutral: [], clusters: textual.clusters, selection } };
    execution = { ran: false, reason: plan.reason, layers: [], probes: 0 };
  }

  const winner = groupOfVote.get(selection.winner.representative)!;
  const wi = candidates.indexOf(winner);
  const typeChecks = verdicts[wi] === undefined ? undefined : verdicts[wi]!.ok;
  const quality = scoreWinner(selection.winner, winner.code, {
    typeChecks, executed: execution.ran, candidates: candidates.length, answers: votes.length,
  });
  const consensus = consensusView({
    found, selection, runs, groupOfVote, inserts: new Map(candidates.map((c, i) => [c, inserts[i]])),
    verdicts: new Map(candidates.map((c, i) => [c, verdicts[i]])), executed: execution.ran, ...evidence,
  });
  consensus.checks = checksOf(candidates, verdicts, runs, execution.ran, evidence?.neutral);
  return { winner, insertText: inserts[wi], quality, consensus, execution, detail: { ...detail, winnerDiagnostics: verdicts[wi]?.diagnostics } };
}

/** Check counts over the distinct candidates (a candidate's first answer stands for its runs; inputs every candidate rejected alike do not count). */
function checksOf(
  candidates: SiteCandidate[], verdicts: (TypeCheckVerdict | undefined)[], runs: CandidateRun[], executed: boolean, neutral?: boolean[],
) {
  const runOf = new Map(runs.map((r) => [r.candidateId, r]));
  const known = verdicts.filter((v) => v !== undefined);
  return checkEvidence({
    candidates: candidates.length,
    parsed: candidates.filter((c) => parseSource(c.code.trim()) !== undefined).length,
    typeChecked: known.length ? known.filter((v) => v!.ok).length : undefined,
    probesClean: executed ? candidates.filter((c) => {
      const run = runOf.get(c.votes[0]?.id ?? '');
      return run !== undefined && run.loaded && run.results.every((r, i) => r.status === 'ok' || neutral?.[i]);
    }).length : 0,
    executed,
  });
}

type Plan = { ok: true; entryPoint: string; prompt: string; runnables: Runnable[]; paramShapes?: ParamShape[] } | { ok: false; reason: string };

/** Which function to call, and each candidate as runnable CommonJS; a reason when nothing can run. */
async function planRun(input: DecideInput, spliced: string[]): Promise<Plan> {
  const { found, candidates } = input;
  const entryPoint = found.fn ? found.fn.name : mostCommon(candidates.map((c) => declaredFunctionName(c.code)));
  if (!entryPoint) {
    return { ok: false, reason: found.fn ? 'the function at the site has no name to call' : 'the generated code declares no function to call' };
  }
  // A TS parse + transpile per candidate (10-30 ms each): made in the worker thread, off the main one.
  const runnables = await runnablesOf({ spliced, fileName: input.fileName, entryPoint, intent: found.site.intent ?? '' }, input.signal);
  const first = runnables.find((r) => r.ok);
  if (!first || !first.ok) return { ok: false, reason: (runnables[0] as { reason: string }).reason };
  // The parameters' types from the checker, on the first runnable candidate's file (probe inputs from types).
  const paramShapes = await offThread('paramShapes', { fileName: input.fileName, text: spliced[runnables.indexOf(first)], entryPoint }, input.signal)
    .catch(() => undefined);
  return { ok: true, entryPoint, prompt: first.prompt, runnables, paramShapes };
}

function mostCommon(names: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const n of names) if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
