/** Which test framework a test file uses, from its imports and globals. Pure. */
import type { TestFramework } from '../protocol/testgen';

export const DEFAULT_FRAMEWORK: TestFramework = 'node:test';

export function detectFramework(testText: string | undefined): TestFramework {
  if (!testText) return DEFAULT_FRAMEWORK;
  const from = (re: RegExp) => new RegExp(`(?:from\\s*|require\\(\\s*)['"]${re.source}['"]`).test(testText);
  if (from(/node:test/)) return 'node:test';
  if (from(/vitest/)) return 'vitest';
  if (from(/@jest\/globals/) || /\bjest\.(fn|mock|spyOn)\b/.test(testText)) return 'jest';
  if (from(/mocha|chai/)) return 'mocha';
  const usesTests = /\b(describe|it|test)\s*\(/.test(testText);
  if (usesTests && /\bexpect\s*\(/.test(testText)) return 'jest';
  if (usesTests && /\bit\s*\(/.test(testText)) return 'mocha';
  return DEFAULT_FRAMEWORK;
}

/** The import lines a new test file of `framework` starts with. */
export function frameworkImports(framework: TestFramework): string[] {
  switch (framework) {
    case 'node:test': return ["import { describe, it } from 'node:test';", "import assert from 'node:assert/strict';"];
    case 'vitest': return ["import { describe, expect, it } from 'vitest';"];
    case 'jest': return [];
    case 'mocha': return ["import assert from 'node:assert/strict';"];
  }
}
