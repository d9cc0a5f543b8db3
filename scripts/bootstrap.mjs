// Makes a fresh clone runnable: npm dependencies, the Debian packages the real-editor
// tests need (Chromium, ripgrep, libkrb5-dev; bubblewrap, the sandbox's OS-level boundary), and
// the offline test editor (code-server).
// Uses only Node built-ins so that it runs before `npm ci`. Idempotent and quiet when
// everything is already there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEBIAN_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'bubblewrap', 'redis-server'];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

export function ensureNodeModules() {
  if (existsSync(join(root, 'node_modules', '.package-lock.json'))) return;
  console.log('[bootstrap] installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

export function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  console.log(`[bootstrap] installing Debian packages: ${missing.join(', ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', ...missing], { env });
}

export function ensureTestEditor() {
  run('bash', [join(root, 'scripts', 'install-test-editor.sh')]);
}

export function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function bootstrap({ editor = true } = {}) {
  ensureNodeModules();
  if (editor) {
    ensureDebianPackages();
    ensureTestEditor();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  bootstrap({ editor: !process.argv.includes('--no-editor') });
}
