/**
 * Cheap mutants of the function under test, as module texts: its body replaced by
 * `return undefined`, and its first returned value changed (numbers +1, strings + '_',
 * booleans negated, arrays shortened…). A test that passes against a mutant does not
 * notice that change; killing mutants is what tells a real test from a trivial one. Pure.
 */
import type { FunctionTarget } from './target';

export interface ModuleVariant {
  name: string;
  text: string;
}

export const MUTATE_FN = '__weavergenMutate';

const MUTATE_SOURCE = `
function ${MUTATE_FN}(v: any): any {
  if (v !== null && typeof v === 'object' && typeof v.then === 'function') return v.then(${MUTATE_FN});
  switch (typeof v) {
    case 'number': return Number.isNaN(v) ? 0 : v + 1;
    case 'bigint': return v + BigInt(1);
    case 'string': return v + '_';
    case 'boolean': return !v;
    case 'undefined': return 0;
    case 'function': return () => undefined;
    case 'symbol': return undefined;
  }
  if (v === null) return 0;
  if (Array.isArray(v)) return v.length ? v.slice(1) : [0];
  if (v instanceof Map || v instanceof Set) return v.size ? new (v.constructor as any)() : new (v.constructor as any)([[0, 0]]);
  if (v instanceof Date) return new Date(v.getTime() + 1);
  return Object.keys(v).length ? {} : { mutated: true };
}
`;

/** The mutants of `target` in `text` (at most two). */
export function mutantsOf(text: string, target: FunctionTarget): ModuleVariant[] {
  const out: ModuleVariant[] = [
    { name: 'body-undefined', text: `${text.slice(0, target.bodyStart)}{ return undefined as any; }${text.slice(target.bodyEnd)}` },
  ];
  const r = target.firstReturn;
  if (r) {
    out.push({
      name: 'return-changed',
      text: `${text.slice(0, r.start)}${MUTATE_FN}(${text.slice(r.start, r.end)})${text.slice(r.end)}\n${MUTATE_SOURCE}`,
    });
  }
  return out;
}
