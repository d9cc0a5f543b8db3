/**
 * `runProbes`: runs a candidate's entry point on many argument lists in ONE sandboxed
 * child (see probeHarness.ts) and turns the harness's nonce-tagged records into
 * per-input results. Only records carrying this run's nonce count; the run is `complete`
 * only when the harness's final record arrived and matches the input count.
 */
import { DEFAULT_MAX_VALUE_CHARS } from './canonical';
import type { SandboxOutcome } from './classify';
import { encodeInputs } from './inputCodec';
import { resolveLimits, type SandboxLimits } from './limits';
import {
  PROBE_CANDIDATE_FILE,
  PROBE_HARNESS_FILE,
  PROBE_HARNESS_SOURCE,
  PROBE_WORKER_FILE,
  PROBE_WORKER_SOURCE,
  type ProbeHarnessConfig,
} from './probeHarness';
import { newNonce, runSandboxed, type SandboxRun } from './run';

export type ProbeStatus = 'ok' | 'threw' | 'timeout' | 'not-run';

export interface ProbeResult {
  status: ProbeStatus;
  /** Canonical serialisation of the return value (see canonicalSource.ts). */
  value?: string;
  /** Error class + message. */
  error?: string;
}

/** 'incomplete': the child ended cleanly but without the harness's final record (e.g. process.exit). */
export type ProbeOutcome = SandboxOutcome | 'incomplete';

export interface ProbeRun {
  outcome: ProbeOutcome;
  /** True when the harness's final record arrived intact: every input has a genuine result. */
  complete: boolean;
  results: ProbeResult[];
  run: SandboxRun;
}

export interface ProbeJob {
  /** CommonJS/script JavaScript that defines the entry point (function declaration, const, or module.exports). */
  code: string;
  entryPoint: string;
  /** Argument lists: JSON values plus undefined, NaN, ±Infinity, -0 and BigInt. */
  inputs: unknown[][];
  /** Time slice per input (sync work, microtasks and awaited promises). Default 500 ms. */
  perInputMs?: number;
  /** Defaults: wall clock grows with the number of inputs. */
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const STATUSES = new Set<string>(['ok', 'threw', 'timeout']);

/** Parses the channel text: per-input records and the final record, nonce-tagged only. */
export function parseProbeChannel(channel: string, nonce: string, count: number): { results: (ProbeResult | undefined)[]; complete: boolean } {
  const results: (ProbeResult | undefined)[] = new Array(count).fill(undefined);
  let done = false;
  let consistent = true;
  for (const line of channel.split('\n')) {
    if (!line.startsWith(`${nonce} `)) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line.slice(nonce.length + 1));
    } catch {
      consistent = false;
      continue;
    }
    if (typeof rec !== 'object' || rec === null) continue;
    const r = rec as { i?: unknown; s?: unknown; v?: unknown; e?: unknown; done?: unknown; count?: unknown };
    if (r.done === true) {
      done = r.count === count;
      continue;
    }
    if (typeof r.i !== 'number' || !Number.isInteger(r.i) || r.i < 0 || r.i >= count || typeof r.s !== 'string' || !STATUSES.has(r.s)) {
      consistent = false;
      continue;
    }
    if (results[r.i] !== undefined) consistent = false;
    results[r.i] = {
      status: r.s as ProbeStatus,
      ...(typeof r.v === 'string' ? { value: r.v } : {}),
      ...(typeof r.e === 'string' ? { error: r.e } : {}),
    };
  }
  const complete = done && consistent && results.every((r) => r !== undefined);
  return { results, complete };
}

export async function runProbes(job: ProbeJob): Promise<ProbeRun> {
  if (!IDENTIFIER.test(job.entryPoint)) throw new TypeError(`entry point must be an identifier: ${job.entryPoint}`);
  const perInputMs = job.perInputMs ?? 500;
  const limits: SandboxLimits = resolveLimits({ ...job.limits, wallMs: job.limits?.wallMs ?? 2000 + job.inputs.length * perInputMs });
  const nonce = newNonce();
  const config: ProbeHarnessConfig = {
    nonce,
    entryPoint: job.entryPoint,
    inputs: encodeInputs(job.inputs),
    sliceMs: perInputMs,
    loadMs: Math.max(perInputMs, 1000),
    maxValueChars: DEFAULT_MAX_VALUE_CHARS,
    memoryMb: limits.memoryMb,
  };
  const run = await runSandboxed({
    files: { [PROBE_HARNESS_FILE]: PROBE_HARNESS_SOURCE, [PROBE_WORKER_FILE]: PROBE_WORKER_SOURCE, [PROBE_CANDIDATE_FILE]: job.code },
    entry: PROBE_HARNESS_FILE,
    allowWorker: true,
    stdin: JSON.stringify(config),
    channelBytes: Math.max(1024 * 1024, job.inputs.length * (DEFAULT_MAX_VALUE_CHARS + 1024)),
    limits,
    signal: job.signal,
  });
  const parsed = parseProbeChannel(run.channel ?? '', nonce, job.inputs.length);
  const complete = parsed.complete && run.outcome === 'ok';
  // The first input without a record is the one the child died in; the rest never ran.
  const missing = parsed.results.findIndex((r) => r === undefined);
  const cut = missing === -1 ? parsed.results.length : missing;
  const results = parsed.results.map((r, i): ProbeResult => {
    if (r && i < cut) return r;
    if (i !== cut) return { status: 'not-run' };
    if (run.outcome === 'timeout') return { status: 'timeout' };
    if (run.outcome === 'cancelled') return { status: 'not-run' };
    return { status: 'threw', error: `SandboxExit: the sandboxed process ended during this input (${run.outcome}${run.limitHit ? `, ${run.limitHit}` : ''}, exit ${run.exitCode ?? run.signal})` };
  });
  const outcome: ProbeOutcome = run.outcome !== 'ok' ? run.outcome : complete ? 'ok' : 'incomplete';
  const { channel: _channel, ...publicRun } = run;
  return { outcome, complete, results, run: publicRun };
}
