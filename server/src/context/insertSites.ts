/**
 * Insertion sites for new declarations (what prediction calls 'insert' targets), found at a position:
 * - 'missing-member': the cursor is in a class (outside its methods' bodies) that `implements` a local
 *   interface or extends a local abstract class without providing all of its members; the members go
 *   before the class's closing brace;
 * - 'missing-function': the cursor is on a call `foo(...)` of a function declared nowhere in the file;
 *   the declaration goes after the top-level statement holding foo's first call.
 * Reuses prediction's detectors so both agree on what is missing. Pure.
 */
import ts from 'typescript';
import type { SiteKind } from '../protocol';
import { missingFunctionCandidates } from '../prediction/missingFunctions';
import { missingMemberCandidates } from '../prediction/missingMembers';
import { indentUnit, lineIndent } from './syntax';

export interface InsertSite {
  kind: Extract<SiteKind, 'missing-member' | 'missing-function'>;
  /** Insertion offset (empty range). */
  at: number;
  /** An offset where findSite finds this same site again (the insertion point is not one for functions). */
  resolveAt: number;
  intent: string;
  symbol: string;
  /** 'lines' at a line start; 'body' when the class's closing brace shares its line (`class A implements I {}`). */
  shape: 'lines' | 'body';
  indent: string;
  closingIndent: string;
  /** The declaration the site belongs to (the class, or the statement holding the first call). */
  region: { start: number; end: number };
  /** What the model must see: the interface/abstract declarations, or the call sites. */
  related: { title: string; text: string };
}

const MAX_CALLS = 5;

export function insertSiteAt(sf: ts.SourceFile, offset: number, insideFunction: boolean): InsertSite | null {
  return missingFunctionAt(sf, offset) ?? (insideFunction ? null : missingMembersAt(sf, offset));
}

function missingFunctionAt(sf: ts.SourceFile, offset: number): InsertSite | null {
  const candidates = missingFunctionCandidates(sf);
  let cand: (typeof candidates)[number] | undefined;
  let name = '';
  for (const call of callsAround(sf, offset).reverse()) {
    name = (call.expression as ts.Identifier).text;
    cand = candidates.find((c) => c.symbol === name);
    if (cand) break;
  }
  if (!cand) return null;
  const calls = callsOf(sf, name);
  const shown = calls.slice(0, MAX_CALLS).map((c) => oneLine(c.getText(sf)));
  return {
    kind: 'missing-function', at: cand.start, resolveAt: cand.at, symbol: name,
    intent: `Declare the function \`${name}\`, called as ${shown.map((s) => `\`${s}\``).join(', ')}`,
    shape: 'lines', indent: '', closingIndent: '',
    region: { start: cand.declStart, end: cand.declEnd },
    related: { title: `Call sites of ${name}`, text: calls.slice(0, MAX_CALLS).map((c) => callContext(sf, c)).join('\n') },
  };
}

/** The `name(...)` calls (callee an identifier) whose callee or parentheses hold the offset, outermost first. */
function callsAround(sf: ts.SourceFile, offset: number): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (offset < n.getFullStart() || offset > n.end) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && offset >= n.expression.getStart(sf)) found.push(n);
    n.forEachChild(visit);
  };
  visit(sf);
  return found;
}

function callsOf(sf: ts.SourceFile, name: string): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name) out.push(n);
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}

/** The source line(s) holding a call, trimmed, so the argument expressions and their use are visible. */
function callContext(sf: ts.SourceFile, call: ts.CallExpression): string {
  const text = sf.text;
  const from = text.lastIndexOf('\n', call.getStart(sf) - 1) + 1;
  const nl = text.indexOf('\n', call.end);
  return text.slice(from, nl === -1 ? text.length : nl).trim();
}

const oneLine = (s: string): string => {
  const t = s.replace(/\s+/g, ' ');
  return t.length > 120 ? `${t.slice(0, 117)}...` : t;
};

function missingMembersAt(sf: ts.SourceFile, offset: number): InsertSite | null {
  const cls = innermostClass(sf, offset);
  if (!cls?.name) return null;
  const className = cls.name.text;
  const missing = missingMemberCandidates(sf).filter((c) => c.declStart === cls.getStart(sf));
  if (!missing.length) return null;
  const members = missing.map((c) => /^Implement (`[^`]*`) \(declared in `([^`]*)`\)/.exec(c.intent))
    .map((m, i) => (m ? `${m[1]} of \`${m[2]}\`` : `\`${missing[i].symbol}\``));
  const at = missing[0].start;
  const text = sf.text;
  const classIndent = lineIndent(text, cls.getStart(sf));
  const closingIndent = lineIndent(text, cls.end - 1);
  const atLineStart = at === 0 || text[at - 1] === '\n';
  return {
    kind: 'missing-member', at, resolveAt: at, symbol: className,
    intent: `In class \`${className}\`, implement ${members.join(', ')}`,
    shape: atLineStart ? 'lines' : 'body',
    indent: (atLineStart ? closingIndent : classIndent) + indentUnit(text),
    closingIndent: atLineStart ? closingIndent : classIndent,
    region: { start: cls.getStart(sf), end: cls.end },
    related: { title: 'Declarations to implement', text: heritageDeclarations(sf, cls).join('\n\n') },
  };
}

function innermostClass(sf: ts.SourceFile, offset: number): ts.ClassDeclaration | undefined {
  let found: ts.ClassDeclaration | undefined;
  const visit = (n: ts.Node): void => {
    if (offset < n.getStart(sf) || offset > n.end) return;
    if (ts.isClassDeclaration(n)) found = n;
    n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return found;
}

/** Local interfaces and classes the class implements or extends, transitively, in file order. */
function heritageDeclarations(sf: ts.SourceFile, cls: ts.ClassDeclaration): string[] {
  const byName = new Map<string, ts.Node[]>();
  const collect = (n: ts.Node): void => {
    if ((ts.isInterfaceDeclaration(n) || ts.isClassDeclaration(n)) && n.name) {
      byName.set(n.name.text, [...(byName.get(n.name.text) ?? []), n]);
    }
    n.forEachChild(collect);
  };
  collect(sf);
  const picked = new Set<ts.Node>();
  const follow = (d: ts.ClassDeclaration | ts.InterfaceDeclaration): void => {
    for (const h of d.heritageClauses ?? []) {
      for (const t of h.types) {
        if (!ts.isIdentifier(t.expression)) continue;
        for (const base of byName.get(t.expression.text) ?? []) {
          if (picked.has(base) || base === cls) continue;
          picked.add(base);
          follow(base as ts.ClassDeclaration | ts.InterfaceDeclaration);
        }
      }
    }
  };
  follow(cls);
  return [...picked].sort((a, b) => a.pos - b.pos).map((n) => n.getText(sf));
}
