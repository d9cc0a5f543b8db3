/**
 * Probe inputs for a function, derived from the prompt (hidden tests are never read) and,
 * when the caller passes them, examples asserted by existing workspace tests
 * (testExamples.ts): the prompt's own examples first, then the tests' (both with their
 * expected results), then inputs
 * shaped like them or like the parameters' names/types, strings in a format the prompt names
 * (formatHints.ts), around the literals seen in the prompt, plus edge cases (0, 1, -1, empty). Deterministic (seeded by the prompt) and capped.
 */
import { extractDocExamples, type DocExample } from './docExamples';
import { formatStrings } from './formatHints';
import { functionParams, type ParamKind } from './signature';
import { kindOfShape, valuesOfShape, type ParamShape } from './typeShapes';
import type { ProbeInput } from './types';

export interface ProbeInputOptions {
  /** Total cap, doc examples included (default 12). */
  max?: number;
  /** Cap on doc examples (default 8). */
  maxDoc?: number;
  /** Examples asserted by workspace tests (source 'test'), after the prompt's, which leave them at least half of `max`. */
  testExamples?: DocExample[];
  /**
   * The parameters' types as the TypeScript checker sees them (orchestra/paramShapes.ts):
   * generated inputs then come from these (literal unions, object shapes, arrays…) instead
   * of the parameters' names.
   */
  paramShapes?: ParamShape[];
}

/** FNV-1a hash, for seeding. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG returning [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function kindOfValue(v: unknown): ParamKind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'number';
  if (Array.isArray(v)) return 'array';
  if (v && typeof v === 'object') return 'object';
  return 'unknown';
}

/** Variants of one value "around" it: neighbours, shorter, reversed, empty. */
function variantsOf(v: unknown): unknown[] {
  if (typeof v === 'number') return Number.isInteger(v) ? [v + 1, v - 1, 0, 1] : [v * 2, -v, 0];
  if (typeof v === 'string') return [v.slice(0, Math.ceil(v.length / 2)), [...v].reverse().join(''), '', v.toUpperCase()];
  if (typeof v === 'boolean') return [!v];
  if (Array.isArray(v)) return [v.slice(0, -1), [...v].reverse(), [], v.slice(1)];
  return [];
}

function numbersIn(prompt: string): number[] {
  const out = new Set<number>();
  for (const m of prompt.matchAll(/(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])/g)) {
    const n = Number(m[0]);
    if (Number.isFinite(n) && Math.abs(n) <= 1000) out.add(n);
  }
  return [...out].slice(0, 8);
}

function poolFor(kind: ParamKind, nums: number[]): unknown[] {
  const ints = [0, 1, -1, 2, 3, 5, 10, ...nums.filter(Number.isInteger).flatMap((n) => [n, n + 1])];
  switch (kind) {
    case 'bool': return [true, false];
    case 'string': return ['', 'a', 'abc', 'Hello World', 'aba', 'xyz zy', '12321'];
    case 'array': return [[], [1], [1, 2, 3], [3, 1, 2], [-1, 0, 5, 5], [2, 4, 6, 8, 10]];
    case 'object': return [{}, { a: 1 }];
    case 'number': return [0, 1, -1, 2.5, ...nums];
    case 'int':
    case 'unknown': return ints;
  }
}

function emptyOf(kind: ParamKind): unknown {
  switch (kind) {
    case 'bool': return false;
    case 'string': return '';
    case 'array': return [];
    case 'object': return {};
    default: return 0;
  }
}

/** Deterministic probe inputs for `entryPoint` from `prompt`. */
export function deriveProbeInputs(prompt: string, entryPoint: string, opts: ProbeInputOptions = {}): ProbeInput[] {
  const max = opts.max ?? 12;
  const tests = opts.testExamples ?? [];
  const maxDoc = Math.min(opts.maxDoc ?? 8, max - Math.min(tests.length, Math.floor(max / 2)));
  const docs = [...extractDocExamples(prompt, entryPoint), ...tests];
  const nPrompt = docs.length - tests.length;
  const params = functionParams(prompt, entryPoint);
  const shapes = opts.paramShapes?.length ? opts.paramShapes : undefined;
  const arity = shapes?.length ?? params?.length ?? docs[0]?.args.length ?? 1;
  const out: ProbeInput[] = [];
  const seen = new Map<string, number>();
  const add = (args: unknown[], source: ProbeInput['source'], expected?: { value: unknown }) => {
    const key = JSON.stringify(args);
    const at = seen.get(key);
    // An input seen without a result is completed by a later copy that states one.
    if (at !== undefined && expected && !out[at].expected) out[at] = { args, source, expected };
    if (out.length >= max || at !== undefined) return;
    seen.set(key, out.length);
    out.push(expected ? { args, source, expected } : { args, source });
  };
  for (const d of docs.slice(0, Math.min(nPrompt, maxDoc))) add(d.args, 'doc', d.expected);
  for (const d of tests) add(d.args, 'test', d.expected);

  // Kinds: from the doc examples' values when available, else from the signature.
  const kinds: ParamKind[] = Array.from({ length: arity }, (_, i) => {
    if (shapes) return kindOfShape(shapes[i].shape);
    const fromDoc = docs.map((d) => kindOfValue(d.args[i])).find((k) => k !== 'unknown');
    return fromDoc ?? params?.[i]?.kind ?? 'unknown';
  });
  // Strings in a format the prompt names (formatHints.ts): valid ones and near misses.
  const hinted = formatStrings(prompt);
  kinds.forEach((k, i) => {
    if (k !== 'string') return;
    for (const v of hinted) add(kinds.map((kj, j) => (j === i ? v : structuredClone(shapes ? valuesOfShape(shapes[j].shape)[0] : poolFor(kj, [])[1] ?? 0))), 'generated');
  });
  const rand = seededRandom(hashString(`${entryPoint}\n${prompt}`));
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

  // Doc examples varied in one argument at a time keep realistic shapes.
  const variants: unknown[][] = [];
  for (const d of docs) {
    d.args.forEach((a, i) => {
      for (const v of variantsOf(a)) variants.push(d.args.map((x, j) => (j === i ? v : x)));
    });
  }
  const nVariants = docs.length > 0 ? Math.ceil((max - out.length) / 2) : 0;
  for (let i = 0; i < nVariants && variants.length > 0; i++) {
    add(variants.splice(Math.floor(rand() * variants.length), 1)[0], 'generated');
  }
  // Edge case: every argument empty/zero (only when nothing is known from examples).
  const nums = numbersIn(prompt);
  const pools = kinds.map((k, i) => (shapes ? valuesOfShape(shapes[i].shape, nums) : poolFor(k, nums)));
  // With types, the first value of each type's pool (its most typical) together.
  if (shapes) add(pools.map((p) => structuredClone(p[0])), 'generated');
  else if (docs.length === 0) add(kinds.map(emptyOf), 'generated');
  for (let tries = 0; out.length < max && tries < max * 10; tries++) {
    add(pools.map((p) => structuredClone(pick(p))), 'generated');
  }
  return out;
}
