/**
 * Exported functions without tests: the generation target is a test. A function counts
 * as tested when its name appears in the sibling test file passed in, or, without one,
 * inside a `describe(` / `test(` / `it(` call of the same file.
 */
import ts from 'typescript';
import { docComment } from '../context/syntax';
import type { Candidate } from './types';

const TEST_CALLS = new Set(['describe', 'test', 'it', 'suite']);

export function missingTestCandidates(
  sf: ts.SourceFile, fileName: string, testFile: { fileName: string; text: string } | undefined,
): Candidate[] {
  if (/\.(test|spec)\.[cm]?[jt]sx?$/i.test(fileName)) return [];
  const tested = testFile ? testFile.text : testCallsText(sf);
  const out: Candidate[] = [];
  for (const { name, decl, body } of exportedFunctions(sf)) {
    if (isStub(body)) continue;
    if (new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`).test(tested)) continue;
    const doc = docComment(decl, sf);
    const declStart = doc ? sf.text.lastIndexOf(doc, decl.getStart(sf)) : decl.getStart(sf);
    out.push({
      kind: 'missing-test', start: declStart, end: decl.end, at: nameStart(sf, decl),
      declStart, declEnd: decl.end, symbol: name,
      intent: `Write unit tests for the exported function \`${name}\``,
      target: 'test', testFile: testFile?.fileName,
      reasons: [testFile ? `\`${name}\` is not mentioned in ${testFile.fileName}` : `no test mentions exported \`${name}\``],
    });
  }
  return out;
}

/** Nothing worth testing yet: empty, or a lone `throw`. */
function isStub(body: ts.Block): boolean {
  const s = body.statements;
  return s.length === 0 || (s.length === 1 && ts.isThrowStatement(s[0]));
}

interface Exported { name: string; decl: ts.Statement; body: ts.Block }

function exportedFunctions(sf: ts.SourceFile): Exported[] {
  const out: Exported[] = [];
  const isExported = (s: ts.Statement) => ts.canHaveModifiers(s) && (ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
  for (const s of sf.statements) {
    if (!isExported(s)) continue;
    if (ts.isFunctionDeclaration(s) && s.name && s.body) out.push({ name: s.name.text, decl: s, body: s.body });
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && ts.isBlock(init.body)) {
          out.push({ name: d.name.text, decl: s, body: init.body });
        }
      }
    }
  }
  return out;
}

/** The text of every describe/test/it call in the file, joined. */
function testCallsText(sf: ts.SourceFile): string {
  const parts: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && TEST_CALLS.has(n.expression.text)) {
      parts.push(n.getText(sf));
      return;
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return parts.join('\n');
}

function nameStart(sf: ts.SourceFile, decl: ts.Statement): number {
  if (ts.isFunctionDeclaration(decl) && decl.name) return decl.name.getStart(sf);
  if (ts.isVariableStatement(decl)) return decl.declarationList.declarations[0].name.getStart(sf);
  return decl.getStart(sf);
}
