/**
 * The edit that adds generated tests to the test file, for its CURRENT state: a new file
 * is created (CreateFile, ignoreIfExists) and filled; an existing file gets the imports it
 * lacks after its last import and the tests appended at its end, as a TextDocumentEdit
 * naming the open document's version (null = the file on disk, not open). Pure.
 */
import { CreateFile, TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import ts from 'typescript';
import { parseSource } from '../context/syntax';
import { importNames, type ExtractedTest } from './extract';

export interface TestFileState {
  uri: string;
  exists: boolean;
  text: string;
  /** The open document's version; undefined when not open. */
  version?: number;
}

/** The text added to the test file: imports it lacks (top) and the tests (end). */
export function additions(existing: string, test: ExtractedTest): { imports: string[]; body: string } {
  const sf = parseSource(existing, 'existing.test.ts');
  const declared = new Set<string>();
  for (const s of sf.statements) if (ts.isImportDeclaration(s)) for (const n of importNames(s)) declared.add(n);
  const imports = test.imports.filter((i) => i.names.length === 0 ? !existing.includes(i.text) : i.names.some((n) => !declared.has(n)))
    .map((i) => i.text);
  return { imports, body: test.body };
}

/** The code exactly as it lands in the file (for display and for `code`). */
export function appendedCode(existing: string, test: ExtractedTest): string {
  const a = additions(existing, test);
  return [...a.imports, ...(a.imports.length ? [''] : []), a.body].join('\n');
}

export function testFileEdit(file: TestFileState, test: ExtractedTest): WorkspaceEdit {
  if (!file.exists) {
    return { documentChanges: [
      CreateFile.create(file.uri, { ignoreIfExists: true }),
      TextDocumentEdit.create({ uri: file.uri, version: null }, [{ range: at(0, 0), newText: `${test.imports.map((i) => i.text).join('\n')}${test.imports.length ? '\n\n' : ''}${test.body}\n` }]),
    ] };
  }
  const text = file.text;
  const { imports, body } = additions(text, test);
  const edits: TextEdit[] = [];
  const sf = parseSource(text, 'existing.test.ts');
  const lastImport = [...sf.statements].reverse().find(ts.isImportDeclaration);
  const endPos = positionAt(text, text.length);
  if (imports.length) {
    const p = lastImport ? positionAt(text, lastImport.end) : { line: 0, character: 0 };
    edits.push({ range: at(p.line, p.character), newText: lastImport ? `\n${imports.join('\n')}` : `${imports.join('\n')}\n` });
  }
  const sep = text.length === 0 ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  edits.push({ range: at(endPos.line, endPos.character), newText: `${sep}${body}\n` });
  return { documentChanges: [TextDocumentEdit.create({ uri: file.uri, version: file.version ?? null }, edits)] };
}

const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
