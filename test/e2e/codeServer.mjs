// Starting and stopping code-server (a real VS Code 1.100 with the Node extension host),
// shared by the e2e runner and `npm start`. How and why: docs/testing.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function editorDir() {
  return process.env.WEAVERGEN_TEST_EDITOR_DIR || join(homedir(), '.cache', 'weavergen-test-editor');
}

/** Path of code-server's entry.js; installs it first (scripts/install-test-editor.sh) if needed. */
export function ensureCodeServer({ install = true } = {}) {
  const entry = join(editorDir(), 'node_modules/code-server/out/node/entry.js');
  if (existsSync(entry) && existsSync(join(editorDir(), '.installed-4.100.3'))) return entry;
  if (!install) throw new Error(`code-server is not installed; run: bash scripts/install-test-editor.sh`);
  const r = spawnSync('bash', [join(REPO, 'scripts/install-test-editor.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !existsSync(entry)) throw new Error('installing code-server failed (see above)');
  return entry;
}

export function freePort(host = '127.0.0.1') {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** Whether `port` can be bound on `host` right now. */
export function portIsFree(port, host = '127.0.0.1') {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, host, () => srv.close(() => res(true)));
  });
}

/**
 * Starts code-server in its own process group (so the extension host and the language
 * server die with it). `home` gets HOME/XDG dirs: code-server writes there regardless
 * of --user-data-dir.
 */
export function startCodeServer({ entry, port, home, userSettings = {}, env = {}, log = () => {} }) {
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  for (const d of [join(userData, 'User'), extensions, join(home, '.config'), join(home, '.local/share'), join(home, '.cache')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.tips.enabled': false,
    ...userSettings,
  }, null, 2));
  const args = [
    entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--cert', 'false',
    '--config', '/dev/null',
    '--user-data-dir', userData,
    '--extensions-dir', extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local/share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      ...env,
    },
  });
  child.stdout.setEncoding('utf8').on('data', (d) => log(d));
  child.stderr.setEncoding('utf8').on('data', (d) => log(d));
  return child;
}

/** Waits (bounded) until code-server answers /healthz. */
export async function waitHealthy(url, timeoutMs = 30_000, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The workbench URL that opens `folder` with the extension under development (and tests). */
export function workbenchUrl({ port, folder, extensionPath, testsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Kills a detached child's whole process group: TERM, then KILL if it lingers. */
export async function killTree(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    // The leader may be gone while its group (extension host, server) lives on.
    if (child?.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    return;
  }
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
  const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, graceMs);
  await exited;
  clearTimeout(t);
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group already gone */ }
}

/** Runs `node esbuild.mjs` in the repo; throws with its output on failure. */
export function build() {
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Headless Debian Chromium as the window, with the flags a closed network needs. */
export async function launchChromium(userDataDir) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
