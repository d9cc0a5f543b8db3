/**
 * The consensus pipeline: derive probe inputs from the prompt, run every candidate on
 * them through the injected sandbox runner, canonicalise the prompt's expected values
 * through the same runner (so they compare with the candidates' serialised outputs),
 * cluster by behaviour and select. The only I/O is the injected `runProbes`.
 */
import { clusterCandidates, type Cluster } from './cluster';
import { neutralInputs } from './neutral';
import { deriveProbeInputs, type ProbeInputOptions } from './probeInputs';
import { selectCluster, type Selection } from './select';
import type { Candidate, CandidateRun, ProbeInput, ProbeRunner } from './types';
import { bagSimilarity, tokenBag, type TokenBag } from './normalize';
import { markStage } from '../util/mainThreadStage';

export interface ConsensusRequest {
  prompt: string;
  entryPoint: string;
  candidates: Candidate[];
  runProbes: ProbeRunner;
  providerWeights?: Record<string, number>;
  useDocExamples?: boolean;
  limits?: unknown;
  perInputMs?: number;
  signal?: AbortSignal;
  inputOptions?: ProbeInputOptions;
  /** Candidates run at once (default 2). */
  concurrency?: number;
  /**
   * Derives the probe inputs (same contract as `deriveProbeInputs`), e.g. off the main
   * thread; default: `deriveProbeInputs` in-process.
   */
  deriveInputs?: DeriveInputs;
}

/** `deriveProbeInputs`, possibly asynchronous (a worker); must give the same inputs in the same order. */
export type DeriveInputs = (prompt: string, entryPoint: string, options: ProbeInputOptions | undefined, signal?: AbortSignal) => Promise<ProbeInput[]>;

export interface ConsensusResult {
  inputs: ProbeInput[];
  expected: (string | undefined)[];
  runs: CandidateRun[];
  /** Per input: every candidate threw on it alike, so it is no evidence (neutral.ts). */
  neutral: boolean[];
  clusters: Cluster[];
  selection: Selection;
}

const IDENTITY = 'function __weaverIdentity(x) { return x; }\n';

function abortError(): Error {
  const e = new Error('Consensus was cancelled.');
  e.name = 'AbortError';
  return e;
}

/** Runs one candidate; a sandbox failure (other than cancellation) counts as a load error. */
export async function runCandidate(
  c: Candidate, entryPoint: string, inputs: ProbeInput[], runProbes: ProbeRunner, limits: unknown, signal?: AbortSignal,
  perInputMs?: number,
): Promise<CandidateRun> {
  try {
    const res = await runProbes({ code: c.code, entryPoint, inputs: inputs.map((i) => i.args), limits, perInputMs, signal });
    const loaded = res.results.length === inputs.length
      && (inputs.length === 0 || res.results.some((r) => r.status !== 'not-run'));
    return { candidateId: c.id, loaded, results: res.results };
  } catch (e) {
    if (signal?.aborted) throw abortError();
    return { candidateId: c.id, loaded: false, results: [] };
  }
}

/** Canonical serialisations of the prompt's expected values, via the sandbox itself. */
export async function canonicalExpected(
  inputs: ProbeInput[], runProbes: ProbeRunner, limits: unknown, signal?: AbortSignal,
): Promise<(string | undefined)[]> {
  const idx = inputs.map((inp, i) => (inp.expected ? i : -1)).filter((i) => i >= 0);
  const out: (string | undefined)[] = inputs.map(() => undefined);
  if (idx.length === 0) return out;
  let res;
  try {
    res = await runProbes({
      code: IDENTITY, entryPoint: '__weaverIdentity', inputs: idx.map((i) => [inputs[i].expected!.value]), limits, signal,
    });
  } catch {
    // Without canonical expected values the doc examples simply do not vote.
    if (signal?.aborted) throw abortError();
    return out;
  }
  idx.forEach((i, k) => {
    const r = res.results[k];
    if (r?.status === 'ok') out[i] = r.value;
  });
  return out;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export async function runConsensus(req: ConsensusRequest): Promise<ConsensusResult> {
  if (req.candidates.length === 0) throw new RangeError('runConsensus needs at least one candidate');
  markStage('consensus.inputs');
  const inputs = req.deriveInputs
    ? await req.deriveInputs(req.prompt, req.entryPoint, req.inputOptions, req.signal).catch((e: unknown) => {
      throw req.signal?.aborted ? abortError() : e;
    })
    : deriveProbeInputs(req.prompt, req.entryPoint, req.inputOptions);
  if (req.signal?.aborted) throw abortError();
  markStage('consensus.probes');
  const expected = await canonicalExpected(inputs, req.runProbes, req.limits, req.signal);
  const runs = await mapLimit(req.candidates, req.concurrency ?? 2,
    (c) => runCandidate(c, req.entryPoint, inputs, req.runProbes, req.limits, req.signal, req.perInputMs));
  if (req.signal?.aborted) throw abortError();
  markStage('consensus.select');
  const neutral = neutralInputs(runs, inputs.length);
  const clusters = clusterCandidates(req.candidates, runs, neutral);
  // Tokenising each candidate is the costly part of selection (about 1 ms each): one per
  // turn of the event loop, so selection does not hold the main thread for tens of ms.
  const bags = new Map<string, TokenBag>();
  for (const c of req.candidates) {
    if (bags.has(c.code)) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (req.signal?.aborted) throw abortError();
    markStage('consensus.select');
    bags.set(c.code, tokenBag(c.code));
  }
  const selection = selectCluster(req.candidates, clusters, {
    providerWeights: req.providerWeights, expected, useDocExamples: req.useDocExamples,
    similarity: (a, b) => bagSimilarity(bags.get(a.code)!, bags.get(b.code)!),
  });
  return { inputs, expected, runs, neutral, clusters, selection };
}
