/**
 * Existing tests in the workspace that exercise the function being generated: for a
 * `file:` document `dir/name.ts`, the sibling test files (`name.test.ts`, `name.spec.js`,
 * …), `__tests__/name.*` and `test/name.test.*` under its directory and its parent, plus
 * every open document that looks like a test file. Read-only, bounded (MAX_FILES files of
 * at most MAX_BYTES each); an open document's text wins over the file on disk. The
 * examples they assert (consensus/testExamples.ts) become probe inputs with expected values.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocExample } from '../consensus/docExamples';
import { extractTestExamples } from '../consensus/testExamples';

export const MAX_FILES = 5;
export const MAX_BYTES = 256 * 1024;
/** Examples kept from all test files together. */
export const MAX_EXAMPLES = 16;

export interface OpenDocument {
  uri: string;
  text: string;
}

export interface WorkspaceTestDeps {
  /** The file's text, or undefined when it is missing, unreadable or larger than `maxBytes`. */
  readFile(filePath: string, maxBytes: number): Promise<string | undefined>;
  /** The documents open in the editor. */
  listOpen(): OpenDocument[];
}

export interface TestSource {
  fileName: string;
  text: string;
}

const TEST_URI = /(?:\.(?:test|spec)\.[cm]?[jt]sx?$)|(?:\/__tests__\/[^/]+\.[cm]?[jt]sx?$)/i;

export const looksLikeTestFile = (uriOrPath: string): boolean => TEST_URI.test(uriOrPath.replace(/[?#].*$/, '').replace(/\\/g, '/'));

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Where tests of `filePath` usually live, most specific first. */
export function testFileCandidates(filePath: string): string[] {
  const dir = path.dirname(filePath);
  const base = path.basename(filePath).replace(/\.[^.]+$/, '');
  const suffixes = ['.test.ts', '.spec.ts', '.test.js', '.spec.js'];
  const out = suffixes.map((s) => path.join(dir, base + s));
  for (const d of [dir, path.dirname(dir)]) {
    out.push(...[...suffixes, '.ts', '.js'].map((s) => path.join(d, '__tests__', base + s)));
    out.push(...suffixes.map((s) => path.join(d, 'test', base + s)));
  }
  return [...new Set(out)].filter((p) => p !== filePath);
}

/** The test files for the document at `uri` (none unless it is a `file:` document or test files are open). */
export async function findWorkspaceTests(uri: string, deps: WorkspaceTestDeps): Promise<TestSource[]> {
  const self = pathOf(uri);
  const open = deps.listOpen().filter((d) => d.uri !== uri && d.text.length <= MAX_BYTES);
  const openByPath = new Map(open.flatMap((d) => {
    const p = pathOf(d.uri);
    return p ? [[p, d] as const] : [];
  }));
  const out: TestSource[] = [];
  const taken = new Set<string>();
  if (self) {
    for (const p of testFileCandidates(self)) {
      if (out.length >= MAX_FILES) break;
      const openDoc = openByPath.get(p);
      const text = openDoc ? openDoc.text : await deps.readFile(p, MAX_BYTES);
      if (text === undefined) continue;
      out.push({ fileName: p, text });
      taken.add(openDoc ? openDoc.uri : p);
    }
  }
  for (const d of open) {
    if (out.length >= MAX_FILES) break;
    if (taken.has(d.uri) || !looksLikeTestFile(d.uri)) continue;
    out.push({ fileName: pathOf(d.uri) ?? d.uri, text: d.text });
  }
  return out;
}

/** The examples of `entryPoint` asserted by the document's workspace tests (first per argument list). */
export async function workspaceTestExamples(uri: string, entryPoint: string, deps: WorkspaceTestDeps): Promise<DocExample[]> {
  const out: DocExample[] = [];
  const seen = new Set<string>();
  for (const t of await findWorkspaceTests(uri, deps)) {
    for (const ex of extractTestExamples(t.text, t.fileName, entryPoint)) {
      const key = JSON.stringify(ex.args);
      if (seen.has(key) || out.length >= MAX_EXAMPLES) continue;
      seen.add(key);
      out.push(ex);
    }
  }
  return out;
}

/** Per generation: the examples for an entry point, read once (a repair round asks again). */
export function testExamplesFor(uri: string, deps: WorkspaceTestDeps): (entryPoint: string) => Promise<DocExample[]> {
  const memo = new Map<string, Promise<DocExample[]>>();
  return (entryPoint) => {
    let p = memo.get(entryPoint);
    if (!p) memo.set(entryPoint, p = workspaceTestExamples(uri, entryPoint, deps));
    return p;
  };
}

/** The real file system (regular files only, size-capped) and the editor's open documents. */
export function fsWorkspaceTests(listOpen: () => OpenDocument[]): WorkspaceTestDeps {
  return {
    listOpen,
    async readFile(filePath, maxBytes) {
      try {
        const s = await stat(filePath);
        if (!s.isFile() || s.size > maxBytes) return undefined;
        return await readFile(filePath, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
