/**
 * The end-to-end suite's entry point, loaded by the extension host (code-server via
 * test/e2e/runCodeServer.mjs, or desktop VS Code via test/e2e/runElectron.mjs).
 * Bundled by esbuild.mjs into out/test/e2e/suite/index.js with `vscode` and `mocha` external.
 */
import Mocha from 'mocha';
import { activationTests } from './activation.test';
import { codeActionTests } from './codeAction.test';
import { consensusTests } from './consensus.test';
import { generateTests } from './generate.test';
import { failureTests } from './failure.test';
import { restartTests } from './restart.test';
import { evidenceTests } from './evidence.test';
import { pregenerationTests } from './pregeneration.test';
import { learningTests } from './learning.test';
import { testgenTests } from './testgen.test';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 300_000, color: false, reporter: 'spec' });
  // Install the tdd globals (suite/test/...) and register the tests in a fixed order.
  mocha.suite.emit('pre-require', globalThis, 'weavergen-e2e', mocha);
  const grep = process.env.WEAVERGEN_E2E_GREP;
  if (grep) mocha.grep(grep);
  activationTests();
  codeActionTests();
  generateTests();
  failureTests();
  evidenceTests();
  pregenerationTests();
  restartTests();
  consensusTests();
  learningTests();
  testgenTests();

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((n) => resolve(n));
    let passed = 0;
    runner.on('pass', () => passed++);
    runner.on('end', () => console.log(`e2e-suite: ${passed} passed, ${runner.failures} failed`));
  });
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed`);
}
