#!/usr/bin/env node
// The same end-to-end suite under desktop VS Code via @vscode/test-electron — for a machine
// with internet (it downloads VS Code). Offline, use test/e2e/runCodeServer.mjs instead.
//   npm install --no-save @vscode/test-electron && node test/e2e/runElectron.mjs
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, killTree, REPO } from './codeServer.mjs';
import { makeTempRoot, makeWorkspace, startFakeServer } from './harness.mjs';

let testElectron;
try {
  testElectron = await import('@vscode/test-electron');
} catch {
  console.error('runElectron: @vscode/test-electron is not installed.\n  Install it with: npm install --no-save @vscode/test-electron\n  (it downloads VS Code, so it needs internet; offline use: node test/e2e/runCodeServer.mjs)');
  process.exit(1);
}

build();
const root = makeTempRoot();
const fakeServer = await startFakeServer();
let code = 1;
try {
  const workspace = makeWorkspace(root, fakeServer);
  code = await testElectron.runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(REPO, 'out/test/e2e/suite/index.js'),
    launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(root, 'user-data'), '--extensions-dir', join(root, 'extensions')],
  }).then(() => 0, (e) => {
    console.error(`runElectron: ${e?.message ?? e}`);
    return 1;
  });
} finally {
  await killTree(fakeServer.child);
  rmSync(root, { recursive: true, force: true });
}
process.exit(code);
