/**
 * Small helpers over the TypeScript compiler API: parsing, comments, functions with
 * block bodies, names, signatures and doc comments. No LSP types here.
 */
import ts from 'typescript';

export type FunctionWithBody = ts.FunctionLikeDeclaration & { body: ts.Block };

/**
 * Parsed files, most recent last: the request path parses the same document text several
 * times (site finding, the cache key, prediction). A pure memo of immutable trees; no I/O.
 */
const recentParses: { fileName: string; text: string; sf: ts.SourceFile }[] = [];
const RECENT_PARSES = 4;

export function parseSource(text: string, fileName: string): ts.SourceFile {
  const i = recentParses.findIndex((p) => p.fileName === fileName && p.text === text);
  if (i >= 0) {
    const [hit] = recentParses.splice(i, 1);
    recentParses.push(hit);
    return hit.sf;
  }
  const sf = parseFresh(text, fileName);
  recentParses.push({ fileName, text, sf });
  if (recentParses.length > RECENT_PARSES) recentParses.shift();
  return sf;
}

function parseFresh(text: string, fileName: string): ts.SourceFile {
  const lower = fileName.toLowerCase();
  const kind = lower.endsWith('.tsx') ? ts.ScriptKind.TSX
    : lower.endsWith('.jsx') ? ts.ScriptKind.JSX
    : /\.(c|m)?js$/.test(lower) ? ts.ScriptKind.JS
    : ts.ScriptKind.TS;
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
}

export interface Comment { pos: number; end: number; text: string }

/** Every comment in the file, in order (found as the trivia before each token). */
export function allComments(sf: ts.SourceFile): Comment[] {
  const text = sf.getFullText();
  const seen = new Map<number, Comment>();
  const visit = (node: ts.Node): void => {
    if (node.getChildCount(sf) === 0) {
      for (const r of ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []) {
        if (!seen.has(r.pos)) seen.set(r.pos, { pos: r.pos, end: r.end, text: text.slice(r.pos, r.end) });
      }
      return;
    }
    for (const child of node.getChildren(sf)) visit(child);
  };
  visit(sf);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
}

export function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)) && node.body !== undefined && ts.isBlock(node.body);
}

/** Functions with block bodies, outermost first, whose span contains [start, end]. */
export function functionsContaining(sf: ts.SourceFile, start: number, end = start): FunctionWithBody[] {
  const out: FunctionWithBody[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionWithBody(node) && node.getStart(sf) <= start && end <= node.end) out.push(node);
    node.forEachChild((c) => { if (c.pos <= end && start <= c.end) visit(c); });
  };
  visit(sf);
  return out;
}

/** Functions with block bodies lying entirely inside [start, end], in document order. */
export function functionsInside(sf: ts.SourceFile, start: number, end: number): FunctionWithBody[] {
  const out: FunctionWithBody[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionWithBody(node) && start <= node.getStart(sf) && node.end <= end) out.push(node);
    node.forEachChild(visit);
  };
  visit(sf);
  return out;
}

/** The statement/member that declares the function (what its doc comment is attached to). */
export function declarationNode(fn: ts.Node): ts.Node {
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const p = fn.parent;
    if (ts.isVariableDeclaration(p) && ts.isVariableDeclarationList(p.parent) && ts.isVariableStatement(p.parent.parent)) {
      return p.parent.parent;
    }
    if (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) return p;
  }
  return fn;
}

export function functionName(fn: FunctionWithBody): string | undefined {
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name) || ts.isStringLiteral(fn.name))) {
    return fn.name.text;
  }
  const p = fn.parent;
  if ((ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && ts.isIdentifier(p.name)) {
    return p.name.text;
  }
  return undefined;
}

/** Declaration text up to (not including) the body's `{`, without the doc comment. */
export function signatureText(fn: FunctionWithBody, sf: ts.SourceFile): string {
  const start = declarationNode(fn).getStart(sf);
  return sf.text.slice(start, fn.body.getStart(sf)).trim();
}

/** The last JSDoc block (`/** ... *\/`) right before the declaration, if any. */
export function docComment(node: ts.Node, sf: ts.SourceFile): string | undefined {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const docs = ranges.map((r) => sf.text.slice(r.pos, r.end)).filter((t) => t.startsWith('/**'));
  return docs.length ? docs[docs.length - 1] : undefined;
}

/** First sentence-ish summary of a JSDoc block, without the stars. */
export function docSummary(doc: string): string {
  const body = doc.replace(/^\/\*\*|\*\/$/g, '').split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim());
  const lines: string[] = [];
  for (const l of body) {
    if (l.startsWith('@')) break;
    if (l) lines.push(l);
  }
  return lines.join(' ').trim();
}

export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The file's indentation unit: a tab, or the smallest non-zero run of leading spaces (default 2). */
export function indentUnit(text: string): string {
  let min = 0;
  for (const line of text.split('\n')) {
    if (/^\t/.test(line)) return '\t';
    const m = /^( +)\S/.exec(line);
    if (m && (min === 0 || m[1].length < min)) min = m[1].length;
  }
  return ' '.repeat(min >= 2 && min <= 8 ? min : 2);
}
