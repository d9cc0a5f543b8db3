/**
 * Calls of functions that do not exist yet: an identifier called as `name(...)` that is
 * neither declared anywhere in the file, nor imported, nor a global. One candidate per
 * name (its first call), inserted after the top-level statement holding that call.
 */
import ts from 'typescript';
import type { Candidate } from './types';

/** Globals that test runners and module systems provide, beyond `globalThis`. */
const AMBIENT = new Set([
  'require', 'describe', 'it', 'test', 'expect', 'suite', 'setup', 'teardown', 'before', 'after',
  'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'jest', 'vi', 'super', 'import',
]);

export function missingFunctionCandidates(sf: ts.SourceFile): Candidate[] {
  const declared = declaredNames(sf);
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const name = n.expression.text;
      if (!seen.has(name) && !declared.has(name) && !AMBIENT.has(name) && !(name in globalThis)) {
        seen.add(name);
        out.push(candidate(sf, n, name));
      }
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}

function candidate(sf: ts.SourceFile, call: ts.CallExpression, name: string): Candidate {
  const top = topLevelStatement(call);
  const nl = sf.text.indexOf('\n', top.end);
  const insertAt = nl === -1 ? sf.text.length : nl + 1;
  const callText = call.getText(sf).replace(/\s+/g, ' ');
  const shown = callText.length > 120 ? `${callText.slice(0, 117)}...` : callText;
  const at = call.expression.getStart(sf);
  return {
    kind: 'missing-function', start: insertAt, end: insertAt, at,
    declStart: top.getStart(sf), declEnd: top.end, symbol: name,
    intent: `Implement the function \`${name}\`, called as \`${shown}\``,
    target: 'insert', reasons: [`\`${name}\` is called but not declared or imported`],
  };
}

function topLevelStatement(n: ts.Node): ts.Node {
  let cur = n;
  while (cur.parent && !ts.isSourceFile(cur.parent)) cur = cur.parent;
  return cur;
}

/** Every name bound anywhere in the file (scopes ignored: conservative, never a false "missing"). */
function declaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addName = (name: ts.Node | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name)) names.add(name.text);
    else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
      for (const el of name.elements) if (ts.isBindingElement(el)) addName(el.name);
    }
  };
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isVariableDeclaration(n) || ts.isParameter(n) ||
      ts.isEnumDeclaration(n) || ts.isModuleDeclaration(n) || ts.isImportEqualsDeclaration(n) ||
      ts.isImportSpecifier(n) || ts.isNamespaceImport(n) || ts.isImportClause(n) || ts.isFunctionExpression(n) ||
      ts.isClassExpression(n) || ts.isBindingElement(n)) {
      addName(n.name);
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return names;
}
