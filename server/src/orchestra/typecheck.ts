/**
 * Type-checks candidates in the context of the real file with the TypeScript compiler API:
 * an in-memory LanguageService over the file (candidate spliced in) plus the default lib,
 * read from the TypeScript package (no other disk access: no imports resolved, no @types).
 * Reports only NEW diagnostics: those not already present in the file without the candidate.
 * JavaScript files are parsed only (checkJs off -> syntax errors). One session per file;
 * lib source files are shared across sessions through one DocumentRegistry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface TypeCheckVerdict {
  ok: boolean;
  /** New diagnostics, as "TS1234: message" (at most 5). */
  diagnostics: string[];
}

const VIRTUAL_DIR = '/__weavergen_virtual__/';
const SHIM = `${VIRTUAL_DIR}node-shim.d.ts`;
const SHIM_TEXT = 'declare var require: any; declare var module: any; declare var exports: any; declare var process: any; declare var Buffer: any; declare var __dirname: string; declare var __filename: string; declare var console: any; declare function setTimeout(f: (...a: any[]) => void, ms?: number, ...a: any[]): any; declare function clearTimeout(t: any): void; declare function setInterval(f: (...a: any[]) => void, ms?: number, ...a: any[]): any; declare function clearInterval(t: any): void;\n';

const LIB = 'lib.es2022.d.ts';
let registry: ts.DocumentRegistry | undefined;
let libDirCache: string | null | undefined;
const libTexts = new Map<string, string | undefined>();

/** Directory holding lib.*.d.ts, or null when the TypeScript package is not on disk. */
export function libDir(): string | null {
  if (libDirCache !== undefined) return libDirCache;
  const candidates: string[] = [];
  candidates.push(path.join(__dirname, 'ts-lib')); // copied next to the bundle by esbuild.mjs
  try { candidates.push(path.dirname(ts.getDefaultLibFilePath({}))); } catch { /* bundled: no executing path */ }
  try { candidates.push(path.dirname(require.resolve('typescript/lib/lib.d.ts'))); } catch { /* not installed */ }
  candidates.push(path.join(__dirname, '..', 'node_modules', 'typescript', 'lib'));
  libDirCache = candidates.find((d) => fs.existsSync(path.join(d, 'lib.es5.d.ts'))) ?? null;
  return libDirCache;
}

function readLib(file: string): string | undefined {
  if (!libTexts.has(file)) {
    let text: string | undefined;
    try { text = fs.readFileSync(file, 'utf8'); } catch { text = undefined; }
    libTexts.set(file, text);
  }
  return libTexts.get(file);
}

export class TypeCheckSession {
  private readonly file: string;
  private readonly isJs: boolean;
  private text = '';
  private version = 0;
  private readonly service: ts.LanguageService | undefined;
  private baseline: Map<string, number> | undefined;

  constructor(fileName: string, private readonly originalText: string) {
    const base = path.basename(fileName) || 'untitled.ts';
    this.isJs = /\.(c|m)?jsx?$/i.test(base);
    this.file = VIRTUAL_DIR + (/\.(c|m)?[jt]sx?$/i.test(base) ? base : `${base}.ts`);
    const lib = libDir();
    if (!this.isJs && !lib) return;
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, strict: true, noEmit: true, skipLibCheck: true,
      noResolve: true, types: [], allowJs: true, checkJs: false, jsx: ts.JsxEmit.Preserve, noLib: !lib,
      // ES2022 without the DOM: parsing the DOM lib would triple the first check's cost.
      lib: lib ? [LIB] : undefined,
    };
    const libFile = lib ? path.join(lib, LIB) : '';
    const exists = (f: string) => f === this.file || f === SHIM || (lib !== null && f.startsWith(lib) && readLib(f) !== undefined);
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [this.file, SHIM],
      getScriptVersion: (f) => (f === this.file ? String(this.version) : '1'),
      getScriptSnapshot: (f) => {
        if (f === this.file) return ts.ScriptSnapshot.fromString(this.text);
        if (f === SHIM) return ts.ScriptSnapshot.fromString(SHIM_TEXT);
        const t = exists(f) ? readLib(f) : undefined;
        return t === undefined ? undefined : ts.ScriptSnapshot.fromString(t);
      },
      getCurrentDirectory: () => VIRTUAL_DIR,
      getDefaultLibFileName: () => libFile,
      fileExists: exists,
      readFile: (f) => (f === this.file ? this.text : f === SHIM ? SHIM_TEXT : exists(f) ? readLib(f) : undefined),
      directoryExists: () => false,
      getDirectories: () => [],
    };
    registry ??= ts.createDocumentRegistry();
    this.service = ts.createLanguageService(host, registry);
  }

  /** False when no checker is available (no lib files for a TS file). */
  get available(): boolean {
    return this.service !== undefined;
  }

  /** Verdict for `splicedText` (the file with a candidate in place); undefined when unavailable. */
  check(splicedText: string): TypeCheckVerdict | undefined {
    if (!this.service) return undefined;
    this.baseline ??= bag(this.diagnosticsOf(this.originalText));
    const remaining = new Map(this.baseline);
    const fresh: string[] = [];
    for (const d of this.diagnosticsOf(splicedText)) {
      const left = remaining.get(d) ?? 0;
      if (left > 0) remaining.set(d, left - 1);
      else fresh.push(d);
    }
    return { ok: fresh.length === 0, diagnostics: fresh.slice(0, 5) };
  }

  /** The program with `text` as the file (for the checker's view of it); undefined when unavailable. */
  programFor(text: string): { program: ts.Program; fileName: string } | undefined {
    if (!this.service) return undefined;
    this.text = text;
    this.version++;
    const program = this.service.getProgram();
    return program ? { program, fileName: this.file } : undefined;
  }

  dispose(): void {
    this.service?.dispose();
  }

  private diagnosticsOf(text: string): string[] {
    this.text = text;
    this.version++;
    const svc = this.service!;
    const diags: ts.Diagnostic[] = [...svc.getSyntacticDiagnostics(this.file)];
    if (!this.isJs) diags.push(...svc.getSemanticDiagnostics(this.file));
    return diags.map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
}

function bag(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}
