/**
 * The execution-based decision shared by the product (decide.ts) and the selection
 * benchmark (bench/): run every answer on the prompt's probe inputs in the sandbox
 * (consensus/run.ts, identical code memoised), cluster by behaviour, select, and score the
 * winner (quality/score.ts). Only the prompt, the candidates and (product only) the
 * examples asserted by workspace tests are seen here.
 */
import { runConsensus, type ConsensusResult, type DeriveInputs } from '../consensus/run';
import type { RankedCluster } from '../consensus/select';
import type { DocExample } from '../consensus/docExamples';
import type { Candidate } from '../consensus/types';
import type { ParamShape } from '../consensus/typeShapes';
import { componentsFromSelection } from '../quality/fromSelection';
import { qualityScore, type QualityScore } from '../quality/score';
import { recordingRunner, type SandboxProbes } from './probeRunner';

export const PROBE_OPTIONS = { max: 8 };
export const PER_INPUT_MS = 200;

export interface ExecuteSelectInput {
  /** Doc comment + signature of the entry point (what probe inputs come from). */
  prompt: string;
  entryPoint: string;
  /** One per answer, each with runnable CommonJS code. */
  candidates: Candidate[];
  sandbox?: SandboxProbes;
  providerWeights?: Record<string, number>;
  signal: AbortSignal;
  /** Candidates run at once (default 2). */
  concurrency?: number;
  /** Examples asserted by existing workspace tests (orchestra/workspaceTests.ts); none in the bench. */
  testExamples?: DocExample[];
  /** How the probe inputs are derived (the product: off the main thread); default in-process. */
  deriveInputs?: DeriveInputs;
  /** The checker's types of the parameters (orchestra/paramShapes.ts); none in the bench (JavaScript prompts). */
  paramShapes?: ParamShape[];
}

export interface ExecuteSelectResult extends ConsensusResult {
  /** Union of the isolation layers that were active. */
  layers: string[];
}

export async function executeSelect(input: ExecuteSelectInput): Promise<ExecuteSelectResult> {
  const runner = recordingRunner(input.sandbox);
  const res = await runConsensus({
    prompt: input.prompt, entryPoint: input.entryPoint, candidates: input.candidates, runProbes: runner.run, signal: input.signal,
    providerWeights: input.providerWeights, perInputMs: PER_INPUT_MS, concurrency: input.concurrency ?? 2,
    deriveInputs: input.deriveInputs,
    inputOptions: {
      ...PROBE_OPTIONS,
      ...(input.testExamples?.length ? { testExamples: input.testExamples } : {}),
      ...(input.paramShapes?.length ? { paramShapes: input.paramShapes } : {}),
    },
  });
  return { ...res, layers: runner.layers() };
}

/** The quality score of a winning cluster whose code is `code`. */
export function scoreWinner(
  winner: RankedCluster, code: string, opts: { typeChecks?: boolean; executed: boolean; candidates: number; answers: number },
): QualityScore {
  const components = componentsFromSelection(winner, code.trim(), opts.typeChecks);
  if (!opts.executed) components.runsClean = 0;
  const quality = qualityScore(components);
  quality.components.executed = opts.executed ? 1 : 0;
  quality.components.candidates = opts.candidates;
  quality.components.answers = opts.answers;
  return quality;
}
