/**
 * The code validated for a candidate appended to an existing test file: the candidate
 * itself, preceded by the existing file's imports of names the candidate uses but does
 * not import (appended code may rely on them). Pure.
 */
import ts from 'typescript';
import { parseSource } from '../context/syntax';
import { importNames, type ExtractedTest } from './extract';
import { mentions } from './target';

export function validationCode(test: ExtractedTest, existing: string): string {
  if (!existing.trim()) return test.code;
  const own = new Set(test.imports.flatMap((i) => i.names));
  const sf = parseSource(existing, 'existing.test.ts');
  const borrowed = sf.statements.filter(ts.isImportDeclaration).filter((s) => {
    const names = importNames(s);
    return names.length > 0 && names.every((n) => !own.has(n)) && names.some((n) => mentions(test.body, n));
  }).map((s) => s.getText(sf));
  return borrowed.length ? `${borrowed.join('\n')}\n${test.code}` : test.code;
}
