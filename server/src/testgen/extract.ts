/**
 * Model reply -> test code: the first TS/JS fence (generation/extract.ts), dedented; then
 * split into import declarations and the rest, and checked to contain at least one test
 * call. Pure.
 */
import ts from 'typescript';
import { dedent, pickFence } from '../generation/extract';
import { checkAnswerText, parseAnswer } from '../generation/answerBounds';

export interface ExtractedTest {
  code: string;
  imports: ImportLine[];
  /** The code without its import declarations. */
  body: string;
  /** Agreement key: the code with whitespace and comments normalised. */
  key: string;
}

export interface ImportLine {
  text: string;
  specifier: string;
  /** Local names it binds (default, namespace and named). */
  names: string[];
}

const TEST_CALL = /\b(?:describe|it|test)\s*\(/;

/** Throws an AnswerLimitError when the reply is too long or too deeply nested to parse safely. */
export function extractTest(reply: string): ExtractedTest | null {
  checkAnswerText(reply);
  const code = dedent(pickFence(reply.replace(/\r\n/g, '\n'))).trim();
  if (!code || !TEST_CALL.test(code)) return null;
  const sf = parseAnswer(code, 'candidate.test.ts');
  if ((sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length) return null;
  const imports: ImportLine[] = [];
  const rest: string[] = [];
  for (const s of sf.statements) {
    const text = code.slice(s.getFullStart(), s.end).replace(/^\s*\n/, '');
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      imports.push({ text: s.getText(sf), specifier: s.moduleSpecifier.text, names: importNames(s) });
    } else rest.push(text);
  }
  const body = rest.join('\n').trim();
  return { code, imports, body, key: normalise(code) };
}

export function importNames(s: ts.ImportDeclaration): string[] {
  const c = s.importClause;
  if (!c) return [];
  const out: string[] = [];
  if (c.name) out.push(c.name.text);
  const b = c.namedBindings;
  if (b && ts.isNamespaceImport(b)) out.push(b.name.text);
  if (b && ts.isNamedImports(b)) for (const e of b.elements) out.push(e.name.text);
  return out;
}

function normalise(code: string): string {
  return code.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').trim();
}
