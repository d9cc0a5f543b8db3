// kill -9 during a write: a child process writes a large state file in a loop through
// util/safeFiles; once write `after` has started, the parent SIGKILLs it on the `event`-th change
// it sees in the folder (fs.watch), so the kill lands inside the write (temp file creation, its
// data, the rename...). The file is then whole and parseable: an atomically replaced file holds
// exactly one complete generation; an appended log holds every reported record in order, at most
// one torn line, and the next append is intact. Waits on events only; no timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StateDir } from '../../../server/src/util/safeFiles';
import { documents } from './fixtures/document';

const ROOT = path.join(__dirname, '..', '..', '..');
const WRITER = path.join(__dirname, 'fixtures', 'stateWriter.ts');

/** Resolves with the last write the child reported done before it was SIGKILLed. */
function killDuringWrite(mode: 'replace' | 'append', storage: string, name: string, after: number, event: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, mode, storage, name], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let seen = 0;
    const kill = () => {
      if (child.exitCode === null && !child.killed) child.kill('SIGKILL');
    };
    const armed = () => out.includes(`start ${after}\n`);
    const watcher = fs.watch(storage, () => {
      if (armed() && ++seen >= event) kill();
    });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`done ${after + 3}\n`)) kill(); // bound, should the folder's events not arrive
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      watcher.close();
      const done = [...out.matchAll(/done (\d+)\n/g)];
      if (signal === 'SIGKILL') resolve(done.length ? Number(done[done.length - 1][1]) : 0);
      else reject(new Error(`writer exited with ${code}: ${err}`));
    });
  });
}

function tempStorage(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-kill9-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const big = documents(4 * 1024 * 1024);

for (const event of [1, 2, 4]) {
  test(`kill -9 during an atomic replace (at folder event ${event}): the file is one complete generation`, async (t) => {
    const storage = tempStorage(t);
    const last = await killDuringWrite('replace', storage, 'state.json', 2, event);
    const bytes = fs.readFileSync(path.join(storage, 'state.json'));
    const doc = JSON.parse(bytes.toString()) as { n: number };
    assert.ok(doc.n === last || doc.n === last + 1, `generation ${doc.n} after ${last} reported writes`);
    assert.ok(bytes.equals(big(doc.n)), 'exactly that generation, complete');
    const state = new StateDir(storage);
    assert.equal((state.readJsonSync('state.json') as { n: number }).n, doc.n);
    // A temp file the kill left behind is never taken for the state; the next write succeeds.
    await state.replace('state.json', '{"after":"kill"}');
    assert.deepEqual(state.readJsonSync('state.json'), { after: 'kill' });
  });
}

for (const event of [1, 2]) {
  test(`kill -9 during JSON-lines appends (at folder event ${event}): reported records intact, the next append readable`, async (t) => {
    const storage = tempStorage(t);
    const last = await killDuringWrite('append', storage, 'log.jsonl', 5, event);
    const state = new StateDir(storage);
    state.appendLines('log.jsonl', '{"n":"after-kill"}\n');
    const values = state.readJsonLinesSync('log.jsonl').map((e) => (e.value as { n: number | string }).n);
    assert.equal(values[values.length - 1], 'after-kill');
    const numbers = values.slice(0, -1) as number[];
    assert.ok(numbers.length >= last && numbers.length <= last + 1, `${numbers.length} records after ${last} reported`);
    assert.deepEqual(numbers, numbers.map((_, i) => i + 1), 'in order, none lost or glued');
  });
}
