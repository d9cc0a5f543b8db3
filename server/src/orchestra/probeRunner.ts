/**
 * The sandbox's `runProbes` as the consensus pipeline's ProbeRunner, memoised per request
 * (identical candidate code runs once) and recording which isolation layers were active.
 */
import type { ProbeRunner, ProbeRunResponse } from '../consensus/types';
import { runProbes, type SandboxLimits } from '../sandbox';

export interface RecordingRunner {
  run: ProbeRunner;
  /** Union of the isolation layers of every sandbox run so far. */
  layers(): string[];
}

export type SandboxProbes = typeof runProbes;

export function recordingRunner(sandbox: SandboxProbes = runProbes): RecordingRunner {
  const layers = new Set<string>();
  const memo = new Map<string, Promise<ProbeRunResponse>>();
  const run: ProbeRunner = (req) => {
    const key = JSON.stringify([req.code, req.entryPoint, req.inputs.length, req.perInputMs]);
    let p = memo.get(key);
    if (!p) {
      p = sandbox({
        code: req.code, entryPoint: req.entryPoint, inputs: req.inputs, perInputMs: req.perInputMs,
        limits: req.limits as Partial<SandboxLimits> | undefined, signal: req.signal,
      }).then((r) => {
        for (const l of r.run.layers) layers.add(l);
        const { layers: _l, ...rest } = r.run;
        return { results: r.results, run: { ...rest, outcome: r.outcome } };
      });
      memo.set(key, p);
      p.catch(() => memo.delete(key));
    }
    return p;
  };
  return { run, layers: () => [...layers].sort() };
}
