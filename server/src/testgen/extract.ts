/**
 * Model reply -> test code: the first TS/JS fence (generation/extract.ts), dedented; then
 * split into import declarations and the rest, and checked to contain at least one test
 * call. Pure.
 */
import ts from 'typescript';
import { dedent, pickFence } from '../generation/extract';
import { parseSource } from '../context/syntax';

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

export function extractTest(reply: string): ExtractedTest | null {
  const code = dedent(pickFence(reply.replace(/\r\n/g, '\n'))).trim();
  if (!code || !TEST_CALL.test(code)) return null;
  const sf = parseSource(code, 'candidate.test.ts');
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
