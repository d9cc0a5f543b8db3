/** The prompt asking the models for unit tests of one exported function. Pure. */
import type { TestFramework } from '../protocol/testgen';
import { frameworkImports } from './framework';
import type { FunctionTarget } from './target';

export interface TestPrompt {
  system: string;
  user: string;
  tokens: number;
}

export interface TestPromptInput {
  target: FunctionTarget;
  moduleText: string;
  moduleFile: string;
  testFileName: string;
  testText: string;
  importSpecifier: string;
  framework: TestFramework;
  maxContextTokens: number;
}

const CHARS_PER_TOKEN = 4;

export function buildTestPrompt(input: TestPromptInput): TestPrompt {
  const { target, framework } = input;
  const budget = Math.max(1000, input.maxContextTokens * CHARS_PER_TOKEN);
  const imports = frameworkImports(framework);
  const system = [
    'You write focused, deterministic unit tests in TypeScript.',
    `Test framework: ${framework}${framework === 'jest' ? ' (describe/it/test/expect are globals)' : ''}.`,
    'Reply with exactly one ```ts code block and nothing else.',
  ].join('\n');
  const moduleText = clip(input.moduleText, Math.floor(budget * 0.6));
  const testText = clip(input.testText, Math.floor(budget * 0.25));
  const user = [
    `Write unit tests for the exported function \`${target.symbol}\` of ${input.moduleFile}.`,
    '',
    'The function under test:',
    '```ts', target.declText, '```',
    '',
    `The whole module (${input.moduleFile}):`,
    '```ts', moduleText, '```',
    '',
    testText.trim()
      ? [`The existing test file ${input.testFileName} (your code is appended to it; follow its style):`, '```ts', testText, '```', ''].join('\n')
      : `The tests go to a new file ${input.testFileName}.\n`,
    'Rules:',
    `- Import \`${target.symbol}\` with: import { ${target.symbol} } from '${input.importSpecifier}';`,
    ...(imports.length ? [`- Use these imports: ${imports.join(' ')}`] : []),
    '- Include every import your code needs.',
    '- Tests must pass against the CURRENT implementation above: assert the exact values it returns for concrete inputs,',
    '  including edge cases; do not test behaviour the code does not have.',
    '- No network, no file system, no timers, no snapshots, no mocks of the function under test.',
  ].join('\n');
  return { system, user, tokens: Math.ceil((system.length + user.length) / CHARS_PER_TOKEN) };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n// … (truncated)`;
}
