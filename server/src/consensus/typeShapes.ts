/**
 * The shapes of a function's parameters as the TypeScript checker sees them (described in
 * orchestra/paramShapes.ts, plain data that crosses to and from the worker thread), and
 * the probe values each shape allows: literal unions give their members, object shapes and
 * interfaces objects with every required property (optional ones in some), arrays and
 * tuples their element values. Pure and deterministic.
 */

export type TypeShape =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'bigint' }
  | { kind: 'null' }
  | { kind: 'undefined' }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'union'; of: TypeShape[] }
  | { kind: 'array'; of: TypeShape }
  | { kind: 'tuple'; of: TypeShape[] }
  | { kind: 'object'; props: { name: string; shape: TypeShape; optional: boolean }[] }
  | { kind: 'unknown' };

export interface ParamShape {
  name: string;
  shape: TypeShape;
  optional: boolean;
}

const STRINGS = ['', 'a', 'abc', 'Hello World', 'aba', 'xyz zy', '12321'];
const MAX_VALUES = 8;

function ints(nums: number[]): number[] {
  return [0, 1, -1, 2, 3, 5, 10, ...nums.filter(Number.isInteger)];
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v === undefined ? 'undefined' : typeof v === 'bigint' ? `${v}n` : JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The probe values of `shape` (at most MAX_VALUES, the most typical first), around `nums` (numbers seen in the prompt). */
export function valuesOfShape(shape: TypeShape, nums: number[] = [], depth = 0): unknown[] {
  switch (shape.kind) {
    case 'string': return STRINGS;
    case 'number': return dedupe([...ints(nums), 2.5]).slice(0, MAX_VALUES);
    case 'boolean': return [true, false];
    case 'bigint': return [0n, 1n, -1n, 10n];
    case 'null': return [null];
    case 'undefined': return [undefined];
    case 'literal': return [shape.value];
    case 'unknown': return ints(nums).slice(0, MAX_VALUES);
    case 'union': {
      // Round-robin over the members, so each member's typical values come first.
      const pools = shape.of.map((s) => valuesOfShape(s, nums, depth + 1));
      const out: unknown[] = [];
      for (let i = 0; out.length < 4 * MAX_VALUES && pools.some((p) => i < p.length); i++) for (const p of pools) if (i < p.length) out.push(p[i]);
      return dedupe(out).slice(0, Math.max(MAX_VALUES, shape.of.length));
    }
    case 'array': {
      if (depth > 3) return [[]];
      const el = valuesOfShape(shape.of, nums, depth + 1);
      return dedupe([[], [el[0]], el.slice(0, 3), [...el.slice(1, 4)].reverse(), el.slice(0, 5)]);
    }
    case 'tuple': {
      const pools = shape.of.map((s) => (depth > 3 ? [undefined] : valuesOfShape(s, nums, depth + 1)));
      const n = Math.max(1, ...pools.map((p) => Math.min(p.length, 4)));
      return dedupe(Array.from({ length: n }, (_, i) => pools.map((p) => p[i % p.length])));
    }
    case 'object': {
      if (depth > 3) return [{}];
      const pools = shape.props.map((p) => valuesOfShape(p.shape, nums, depth + 1));
      const n = Math.max(2, ...pools.map((p) => Math.min(p.length, 4)));
      // Object i: property j takes its pool's value i (cycling); optional ones only in every other object.
      return dedupe(Array.from({ length: n }, (_, i) => {
        const o: Record<string, unknown> = {};
        shape.props.forEach((p, j) => {
          if (p.optional && i % 2 === 1) return;
          o[p.name] = pools[j][i % pools[j].length];
        });
        return o;
      }));
    }
  }
}

/** The coarse kind of a shape, for what still works by kind (format hints, variants). */
export function kindOfShape(shape: TypeShape): 'int' | 'number' | 'string' | 'bool' | 'array' | 'object' | 'unknown' {
  switch (shape.kind) {
    case 'string': return 'string';
    case 'number': return 'number';
    case 'boolean': return 'bool';
    case 'array': case 'tuple': return 'array';
    case 'object': return 'object';
    default: return 'unknown';
  }
}
