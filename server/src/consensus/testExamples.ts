/**
 * Examples stated by existing tests in the workspace: calls of the entry point whose
 * expected value a test asserts, read with the TypeScript parser (never executed):
 * `expect(f(…)).toBe|toEqual|toStrictEqual(x)`, `assert.equal|strictEqual|deepEqual|
 * deepStrictEqual(f(…), x)` (actual first only) and `assert(f(…) === x)` / `assert.ok(…)`.
 * Arguments and expected value must be literals (literals.ts); anything else is skipped.
 */
import * as ts from 'typescript';
import type { DocExample } from './docExamples';
import { literalValue } from './literals';

const MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual']);
const ASSERTS = new Set(['equal', 'strictEqual', 'deepEqual', 'deepStrictEqual']);

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/i.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Strips parentheses and type-only wrappers (`x as const`, `x!`, `x satisfies T`). */
function unwrap(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    else return e;
  }
}

/** `f(…)` with every argument a literal: the argument values. */
function callArgs(e: ts.Expression | undefined, entryPoint: string): unknown[] | undefined {
  if (!e) return undefined;
  const call = unwrap(e);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== entryPoint) return undefined;
  const args: unknown[] = [];
  for (const a of call.arguments) {
    if (ts.isSpreadElement(a)) return undefined;
    const v = literalValue(unwrap(a));
    if (!v.ok) return undefined;
    args.push(v.value);
  }
  return args;
}

function expectedOf(e: ts.Expression | undefined): { value: unknown } | undefined {
  if (!e) return undefined;
  const v = literalValue(unwrap(e));
  return v.ok ? { value: v.value } : undefined;
}

/** The asserted (call, expected) pair of one call expression, if it is one of the forms. */
function exampleOf(node: ts.CallExpression, entryPoint: string): DocExample | undefined {
  const callee = node.expression;
  // expect(f(…)).toBe(x)
  if (ts.isPropertyAccessExpression(callee) && MATCHERS.has(callee.name.text) && node.arguments.length === 1) {
    const inner = callee.expression;
    if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'expect' && inner.arguments.length === 1) {
      const args = callArgs(inner.arguments[0], entryPoint);
      const expected = expectedOf(node.arguments[0]);
      return args && expected ? { args, expected } : undefined;
    }
    return undefined;
  }
  // assert.equal(f(…), x) and friends
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'assert'
    && ASSERTS.has(callee.name.text) && node.arguments.length >= 2) {
    const args = callArgs(node.arguments[0], entryPoint);
    const expected = expectedOf(node.arguments[1]);
    return args && expected ? { args, expected } : undefined;
  }
  // assert(f(…) === x) / assert.ok(f(…) == x)
  const isAssert = ts.isIdentifier(callee) ? callee.text === 'assert'
    : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'assert' && callee.name.text === 'ok';
  if (isAssert && node.arguments.length >= 1) {
    const cond = unwrap(node.arguments[0]);
    if (ts.isBinaryExpression(cond) && (cond.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken
      || cond.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken)) {
      const args = callArgs(cond.left, entryPoint);
      const expected = expectedOf(cond.right);
      return args && expected ? { args, expected } : undefined;
    }
  }
  return undefined;
}

/** The asserted examples of `entryPoint` in a test file, in source order, first per argument list. */
export function extractTestExamples(testSource: string, fileName: string, entryPoint: string): DocExample[] {
  if (!entryPoint || !testSource.includes(entryPoint)) return [];
  const sf = ts.createSourceFile(fileName, testSource, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const out: DocExample[] = [];
  const seen = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const ex = exampleOf(node, entryPoint);
      if (ex) {
        const key = JSON.stringify(ex.args);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(ex);
        }
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
