/**
 * Reads JavaScript (and Python-flavoured) literal text into values without evaluating
 * code: numbers, strings, booleans, null, arrays and plain objects. Used for the
 * argument lists and expected values of examples written in a prompt.
 */
import * as ts from 'typescript';

const FAIL = Symbol('not-a-literal');
type Out = unknown | typeof FAIL;

const NAMED: Record<string, unknown> = {
  true: true, false: false, True: true, False: false, null: null, None: null,
  Infinity: Infinity, NaN: NaN,
};

function fromNode(node: ts.Expression): Out {
  if (ts.isParenthesizedExpression(node)) return fromNode(node.expression);
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isIdentifier(node)) return Object.hasOwn(NAMED, node.text) ? NAMED[node.text] : FAIL;
  if (ts.isPrefixUnaryExpression(node)) {
    const v = fromNode(node.operand);
    if (typeof v !== 'number') return FAIL;
    if (node.operator === ts.SyntaxKind.MinusToken) return -v;
    if (node.operator === ts.SyntaxKind.PlusToken) return v;
    return FAIL;
  }
  if (ts.isArrayLiteralExpression(node)) {
    const out: unknown[] = [];
    for (const el of node.elements) {
      if (ts.isOmittedExpression(el) || ts.isSpreadElement(el)) return FAIL;
      const v = fromNode(el);
      if (v === FAIL) return FAIL;
      out.push(v);
    }
    return out;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (!ts.isPropertyAssignment(p)) return FAIL;
      const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)
        ? p.name.text : undefined;
      if (key === undefined) return FAIL;
      const v = fromNode(p.initializer);
      if (v === FAIL) return FAIL;
      out[key] = v;
    }
    return out;
  }
  return FAIL;
}

/** The value of a literal expression node (same rules as `parseLiteral`), or `{ ok: false }`. */
export function literalValue(node: ts.Expression): { ok: true; value: unknown } | { ok: false } {
  const v = fromNode(node);
  return v === FAIL ? { ok: false } : { ok: true, value: v };
}

function parseExpression(text: string): ts.Expression | undefined {
  const sf = ts.createSourceFile('lit.ts', `(${text}\n)`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diags = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  if (diags.length > 0 || sf.statements.length !== 1) return undefined;
  const st = sf.statements[0];
  return ts.isExpressionStatement(st) ? st.expression : undefined;
}

/** The value of a literal expression, or `undefined` in `ok: false` when it is not one. */
export function parseLiteral(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false };
  const expr = parseExpression(trimmed);
  if (!expr) return { ok: false };
  const v = fromNode(expr);
  return v === FAIL ? { ok: false } : { ok: true, value: v };
}

/** An argument list's values (`1, "a", [2]`), or undefined when any is not a literal. */
export function parseArgumentList(text: string): unknown[] | undefined {
  if (text.trim() === '') return [];
  const r = parseLiteral(`[${text}]`);
  return r.ok && Array.isArray(r.value) ? r.value : undefined;
}
