/**
 * CPU-heavy pure steps of background generation that the worker thread runs by name (the
 * generic `task` request of protocol.ts): each takes and returns plain data (structured
 * clone), so the same function runs in the worker or, as the fallback, in-process. Add a
 * step here, and call it through `offThread(name, input, signal)` (typecheckPool.ts).
 */
import { buildTestScript, type ScriptInput } from '../testgen/script';
import { siteTargets, type SiteTargetsJob, type SiteTargetsResult } from './siteTargetsTask';
import { deriveProbeInputs, type ProbeInputOptions } from '../consensus/probeInputs';
import type { ProbeInput } from '../consensus/types';
import type { ParamShape } from '../consensus/typeShapes';
import { paramShapesOf } from '../orchestra/paramShapes';

/** consensus/probeInputs.ts's arguments as one plain object. */
export interface ProbeInputsJob { prompt: string; entryPoint: string; options?: ProbeInputOptions }
/** orchestra/paramShapes.ts's arguments: the file with a candidate spliced in. */
export interface ParamShapesJob { fileName: string; text: string; entryPoint: string }

export const TASKS = {
  /** testgen/script.ts: the module, its mutants and the candidate test, each through ts.transpileModule (45-85 ms). */
  testScript: (input: ScriptInput): string => buildTestScript(input),
  /** A refresh's site prediction, findSite per predicted site and their cache keys (5-20 ms each). */
  siteTargets: (input: SiteTargetsJob): SiteTargetsResult => siteTargets(input),
  /** consensus: the probe inputs of a prompt (doc/test examples and signature, each a TS parse; 10-30 ms). */
  probeInputs: (input: ProbeInputsJob): ProbeInput[] => deriveProbeInputs(input.prompt, input.entryPoint, input.options),
  /** orchestra: the checker's types of the site function's parameters (a TS program over the file; 20-200 ms). */
  paramShapes: (input: ParamShapesJob): ParamShape[] | undefined => paramShapesOf(input.fileName, input.text, input.entryPoint),
};

export type TaskName = keyof typeof TASKS;
export type TaskInput<K extends TaskName> = Parameters<(typeof TASKS)[K]>[0];
export type TaskOutput<K extends TaskName> = ReturnType<(typeof TASKS)[K]>;

/** Runs the step named `name` (synchronously; the caller yields around it). */
export function runTask<K extends TaskName>(name: K, input: TaskInput<K>): TaskOutput<K> {
  const fn = TASKS[name] as (i: TaskInput<K>) => TaskOutput<K>;
  if (typeof fn !== 'function') throw new Error(`unknown worker task ${String(name)}`);
  return fn(input);
}
