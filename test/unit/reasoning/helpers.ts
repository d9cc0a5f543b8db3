import type { ConsensusResult } from '../../../server/src/consensus/run';
import type { ProbeInput, ProbeResult } from '../../../server/src/consensus/types';
import type { SelectionOutcome, TypeDiagnostic } from '../../../server/src/reasoning/outcome';

export interface FakeOutcome {
  code?: string;
  score: number;
  signature?: string;
  inputs?: ProbeInput[];
  expected?: (string | undefined)[];
  results?: ProbeResult[];
  typeDiagnostics?: TypeDiagnostic[];
}

/** A selection outcome with just the fields the repair loop and feedback read. */
export function fakeOutcome(o: FakeOutcome): SelectionOutcome {
  const code = o.code ?? 'function f(x) { return x; }';
  const results = o.results ?? [];
  const cluster = { signature: o.signature ?? JSON.stringify(results), members: ['c1'], providers: ['p'], size: 1, cleanShare: 1, results };
  const winner = { cluster, representative: 'c1', components: {} as never };
  const consensus: ConsensusResult = {
    inputs: o.inputs ?? [], expected: o.expected ?? [], runs: [], neutral: [], clusters: [cluster],
    selection: { winner, runnersUp: [], ranked: [winner] },
  };
  return {
    entryPoint: 'f', candidates: [{ id: 'c1', providerId: 'p', code }], consensus, code,
    quality: { score: o.score, components: {} }, typeDiagnostics: o.typeDiagnostics,
  };
}

/** An outcome whose winner fails the doc example f(1) → 2 by returning `actual`. */
export function failingDoc(actual: string, score = 40, code = `function f(x) { return ${actual}; }`): SelectionOutcome {
  return fakeOutcome({
    code, score, signature: `sig:${actual}`,
    inputs: [{ args: [1], source: 'doc', expected: { value: 2 } }],
    expected: ['2'],
    results: [{ status: 'ok', value: actual }],
  });
}
