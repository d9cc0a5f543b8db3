/**
 * Validation by execution, in the sandbox only: a candidate test is valid when it passes
 * against the CURRENT implementation; each valid candidate is then run against the
 * function's mutants, and the mutants it kills (a failing test, or a run that hung on
 * the mutant) are counted. One sandbox run per candidate (script.ts runs every variant).
 */
import { runTestProgram, type TestProgramJob, type TestProgramResult } from '../sandbox/runTests';
import type { TestFramework, TestRunCounts } from '../protocol/testgen';
import { mutantsOf } from './mutants';
import { offThread } from '../workers/typecheckPool';
import { parseResults } from './script';
import type { FunctionTarget } from './target';

export type TestRunner = (job: TestProgramJob) => Promise<TestProgramResult>;

export interface ValidationInput {
  moduleText: string;
  moduleFile: string;
  target: FunctionTarget;
  testCode: string;
  importSpecifier: string;
  framework: TestFramework;
  signal?: AbortSignal;
  /** The sandbox's runTestProgram (tests may wrap it). */
  run?: TestRunner;
}

export interface Verdict extends TestRunCounts {
  mutants: string[];
  /** Sandbox isolation layers that were active. */
  layers: string[];
}

const WALL_MS = 8000;

export async function validateCandidate(input: ValidationInput): Promise<Verdict> {
  const mutants = mutantsOf(input.moduleText, input.target);
  // Four ts.transpileModule calls (45-85 ms): in the worker thread, in-process without one.
  const script = await offThread('testScript', {
    variants: [{ name: 'original', text: input.moduleText }, ...mutants],
    moduleFile: input.moduleFile, testCode: input.testCode, importSpecifier: input.importSpecifier, framework: input.framework,
  }, input.signal);
  const run = await (input.run ?? runTestProgram)({ program: script, limits: { wallMs: WALL_MS }, signal: input.signal });
  const results = parseResults(run.run.stdout);
  const original = results.get('original');
  const names = mutants.map((m) => m.name);
  const base = { mutants: names, mutantsTotal: names.length, layers: [...run.run.layers] };
  if (!original) {
    const why = run.run.outcome === 'ok' ? firstLine(run.run.stderr) || 'the tests did not report' : `the run ended: ${run.run.outcome}`;
    return { ...base, passed: false, testsPassed: 0, testsFailed: 0, assertions: 0, mutantsKilled: 0, error: why };
  }
  const passed = original.failed === 0 && original.passed > 0 && run.completed;
  let killed = 0;
  if (passed) {
    const firstMissing = names.findIndex((n) => !results.has(n));
    names.forEach((n, i) => {
      const r = results.get(n);
      // A run that hung on a mutant (wall clock) noticed it; later mutants did not run.
      if (r ? r.failed > 0 || r.passed === 0 : i === firstMissing && run.run.outcome === 'timeout') killed++;
    });
  }
  return {
    ...base, passed, testsPassed: original.passed, testsFailed: original.failed, assertions: original.assertions, mutantsKilled: killed,
    ...(passed ? {} : { error: original.error ?? (original.passed === 0 ? 'no test ran' : 'the run did not complete') }),
  };
}

function firstLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter(Boolean);
  const err = lines.find((l) => /Error|error/.test(l)) ?? lines[0] ?? '';
  return err.slice(0, 300);
}
