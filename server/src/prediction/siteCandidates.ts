/**
 * Candidates that the existing site finder already understands: empty and stub bodies,
 * intent and TODO comments, and a signature just typed (an empty body whose header
 * holds the most recent edit). Detection is findSite's: we only choose where to ask.
 */
import ts from 'typescript';
import { classifyComment } from '../context/comments';
import { findSite } from '../context/siteFinder';
import { allComments, declarationNode, isFunctionWithBody, type FunctionWithBody } from '../context/syntax';
import { LineMap } from '../util/lineMap';
import type { Candidate, PredictedSiteKind, RecentEdit } from './types';

export interface ScanInput {
  text: string;
  fileName: string;
  sf: ts.SourceFile;
  lines: LineMap;
  latestEdit?: RecentEdit;
}

export function siteCandidates(input: ScanInput): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate | null): void => {
    if (!c) return;
    const key = `${c.start}:${c.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  for (const fn of stubLikeFunctions(input.sf)) add(ask(input, fn.body.getStart(input.sf) + 1));
  for (const c of allComments(input.sf)) {
    if (classifyComment(c)) add(ask(input, c.pos));
  }
  return out;
}

/** Functions whose body is empty or a single statement that might be a `throw` stub. */
function stubLikeFunctions(sf: ts.SourceFile): FunctionWithBody[] {
  const out: FunctionWithBody[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionWithBody(node)) {
      const s = node.body.statements;
      if ((s.length === 0 && !intentionallyEmpty(node)) || (s.length === 1 && ts.isThrowStatement(s[0]))) out.push(node);
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return out;
}

/**
 * Empty on purpose: a constructor that only declares parameter properties, or an
 * anonymous callback (`.catch(() => {})`) that is not bound to a name.
 */
function intentionallyEmpty(fn: FunctionWithBody): boolean {
  if (ts.isConstructorDeclaration(fn)) return fn.parameters.some((p) => (ts.getModifiers(p)?.length ?? 0) > 0);
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) return declarationNode(fn) === fn;
  return false;
}

/**
 * Asks findSite about one offset. findSite parses the text it is given, so it gets only
 * the top-level statement around the offset (whole lines, doc comment included), and the
 * offsets it returns are shifted back: one small parse per candidate, not one full parse.
 */
function ask(input: ScanInput, offset: number): Candidate | null {
  const [base, end] = sliceAround(input, offset);
  const text = input.text.slice(base, end);
  const lines = base === 0 && end === input.text.length ? input.lines : new LineMap(text);
  const found = findSite(text, input.fileName, { position: lines.positionAt(offset - base) });
  // Insertion sites need the whole file (declarations elsewhere): missingMembers/missingFunctions find them.
  if (!found || found.site.kind === 'selection' || found.site.kind === 'missing-member' || found.site.kind === 'missing-function') return null;
  const shifted: Shifted = {
    kind: found.site.kind, intent: found.site.intent, symbol: found.site.symbol,
    start: found.start + base, end: found.end + base,
    fn: found.fn && { start: found.fn.start + base, end: found.fn.end + base, nodeEnd: found.fn.node.end + base },
  };
  return fromFound(input, shifted, offset);
}

/** [start, end) of whole lines holding the top-level statement around `offset` (the whole text if unsure). */
function sliceAround(input: ScanInput, offset: number): [number, number] {
  const { sf, text } = input;
  const whole: [number, number] = [0, text.length];
  const stmt = sf.statements.find((st) => st.getStart(sf) <= offset && offset < st.end);
  if (!stmt) {
    // A comment between statements: its own lines are enough.
    const from = text.lastIndexOf('\n', offset - 1) + 1;
    const nl = text.indexOf('\n', offset);
    return [from, nl === -1 ? text.length : nl + 1];
  }
  const full = stmt.getFullStart();
  let from = full;
  if (full > 0 && text[full - 1] !== '\n') {
    const nl = text.indexOf('\n', full);
    if (nl === -1 || nl >= stmt.getStart(sf)) return whole;
    from = nl + 1;
  }
  const nl = text.indexOf('\n', stmt.end);
  return [from, nl === -1 ? text.length : nl + 1];
}

interface Shifted {
  kind: string; intent: string; symbol?: string; start: number; end: number;
  fn?: { start: number; end: number; nodeEnd: number };
}

function fromFound(input: ScanInput, found: Shifted, at: number): Candidate {
  let kind = found.kind as PredictedSiteKind;
  const reasons = [reasonFor(kind)];
  const declStart = found.fn ? found.fn.start : Math.min(at, found.start);
  const declEnd = found.fn ? found.fn.end : Math.max(found.end, at);
  const edit = input.latestEdit;
  if (kind === 'empty-body' && found.fn && edit && edit.offset >= found.fn.start && edit.offset <= found.fn.nodeEnd) {
    kind = 'signature-typed';
    reasons.unshift('signature just typed (latest edit is in its header)');
  }
  return {
    kind, start: found.start, end: found.end, at, declStart, declEnd,
    symbol: found.symbol, intent: found.intent, target: 'site', reasons,
  };
}

function reasonFor(kind: PredictedSiteKind): string {
  switch (kind) {
    case 'empty-body': return 'empty function body';
    case 'stub-body': return 'stub body (not implemented / TODO only)';
    case 'todo-comment': return 'TODO comment';
    case 'intent-comment': return 'weaver: intent comment';
    default: return kind;
  }
}
