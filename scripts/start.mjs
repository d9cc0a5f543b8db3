#!/usr/bin/env node
// `npm start`: build, then open the demo folder in an editor with the extension loaded from
// this checkout. Desktop VS Code (`code` on PATH) if there is one; otherwise code-server
// (VS Code in the browser, installed by scripts/install-test-editor.sh) on 127.0.0.1.
// With no API key and no local model, the server falls back to the recorded demo.
//   PORT=3000 npm start     (default: 3000 if free, else any free port; not 8080, which
//                            local-server detection probes as llama.cpp's default port)
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bootstrap } from './bootstrap.mjs';
import { build, editorDir, ensureCodeServer, freePort, killTree, portIsFree, REPO, startCodeServer, waitHealthy, workbenchUrl } from '../test/e2e/codeServer.mjs';

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

async function pickPort() {
  if (process.env.PORT) return Number(process.env.PORT);
  if (await portIsFree(3000)) return 3000;
  return freePort();
}

async function main() {
  // A fresh clone: npm dependencies first; the browser editor's Debian packages only if it is needed.
  bootstrap({ editor: false });
  console.log('weavergen: building…');
  process.stdout.write(build());
  const demo = join(REPO, 'demo');

  if (onPath('code') && !process.env.WEAVERGEN_USE_CODE_SERVER) {
    console.log(`weavergen: opening ${demo} in VS Code with the extension from ${REPO}`);
    const child = spawn('code', [`--extensionDevelopmentPath=${REPO}`, demo], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }

  console.log('weavergen: no desktop `code` on PATH; using code-server (VS Code in the browser)');
  bootstrap({ editor: true });
  const entry = ensureCodeServer();
  const port = await pickPort();
  const child = startCodeServer({
    entry,
    port,
    home: join(editorDir(), 'start-profile'),
    log: (d) => process.env.WEAVERGEN_VERBOSE && process.stderr.write(d),
  });
  const stop = async () => {
    await killTree(child);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  child.on('exit', (code) => {
    console.error(`weavergen: code-server exited (${code ?? 'signal'})`);
    process.exit(code ?? 1);
  });
  await waitHealthy(`http://127.0.0.1:${port}`, 30_000, child);
  const url = workbenchUrl({ port, folder: demo, extensionPath: REPO });
  console.log('\nWeaverGen is running in VS Code (code-server). Open this URL in a browser:\n');
  console.log(`  ${url}\n`);
  console.log('Press Ctrl+C to stop.');
}

main().catch((e) => {
  console.error(`weavergen: ${e?.message ?? e}`);
  process.exit(1);
});
