/**
 * Examples written as prose rather than calls: `Input: a = [1, 2], k = 3` (or the
 * arguments on their own lines, `name : value` or bare values) followed by
 * `Output: [1, 2]`, and `For lst = [1, 2] the output should be 3`. Arguments are matched
 * to the function's parameters by name, else by position when the counts agree. Only
 * the prompt is read.
 */
import { parseArgumentList, parseLiteral } from './literals';

export interface IoExample {
  args: unknown[];
  expected: { value: unknown };
}

/** Splits `text` at top-level commas (outside quotes and brackets). */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

function literal(text: string): { value: unknown } | undefined {
  let t = text.trim();
  for (let i = 0; i < 2 && t !== ''; i++) {
    const r = parseLiteral(t);
    if (r.ok) return { value: r.value };
    t = t.replace(/[.,;]+$/, '').trim();
  }
  return undefined;
}

const ASSIGN = /^([A-Za-z_$][\w$]*)\s*[:=]\s*(.+)$/s;

/**
 * Argument values for `params` from input text: named assignments (`a = 1, b : [2]`,
 * stopping at the first segment that is not one), or a bare argument list.
 */
export function argsFromInput(text: string, params: string[], opts: { allowBare: boolean }): unknown[] | undefined {
  const segments = splitTopLevel(text);
  const named: [string, unknown][] = [];
  for (const seg of segments) {
    const m = ASSIGN.exec(seg);
    if (!m) break;
    const v = literal(m[2]);
    if (!v) return undefined;
    named.push([m[1], v.value]);
  }
  if (named.length > 0) {
    const byName = new Map(named);
    if (params.every((p) => byName.has(p))) return params.map((p) => byName.get(p));
    return named.length === params.length ? named.map(([, v]) => v) : undefined;
  }
  if (!opts.allowBare) return undefined;
  const args = parseArgumentList(text);
  return args && args.length === params.length ? args : undefined;
}

const INPUT = /^(?:example\s*\d*\s*:?\s*)?input\s*:\s*(.*)$/i;
const OUTPUT = /^output\s*:\s*(.*)$/i;
const FOR_OUTPUT = /^for\s+(.+?)\s*,?\s+the\s+(?:output|result|answer)\s+should\s+be\s+(.+)$/i;

/** `Input: … Output: …` blocks and `For x = … the output should be …` lines, in order. */
export function extractIoExamples(lines: string[], params: string[]): IoExample[] {
  const out: IoExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const f = FOR_OUTPUT.exec(lines[i]);
    if (f) {
      const args = argsFromInput(f[1], params, { allowBare: false });
      const expected = literal(f[2]);
      if (args && expected) out.push({ args, expected });
      continue;
    }
    const m = INPUT.exec(lines[i]);
    if (!m) continue;
    const parts = m[1] === '' ? [] : [m[1]];
    let j = i + 1;
    for (; j < lines.length && j <= i + 8 && !OUTPUT.test(lines[j]); j++) if (lines[j] !== '') parts.push(lines[j]);
    const o = j < lines.length ? OUTPUT.exec(lines[j]) : null;
    if (!o || parts.length === 0) continue;
    const outText = o[1] !== '' ? o[1] : (lines[j + 1] ?? '');
    const args = argsFromInput(parts.join(', '), params, { allowBare: true });
    const expected = literal(outText);
    if (args && expected) out.push({ args, expected });
    i = j;
  }
  return out;
}
