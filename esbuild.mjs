// Bundles the extension client, the language server and the headless CLI.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: true,
  sourcesContent: !production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // tsx is only looked up (never bundled) when the type-check worker runs from source in tests.
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', external: ['tsx', 'tsx/*'] },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', external: ['tsx', 'tsx/*'], banner: { js: '#!/usr/bin/env node' } },
  // Type checks of candidates run in a worker thread (server/src/workers/typecheckPool.ts finds it next to the bundle).
  { ...common, entryPoints: ['server/src/workers/typecheckWorker.ts'], outfile: 'dist/typecheckWorker.js' },
  // Background pre-generation runs in this worker thread (server/src/background/pipeline.ts finds it next to the bundle).
  { ...common, entryPoints: ['server/src/background/backgroundWorker.ts'], outfile: 'dist/backgroundWorker.js', external: ['tsx', 'tsx/*'] },
  // Sandboxed children are started by this helper process (server/src/sandbox/spawner/client.ts finds it next to the bundle).
  { ...common, entryPoints: ['server/src/sandbox/spawner/sandboxSpawner.ts'], outfile: 'dist/sandboxSpawner.js' },
  // The end-to-end suite runs inside the real extension host; vscode and mocha come from the host / node_modules.
  { ...common, entryPoints: ['test/e2e/suite/index.ts'], outfile: 'out/test/e2e/suite/index.js', external: ['vscode', 'mocha'], minify: false },
];

/** The type checker of candidates needs TypeScript's ES lib declarations on disk, also in the .vsix. */
function copyTypeScriptLibs() {
  const from = 'node_modules/typescript/lib';
  const to = 'dist/ts-lib';
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from).filter((f) => /^lib\.(es|decorators)[\w.]*\.d\.ts$/.test(f) || f === 'lib.d.ts');
  for (const f of files) copyFileSync(join(from, f), join(to, f));
  console.log(`${to}/  ${files.length} lib files`);
}

copyTypeScriptLibs();
if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  for (const r of results) {
    for (const [file, info] of Object.entries(r.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${file}  ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}
