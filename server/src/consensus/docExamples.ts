/**
 * Examples written in a prompt or doc comment: `>>> f(1, 2)` / `> f(1, 2)` followed by
 * the result on the next line, `f(1, 2) ➞ 3`, `f(1, 2) == 3`, `f(1, 2) => 3`,
 * `f(1, 2) // 3`, `f(1, 2); // 3` and `@example` blocks, several on one line too; Python tuples `(1, 2)` read as arrays (as the
 * JavaScript translations of such tasks use them); and prose examples (`Input: … Output: …`,
 * `For x = … the output should be …`, see ioExamples.ts). Only the prompt is read,
 * never test code.
 */
import { extractIoExamples } from './ioExamples';
import { parseArgumentList, parseLiteral } from './literals';
import { functionParams } from './signature';

export interface DocExample {
  args: unknown[];
  /** Present when the prompt states the result. */
  expected?: { value: unknown };
}

const SEPARATORS = /^\s*(?:➞|==>|===|==|=>|->|→|\/\/\s*(?:=>|→|returns?)?|returns?|should\s+(?:return|be)|is|=)\s*/i;

/** Index just past the parenthesis matching the one at `open`, or -1. */
function matchParen(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return c === ')' ? i + 1 : -1;
    }
  }
  return -1;
}

/** Strips comment decoration: leading `*`, `//`, `#` and whitespace. */
function cleanLine(line: string): string {
  return line.replace(/^\s*(?:\/\*+|\*+\/?|\/\/+|#)?\s?/, '').replace(/\*\/\s*$/, '').trim();
}

/** `text` with every parenthesis outside quotes turned into a bracket: tuples as arrays. */
export function tuplesAsArrays(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') { out += c + (text[i + 1] ?? ''); i++; continue; }
      if (c === quote) quote = undefined;
      out += c;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    out += c === '(' ? '[' : c === ')' ? ']' : c;
  }
  return out;
}

function argumentsFrom(text: string): unknown[] | undefined {
  return parseArgumentList(text) ?? (/[()]/.test(text) ? parseArgumentList(tuplesAsArrays(text)) : undefined);
}

function expectedFrom(text: string): { value: unknown } | undefined {
  let t = text.trim();
  for (let i = 0; i < 3 && t.length > 0; i++) {
    const r = parseLiteral(t);
    if (r.ok) return { value: r.value };
    if (t.startsWith('(')) {
      const tuple = parseLiteral(tuplesAsArrays(t));
      if (tuple.ok && Array.isArray(tuple.value)) return { value: tuple.value };
    }
    t = t.replace(/[.,;]+$/, '').replace(/\s+\(.*\)$/, '').trim();
  }
  return undefined;
}

function isCallLine(line: string): boolean {
  return /^(>>>|>)\s/.test(line);
}

/**
 * The examples of calls to `entryPoint` found in `prompt`, in order, one per argument list
 * (the first copy, completed with the result a later copy states).
 */
export function extractDocExamples(prompt: string, entryPoint: string): DocExample[] {
  const lines = prompt.split(/\r?\n/).map(cleanLine);
  const out: DocExample[] = [];
  const seen = new Map<string, number>();
  const callRe = new RegExp(`(?<![\\w$.])${entryPoint.replace(/[$]/g, '\\$')}\\s*\\(`, 'g');
  const add = (ex: DocExample) => {
    const key = JSON.stringify(ex.args);
    const at = seen.get(key);
    // A later copy that states the result (the doc comment's own line, after the
    // one-line summary that repeats it without one) completes the first.
    if (at !== undefined) {
      if (!out[at].expected && ex.expected) out[at] = ex;
      return;
    }
    seen.set(key, out.length);
    out.push(ex);
  };
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const calls = [...line.matchAll(callRe)];
    calls.forEach((m, ci) => {
      const open = (m.index ?? 0) + m[0].length - 1;
      const close = matchParen(line, open);
      if (close < 0) return;
      const args = argumentsFrom(line.slice(open + 1, close - 1));
      if (!args) return;
      let expected: { value: unknown } | undefined;
      // What follows the call, up to the next call of the entry point on the same line
      // (examples flattened onto one line), without a statement's `;` (`f(x); // y`).
      const rest = line.slice(close, calls[ci + 1]?.index ?? line.length)
        .replace(/\s*(?:>>>|>|@example)\s*$/, '').replace(/^\s*;/, '');
      const sep = SEPARATORS.exec(rest);
      if (sep && rest.trim() !== '') expected = expectedFrom(rest.slice(sep[0].length));
      else if (rest.trim() === '' && isCallLine(line) && li + 1 < lines.length) {
        const next = lines[li + 1];
        if (next !== '' && !isCallLine(next)) expected = expectedFrom(next);
      } else if (rest.trim() === '' && li + 1 < lines.length) {
        const next = lines[li + 1];
        const arrow = SEPARATORS.exec(next);
        if (arrow && arrow[0].trim() !== '' && /^(➞|==>|=>|->|→|\/\/)/.test(arrow[0].trim())) {
          expected = expectedFrom(next.slice(arrow[0].length));
        }
      }
      add(expected ? { args, expected } : { args });
    });
  }
  const params = functionParams(prompt, entryPoint)?.map((p) => p.name);
  if (params && params.length > 0) {
    for (const ex of extractIoExamples(lines, params)) add(ex);
  }
  return out;
}
