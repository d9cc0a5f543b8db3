// Test fixtures for the e2e runners: the fake model server and a temp workspace
// whose settings point the extension at it.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO } from './codeServer.mjs';

/** Starts test/support/fakeModelServerCli.ts; resolves with its URLs and the child. */
/**
 * Every wait in the runners is a bound for a hang: SLACK × what the step takes on a quiet
 * machine, so a loaded shared machine does not fail a step that only ran slowly (the suite's
 * own waits use suite/env.ts HANG_SLACK, the same factor).
 */
export const SLACK = 4;

export function startFakeServer({ log = () => {}, timeoutMs = 20_000 } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/fakeModelServerCli.ts', '--port', '0'], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.setEncoding('utf8').on('data', (d) => log(d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fake model server printed no URL')), timeoutMs);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve({ child, ...JSON.parse(line) });
      } catch (e) {
        reject(new Error(`the fake model server printed ${JSON.stringify(line)}: ${e.message}`));
      }
      lines.on('line', (l) => log(l + '\n'));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the fake model server exited with ${code}`));
    });
  });
}

/** A temp dir with a copy of the fixture workspace wired to the fake server. */
export function makeWorkspace(root, fakeServer, name = 'workspace') {
  const ws = join(root, name);
  cpSync(join(REPO, 'test/e2e/fixtures/workspace'), ws, { recursive: true });
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  writeFileSync(join(ws, '.vscode/settings.json'), JSON.stringify({
    'weavergen.providers': [{ id: 'local', kind: 'openai-compatible', model: 'fake-coder', baseURL: fakeServer.openaiBaseURL }],
    'weavergen.detectLocalServers': false,
    'weavergen.replayDemo': 'never',
    'weavergen.maxRetries': 0,
    'weavergen.requestTimeoutMs': 30000,
    // Off so each test sees only its own model requests; suite/pregeneration.test.ts turns it on.
    'weavergen.pregeneration.enabled': false,
  }, null, 2));
  writeFileSync(join(ws, 'weavergen-e2e.json'), JSON.stringify({ fakeServerUrl: fakeServer.url }, null, 2));
  return ws;
}

export function makeTempRoot() {
  return mkdtempSync(join(tmpdir(), 'weavergen-e2e-'));
}

export async function fakeControl(fakeServer, method, what, body) {
  const r = await fetch(`${fakeServer.url}/__control/${what}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`fake server ${what}: HTTP ${r.status}`);
  return r.text();
}
