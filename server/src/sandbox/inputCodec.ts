/**
 * Probe inputs travel to the child as JSON; values JSON cannot carry exactly (undefined,
 * NaN, ±Infinity, -0, BigInt) are sent as one-key tag objects and revived in the child
 * (REVIVE_SOURCE) inside the candidate's realm, before any candidate code runs.
 */
export const INPUT_TAG = '\u0000weavergen';

function tag(value: unknown): unknown {
  if (value === undefined) return { [INPUT_TAG]: 'undefined' };
  if (typeof value === 'bigint') return { [INPUT_TAG]: `bigint:${value.toString()}` };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { [INPUT_TAG]: 'NaN' };
    if (value === Infinity) return { [INPUT_TAG]: 'Infinity' };
    if (value === -Infinity) return { [INPUT_TAG]: '-Infinity' };
    if (Object.is(value, -0)) return { [INPUT_TAG]: '-0' };
  }
  return value;
}

/** JSON text of the argument lists with special values tagged. */
export function encodeInputs(inputs: unknown[][]): string {
  const walk = (v: unknown): unknown => {
    const t = tag(v);
    if (t !== v) return t;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return JSON.stringify(inputs.map((args) => args.map(walk)));
}

/** JS source: `reviveInputs(value)` replaces tag objects in place (arrays and plain objects). */
export const REVIVE_SOURCE = String.raw`
function reviveInputs(root) {
  'use strict';
  const TAG = ${JSON.stringify(INPUT_TAG)};
  const special = (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return { hit: false };
    const keys = Object.keys(v);
    if (keys.length !== 1 || keys[0] !== TAG) return { hit: false };
    const t = v[TAG];
    if (t === 'undefined') return { hit: true, value: undefined };
    if (t === 'NaN') return { hit: true, value: NaN };
    if (t === 'Infinity') return { hit: true, value: Infinity };
    if (t === '-Infinity') return { hit: true, value: -Infinity };
    if (t === '-0') return { hit: true, value: -0 };
    if (typeof t === 'string' && t.startsWith('bigint:')) return { hit: true, value: BigInt(t.slice(7)) };
    return { hit: false };
  };
  const walk = (v) => {
    if (v === null || typeof v !== 'object') return v;
    const s = special(v);
    if (s.hit) return s.value;
    for (const k of Object.keys(v)) v[k] = walk(v[k]);
    return v;
  };
  return walk(root);
}
`;
