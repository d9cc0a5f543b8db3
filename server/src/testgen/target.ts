/**
 * The function a test is written for: the exported, implemented function whose
 * declaration (doc comment included) holds the position. Pure (TS syntax only).
 */
import ts from 'typescript';
import { docComment, parseSource } from '../context/syntax';

export interface FunctionTarget {
  symbol: string;
  /** Offsets of the declaration, doc comment included. */
  declStart: number;
  declEnd: number;
  /** Offsets of the body block `{ ... }`. */
  bodyStart: number;
  bodyEnd: number;
  /** The declaration text, doc comment included. */
  declText: string;
  doc?: string;
  /** The first `return <expr>` of the function's own body (not of nested functions). */
  firstReturn?: { start: number; end: number };
  isAsync: boolean;
}

export const isTestFileName = (fileName: string): boolean => /\.(test|spec)\.[cm]?[jt]sx?$/i.test(fileName) || /(^|\/)__tests__\//.test(fileName);

/** Every exported function with a non-stub body, in file order. */
export function exportedFunctions(text: string, fileName: string): FunctionTarget[] {
  if (isTestFileName(fileName)) return [];
  const sf = parseSource(text, fileName);
  const out: FunctionTarget[] = [];
  for (const s of sf.statements) {
    if (!(ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))) continue;
    if (ts.isFunctionDeclaration(s) && s.name && s.body) push(out, sf, s, s.name.text, s.body, s);
    if (ts.isVariableStatement(s) && s.declarationList.declarations.length === 1) {
      const d = s.declarationList.declarations[0];
      const init = d.initializer;
      if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && ts.isBlock(init.body)) {
        push(out, sf, s, d.name.text, init.body, init);
      }
    }
  }
  return out;
}

/** The exported function whose declaration holds `offset`. */
export function functionAt(text: string, fileName: string, offset: number): FunctionTarget | undefined {
  return exportedFunctions(text, fileName).find((f) => offset >= f.declStart && offset <= f.declEnd);
}

/** Whether `text` mentions `symbol` as a word (how prediction decides a function is tested). */
export const mentions = (text: string, symbol: string): boolean => new RegExp(`\\b${symbol.replace(/[$]/g, '\\$')}\\b`).test(text);

function push(out: FunctionTarget[], sf: ts.SourceFile, decl: ts.Statement, symbol: string, body: ts.Block, fn: ts.FunctionLikeDeclaration): void {
  const s = body.statements;
  if (s.length === 0 || (s.length === 1 && ts.isThrowStatement(s[0]))) return;
  const doc = docComment(decl, sf);
  const start = decl.getStart(sf);
  const declStart = doc ? sf.text.lastIndexOf(doc, start) : start;
  const ret = firstReturn(body);
  out.push({
    symbol, declStart, declEnd: decl.end, bodyStart: body.getStart(sf), bodyEnd: body.end,
    declText: sf.text.slice(declStart, decl.end), ...(doc ? { doc } : {}),
    ...(ret ? { firstReturn: { start: ret.getStart(sf), end: ret.end } } : {}),
    isAsync: fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false,
  });
}

function firstReturn(body: ts.Block): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) {
      found = n.expression;
      return;
    }
    n.forEachChild(visit);
  };
  body.forEachChild(visit);
  return found;
}
