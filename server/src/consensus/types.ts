/**
 * Shared shapes of the consensus pipeline. The sandbox is reached only through the
 * `ProbeRunner` function type (structurally the sandbox's `runProbes`), passed in by the
 * caller, so every stage here stays pure and testable without child processes.
 */

export type ProbeStatus = 'ok' | 'threw' | 'timeout' | 'not-run';

/** One probe call's outcome; `value` is the sandbox's canonical serialisation. */
export interface ProbeResult {
  status: ProbeStatus;
  value?: string;
  error?: string;
}

export interface ProbeRunRequest {
  /** CommonJS JavaScript that defines the function. */
  code: string;
  entryPoint: string;
  inputs: unknown[][];
  limits?: unknown;
  /** Time slice per input, when the sandbox supports it. */
  perInputMs?: number;
  signal?: AbortSignal;
}

export interface ProbeRunResponse {
  results: ProbeResult[];
  run: { outcome: string; durationMs?: number; [k: string]: unknown };
}

/** The sandbox's `runProbes`, injected. */
export type ProbeRunner = (req: ProbeRunRequest) => Promise<ProbeRunResponse>;

export interface Candidate {
  id: string;
  providerId: string;
  /** Whole function source (CommonJS JavaScript). */
  code: string;
}

/** A probe input; doc examples (and workspace test examples) also carry the expected result. */
export interface ProbeInput {
  args: unknown[];
  /** 'doc': the prompt's example; 'test': asserted by a test in the workspace; 'generated'. */
  source: 'doc' | 'test' | 'generated';
  /** The expected value written in the prompt or asserted by the test, when there was one. */
  expected?: { value: unknown };
}

/** Outcome of running one candidate on every probe input (same order as the inputs). */
export interface CandidateRun {
  candidateId: string;
  /** False when the module failed to load or the sandbox refused it. */
  loaded: boolean;
  results: ProbeResult[];
}
