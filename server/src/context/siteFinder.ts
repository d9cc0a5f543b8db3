/**
 * Finds where generated code goes, given a cursor position or a selection:
 * an intent comment, a TODO comment, an empty or stub function body, or a selection
 * with explicit intent. Pure: text in, site out (null when nothing applies).
 */
import ts from 'typescript';
import type { Position, Range } from 'vscode-languageserver-protocol';
import type { GenerationSite, SiteKind } from '../protocol';
import { classifyComment, type DirectiveComment } from './comments';
import {
  allComments, declarationNode, docComment, docSummary, functionName, functionsContaining, functionsInside,
  indentUnit, lineIndent, parseSource, signatureText, type FunctionWithBody,
} from './syntax';
import { LineMap } from '../util/lineMap';
import { insertSiteAt } from './insertSites';

export interface SiteQuery { position?: Position; range?: Range; intent?: string }

export interface FunctionInfo {
  node: FunctionWithBody;
  name?: string;
  signature: string;
  doc?: string;
  /** Offsets of the whole declaration, doc comment included. */
  start: number;
  end: number;
}

export interface FoundSite {
  site: GenerationSite;
  /** Offsets of site.range in the text. */
  start: number;
  end: number;
  /** 'body': statements between braces; 'lines': code inserted at a line; 'selection': replaces the selection. */
  shape: 'body' | 'lines' | 'selection';
  /** Indentation of each generated line. */
  indent: string;
  /** Indentation before the closing brace (body sites). */
  closingIndent: string;
  fn?: FunctionInfo;
  sourceFile: ts.SourceFile;
  /** Insertion sites ('missing-member', 'missing-function'): the declaration the site belongs to (offsets). */
  region?: { start: number; end: number };
  /** Insertion sites: what the model must see (the interface/abstract declarations, or the call sites). */
  related?: { title: string; text: string };
  /** Insertion and comment sites: a position where findSite finds this site again (site.range.start may not be one). */
  resolveAt?: Position;
}

const ANCHOR_CHARS = 80;

export function findSite(text: string, fileName: string, query: SiteQuery): FoundSite | null {
  const sf = parseSource(text, fileName);
  const lines = new LineMap(text);
  const hasSelection = query.range !== undefined && lines.offsetAt(query.range.start) < lines.offsetAt(query.range.end);
  const start = lines.offsetAt(query.range?.start ?? query.position ?? { line: 0, character: 0 });
  const end = hasSelection ? lines.offsetAt(query.range!.end) : start;
  const ctx: Ctx = { sf, text, lines, intent: query.intent?.trim() || undefined };

  const comments = allComments(sf).map(classifyComment).filter((c): c is DirectiveComment => c !== null);
  const firstLine = lines.positionAt(start).line;
  const lastLine = lines.positionAt(end).line;
  const onLines = comments.filter((c) =>
    lines.positionAt(c.pos).line <= lastLine && lines.positionAt(c.end).line >= firstLine);
  const directive = onLines.find((c) => c.kind === 'intent') ?? onLines.find((c) => c.kind === 'todo');
  if (directive) return commentSite(ctx, directive);

  const containing = functionsContaining(sf, start, end);
  const inner = containing[containing.length - 1];
  if (inner) {
    const kind = bodyKind(inner, ctx);
    if (kind) return bodySite(ctx, inner, kind);
  }
  if (hasSelection) {
    for (const fn of functionsInside(sf, start, end)) {
      const kind = bodyKind(fn, ctx);
      if (kind) return bodySite(ctx, fn, kind);
    }
    if (ctx.intent) return selectionSite(ctx, start, end, inner);
    return null;
  }
  const ins = insertSiteAt(sf, start, inner !== undefined);
  if (!ins) return null;
  const found = build(ctx, {
    kind: ins.kind, start: ins.at, end: ins.at, intent: ctx.intent ?? ins.intent, symbol: ins.symbol,
    shape: ins.shape, indent: ins.indent, closingIndent: ins.closingIndent,
  });
  return { ...found, region: ins.region, related: ins.related, resolveAt: lines.positionAt(ins.resolveAt) };
}

interface Ctx { sf: ts.SourceFile; text: string; lines: LineMap; intent?: string }

function commentSite(ctx: Ctx, c: DirectiveComment): FoundSite {
  const fn = functionsContaining(ctx.sf, c.pos, c.end).pop();
  const intent = ctx.intent ?? c.intent;
  // The comment's own position finds this site again (its range starts elsewhere: the body, or the next line).
  const resolveAt = ctx.lines.positionAt(c.pos);
  if (c.kind === 'todo' && fn) {
    // A TODO in a stub body IS that stub body: one site (kind, intent, key) whichever line the cursor is on.
    const stub = bodyKind(fn, ctx);
    return stub ? bodySite(ctx, fn, stub) : { ...bodySite(ctx, fn, 'todo-comment', intent), resolveAt };
  }
  // Insertion point: the start of the line after the comment (end of text if none).
  const nl = ctx.text.indexOf('\n', c.end);
  const at = nl === -1 ? ctx.text.length : nl + 1;
  const kind: SiteKind = c.kind === 'intent' ? 'intent-comment' : 'todo-comment';
  const info = fn ? functionInfo(ctx, fn) : undefined;
  const found = build(ctx, {
    kind, start: at, end: at, intent: intent || 'Implement the code described here', symbol: info?.name,
    shape: 'lines', indent: lineIndent(ctx.text, c.pos), closingIndent: '', fn: info,
  });
  return { ...found, resolveAt };
}

function bodyKind(fn: FunctionWithBody, ctx: Ctx): SiteKind | null {
  const body = fn.body;
  const inside = ctx.text.slice(body.getStart(ctx.sf) + 1, body.end - 1);
  if (body.statements.length === 0) {
    if (inside.trim() === '') return 'empty-body';
    const comments = allCommentsIn(inside);
    return comments.every((t) => classifyComment({ pos: 0, end: 0, text: t }) !== null) ? 'stub-body' : null;
  }
  if (body.statements.length === 1 && isNotImplementedThrow(body.statements[0])) return 'stub-body';
  return null;
}

function allCommentsIn(inside: string): string[] {
  const sf = parseSource(inside, 'x.ts');
  return allComments(sf).map((c) => c.text);
}

function isNotImplementedThrow(s: ts.Statement): boolean {
  if (!ts.isThrowStatement(s) || !s.expression || !ts.isNewExpression(s.expression)) return false;
  const args = s.expression.arguments ?? [];
  if (args.length === 0) return true;
  const a = args[0];
  return (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) &&
    /not\s*(yet\s*)?implemented|unimplemented|\btodo\b|implement me/i.test(a.text);
}

function bodySite(ctx: Ctx, fn: FunctionWithBody, kind: SiteKind, intent?: string): FoundSite {
  const info = functionInfo(ctx, fn);
  const open = fn.body.getStart(ctx.sf);
  const closingIndent = lineIndent(ctx.text, open);
  const derived = intent || ctx.intent || (info.doc ? docSummary(info.doc) : '') || stubIntent(ctx, fn) ||
    `Implement ${info.name ?? 'this function'}`;
  return build(ctx, {
    kind, start: open + 1, end: fn.body.end - 1, intent: derived, symbol: info.name,
    shape: 'body', indent: closingIndent + indentUnit(ctx.text), closingIndent, fn: info,
  });
}

/** Intent read from a weaver/TODO comment inside a stub body. */
function stubIntent(ctx: Ctx, fn: FunctionWithBody): string {
  const inside = ctx.text.slice(fn.body.getStart(ctx.sf) + 1, fn.body.end - 1);
  for (const t of allCommentsIn(inside)) {
    const c = classifyComment({ pos: 0, end: 0, text: t });
    if (c?.intent) return c.intent;
  }
  return '';
}

function selectionSite(ctx: Ctx, start: number, end: number, fn?: FunctionWithBody): FoundSite {
  const info = fn ? functionInfo(ctx, fn) : undefined;
  return build(ctx, {
    kind: 'selection', start, end, intent: ctx.intent!, symbol: info?.name,
    shape: 'selection', indent: lineIndent(ctx.text, start), closingIndent: '', fn: info,
  });
}

function functionInfo(ctx: Ctx, fn: FunctionWithBody): FunctionInfo {
  const decl = declarationNode(fn);
  const doc = docComment(decl, ctx.sf);
  const declStart = decl.getStart(ctx.sf);
  const start = doc ? ctx.text.lastIndexOf(doc, declStart) : declStart;
  return { node: fn, name: functionName(fn), signature: signatureText(fn, ctx.sf), doc, start, end: decl.end };
}

interface BuildArgs {
  kind: SiteKind; start: number; end: number; intent: string; symbol?: string;
  shape: FoundSite['shape']; indent: string; closingIndent: string; fn?: FunctionInfo;
}

function build(ctx: Ctx, a: BuildArgs): FoundSite {
  const site: GenerationSite = {
    kind: a.kind,
    range: { start: ctx.lines.positionAt(a.start), end: ctx.lines.positionAt(a.end) },
    intent: a.intent,
    originalText: ctx.text.slice(a.start, a.end),
    anchor: {
      before: ctx.text.slice(Math.max(0, a.start - ANCHOR_CHARS), a.start),
      after: ctx.text.slice(a.end, a.end + ANCHOR_CHARS),
    },
  };
  if (a.symbol) site.symbol = a.symbol;
  return {
    site, start: a.start, end: a.end, shape: a.shape, indent: a.indent, closingIndent: a.closingIndent,
    fn: a.fn, sourceFile: ctx.sf,
  };
}
