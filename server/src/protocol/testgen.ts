/**
 * Unit tests for exported functions that have none (issue 5, 'missing-test' sites): the
 * command that generates them and the result, whose edit goes to the TEST file (created
 * when new, appended to when it exists). Part of the one protocol module (re-exported by index.ts).
 */
import type { Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { ExecutionInfo, GenerateResult, WeaverErrorCode } from './index';

/** Commands executed on the server through `workspace/executeCommand`. */
export const TestGenCommands = {
  /** Generate tests for the exported function at a position and apply the edit with `workspace/applyEdit`. */
  generateTests: 'weavergen.server.generateTests',
} as const;

/** The palette command of the client (package.json `contributes.commands`). */
export const TestGenClientCommands = {
  generateTests: 'weavergen.generateTests',
} as const;

export type TestFramework = 'node:test' | 'vitest' | 'jest' | 'mocha';

export interface GenerateTestsCommandArgs {
  uri: string;
  version: number;
  position: { line: number; character: number };
}

/** Where the tests go and for what. */
export interface TestGenSite {
  kind: 'missing-test';
  /** The exported function under test. */
  symbol: string;
  /** Its declaration in the module (doc comment included). */
  range: Range;
  intent: string;
  moduleUri: string;
  testUri: string;
  /** False: the test file is created by the edit. */
  testFileExists: boolean;
  framework: TestFramework;
}

/** What running one candidate's tests said (against the implementation, then its mutants). */
export interface TestRunCounts {
  /** The candidate's tests passed against the current implementation. */
  passed: boolean;
  testsPassed: number;
  testsFailed: number;
  /** Assertions executed against the current implementation. */
  assertions: number;
  mutantsKilled: number;
  mutantsTotal: number;
  /** First failure or run problem, capped. */
  error?: string;
}

/** What execution said about one distinct candidate. */
export interface TestCandidateReport extends TestRunCounts {
  providers: string[];
}

export interface TestGenEvidence {
  framework: TestFramework;
  /** The chosen candidate's report, and every candidate's (chosen first). */
  chosen: TestCandidateReport;
  candidates: TestCandidateReport[];
  /** Names of the mutants run ('body-undefined', 'return-changed'). */
  mutants: string[];
}

/**
 * A generated test. `edit` is valid for the versions it names (an open test file's
 * version); when served from the cache it is rebuilt for the current versions.
 */
export interface TestGenResult extends Omit<GenerateResult, 'site' | 'edit'> {
  /** The test code exactly as appended (imports not already in the test file included). */
  code: string;
  /** The chosen candidate as the model wrote it (imports included); the edit is rebuilt from it. */
  testCode: string;
  site: TestGenSite;
  edit: WorkspaceEdit;
  tests: TestGenEvidence;
  execution: ExecutionInfo;
  quality: { score: number; components: Record<string, number> };
}

/** Result of `TestGenCommands.generateTests`. */
export interface GenerateTestsResult {
  applied: boolean;
  testUri?: string;
  /** The generation's trace (`weavergen/trace`): models asked, each candidate's run. */
  traceId?: string;
  reason?: string;
  code?: WeaverErrorCode;
}

/** Code action titles. */
export const cachedTestsTitle = (symbol: string, quality: number, killed: number): string =>
  `Create pre-generated tests for \`${symbol}\` (Quality ${Math.round(quality)}, ${killed} mutant${killed === 1 ? '' : 's'} killed)`;
export const generateTestsTitle = (symbol: string): string => `Generate tests for \`${symbol}\``;
