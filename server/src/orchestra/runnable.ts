/**
 * A TS/JS candidate spliced into its file -> CommonJS the sandbox can load. Only the file's
 * top-level declarations are kept (imports, functions, classes, variables, enums), so
 * loading runs no top-level statements of the user's file; `require` of anything but a
 * harmless builtin returns an inert stub, so loading never touches the user's other
 * modules. The entry point is the site's top-level function; methods (which need `this`)
 * and nested functions are refused with the reason.
 */
import ts from 'typescript';

export type Runnable =
  | { ok: true; code: string; entryPoint: string; prompt: string }
  | { ok: false; reason: string };

const STUB_PRELUDE = `var __wgStub = function (id) {
  var target = function () {};
  var p = new Proxy(target, {
    get: function (t, k) { if (k === '__esModule') return true; if (k === 'then') return undefined;
      if (k === Symbol.toPrimitive) return function () { return ''; }; return p; },
    apply: function () { return p; }, construct: function () { return p; },
  });
  return p;
};
var require = (function (real) {
  return function (id) {
    if (typeof id === 'string' && !/^[.\\/]/.test(id)) { try { return real(id); } catch (e) { /* not allowed: stub */ } }
    return __wgStub(id);
  };
})(typeof require === 'function' ? require : function () { throw new Error('no require'); });
`;

type EntryDecl = ts.FunctionDeclaration | ts.VariableStatement;

/** The name of the first top-level function declared in `code` (whole-declaration answers). */
export function declaredFunctionName(code: string): string | undefined {
  const sf = ts.createSourceFile('candidate.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name && s.body) return s.name.text;
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) return d.name.text;
      }
    }
  }
  return undefined;
}

function findEntry(sf: ts.SourceFile, name: string): EntryDecl | undefined {
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name?.text === name && s.body) return s;
    if (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name
      && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)))) return s;
  }
  return undefined;
}

/** Why `name` cannot be called on its own: a method, or a function nested in another. */
function whyNotRunnable(sf: ts.SourceFile, name: string): string {
  let reason = `no top-level function named ${name} was found`;
  const visit = (n: ts.Node): void => {
    if ((ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n) || ts.isConstructorDeclaration(n))
      && (ts.isConstructorDeclaration(n) ? name === 'constructor' : n.name.getText(sf) === name)) {
      reason = `${name} is a method and needs \`this\``;
      return;
    }
    if (ts.isFunctionDeclaration(n) && n.name?.text === name) {
      reason = `${name} is nested inside another function`;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return reason;
}

function keep(s: ts.Statement): boolean {
  return ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s) || ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)
    || ts.isVariableStatement(s) || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s) || ts.isTypeAliasDeclaration(s)
    || ts.isInterfaceDeclaration(s) || (ts.isExportDeclaration(s) && s.moduleSpecifier === undefined);
}

/** The doc comment and signature of the entry point (what probe inputs are derived from). */
function promptOf(sf: ts.SourceFile, decl: EntryDecl, intent: string): string {
  const text = sf.text;
  const comments = ts.getLeadingCommentRanges(text, decl.pos) ?? [];
  const start = comments.length ? comments[0].pos : decl.getStart(sf);
  let bodyStart = decl.end;
  const fnNode = ts.isFunctionDeclaration(decl) ? decl : decl.declarationList.declarations.find((d) => d.initializer)?.initializer;
  if (fnNode && (ts.isFunctionDeclaration(fnNode) || ts.isArrowFunction(fnNode) || ts.isFunctionExpression(fnNode)) && fnNode.body) {
    bodyStart = fnNode.body.getStart(sf) + 1;
  }
  const intentLines = intent.split(/\r?\n/).map((l) => `// ${l}`).join('\n');
  return `${intentLines}\n${text.slice(start, bodyStart)}`;
}

/** CommonJS for the sandbox from `splicedText` (the file with the candidate in place). */
export function makeRunnable(splicedText: string, fileName: string, entryPoint: string, intent = ''): Runnable {
  const isJs = /\.(c|m)?jsx?$/i.test(fileName);
  const kind = /x$/i.test(fileName) ? (isJs ? ts.ScriptKind.JSX : ts.ScriptKind.TSX) : isJs ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, splicedText, ts.ScriptTarget.Latest, true, kind);
  const decl = findEntry(sf, entryPoint);
  if (!decl) return { ok: false, reason: `cannot run ${entryPoint}: ${whyNotRunnable(sf, entryPoint)}` };
  const kept = sf.statements.filter(keep).map((s) => splicedText.slice(s.getFullStart(), s.end)).join('\n');
  const out = ts.transpileModule(kept, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, removeComments: true,
      jsx: ts.JsxEmit.React, sourceMap: false, inlineSourceMap: false, isolatedModules: true, verbatimModuleSyntax: false,
    },
  });
  return { ok: true, code: STUB_PRELUDE + out.outputText, entryPoint, prompt: promptOf(sf, decl, intent) };
}
