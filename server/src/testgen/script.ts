/**
 * One sandbox script for one candidate test: the module under test (and its mutants)
 * and the candidate, each transpiled to CommonJS with `ts.transpileModule` and wrapped in
 * a function; the harness (shim.ts); and a driver that runs the candidate against the
 * original module first, then (only if it passed) against each mutant, printing one
 * `RESULT_MARK variant {json}` line per run. The test's imports resolve to: the module
 * under test (its specifier, or any relative path with the module's base name), the
 * harness for the framework's module, a counting `node:assert`, other Node built-ins;
 * anything else throws. Pure (builds text; running it is validate.ts's job).
 */
import ts from 'typescript';
import type { TestFramework } from '../protocol/testgen';
import type { ModuleVariant } from './mutants';
import { SHIM_SOURCE } from './shim';

export const RESULT_MARK = '@@weavergen-testgen@@';
export const TEST_TIMEOUT_MS = 1000;

export interface ScriptInput {
  /** The original module first, then the mutants. */
  variants: ModuleVariant[];
  moduleFile: string;
  testCode: string;
  /** How the test imports the module, e.g. './math'. */
  importSpecifier: string;
  framework: TestFramework;
}

export function transpile(code: string, fileName: string): string {
  return ts.transpileModule(code, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, sourceMap: false },
  }).outputText;
}

const FRAMEWORK_MODULES = ['node:test', 'test', 'vitest', '@jest/globals', 'mocha'];

export function buildTestScript(input: ScriptInput): string {
  const base = input.moduleFile.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]sx?$/, '');
  const modules = input.variants.map((v) =>
    `  ${JSON.stringify(v.name)}: function (exports, require, module) {\n${transpile(v.text, input.moduleFile)}\n  },`);
  const testJs = transpile(input.testCode, `${base}.test.ts`);
  return [
    "'use strict';",
    '(function () {',
    'const __wgWrite = process.stdout.write.bind(process.stdout);',
    "const __wgBuiltins = new Set(require('node:module').builtinModules);",
    "const __wgIsBuiltin = (s) => s.startsWith('node:') || __wgBuiltins.has(s);",
    `const __wgBase = ${JSON.stringify(base)};`,
    `const __wgSpec = ${JSON.stringify(input.importSpecifier)};`,
    `const __wgFrameworks = new Set(${JSON.stringify(FRAMEWORK_MODULES)});`,
    'const __wgModules = {',
    ...modules,
    '};',
    'const __wgTest = function (exports, require, module, describe, it, test, suite, context, expect, before, after, beforeEach, afterEach, beforeAll, afterAll, vi, jest) {',
    testJs,
    '};',
    SHIM_SOURCE,
    'const __wgIsModule = (s) => s === __wgSpec || s === __wgSpec + ".js" || s === __wgSpec + ".ts" ||',
    "  (s.startsWith('.') && s.replace(/^.*\\//, '').replace(/\\.[cm]?[jt]sx?$/, '') === __wgBase);",
    'const __wgModuleRequire = (s) => {',
    "  if (__wgIsBuiltin(s)) return require(s);",
    "  throw new Error('the module under test imports ' + s + ', which is not available in the test sandbox');",
    '};',
    'async function __wgRunOne(variant) {',
    `  const h = __wgHarness(${JSON.stringify(input.framework)}, ${TEST_TIMEOUT_MS});`,
    '  let loaded;',
    '  const load = () => {',
    '    if (!loaded) { const m = { exports: {} }; __wgModules[variant].call(m.exports, m.exports, __wgModuleRequire, m); loaded = m.exports; }',
    '    return loaded;',
    '  };',
    '  const testRequire = (s) => {',
    '    if (__wgIsModule(s)) return load();',
    '    if (__wgFrameworks.has(s)) return Object.assign({ default: h.api }, h.api);',
    "    if (s === 'node:assert/strict' || s === 'assert/strict') return h.assert.strict;",
    "    if (s === 'node:assert' || s === 'assert') return h.assert.loose;",
    '    if (__wgIsBuiltin(s)) return require(s);',
    "    throw new Error('the test imports ' + s + ', which is not available in the test sandbox');",
    '  };',
    '  try {',
    '    const m = { exports: {} };',
    '    const a = h.api;',
    '    __wgTest.call(m.exports, m.exports, testRequire, m, a.describe, a.it, a.test, a.suite, a.context, a.expect,',
    '      a.before, a.after, a.beforeEach, a.afterEach, a.beforeAll, a.afterAll, a.vi, a.jest);',
    '  } catch (e) {',
    "    return { passed: 0, failed: 1, assertions: h.assertions, error: 'loading the tests failed: ' + h.short(e) };",
    '  }',
    '  return h.run();',
    '}',
    '(async () => {',
    '  for (const variant of Object.keys(__wgModules)) {',
    '    const r = await __wgRunOne(variant);',
    `    __wgWrite('\\n${RESULT_MARK} ' + variant + ' ' + JSON.stringify(r) + '\\n');`,
    "    if (variant === Object.keys(__wgModules)[0] && (r.failed > 0 || r.passed === 0)) break;",
    '  }',
    '})().catch((e) => { process.exitCode = 1; });',
    '})();',
  ].join('\n');
}

export interface VariantResult {
  passed: number;
  failed: number;
  assertions: number;
  error?: string;
}

/** The per-variant results printed by the script, by variant name (forged or broken lines are skipped). */
export function parseResults(stdout: string): Map<string, VariantResult> {
  const out = new Map<string, VariantResult>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(`${RESULT_MARK} `)) continue;
    const rest = line.slice(RESULT_MARK.length + 1);
    const sp = rest.indexOf(' ');
    if (sp < 0) continue;
    try {
      const r = JSON.parse(rest.slice(sp + 1)) as VariantResult;
      if (typeof r.passed === 'number' && typeof r.failed === 'number' && !out.has(rest.slice(0, sp))) out.set(rest.slice(0, sp), r);
    } catch {
      // not a result line
    }
  }
  return out;
}
