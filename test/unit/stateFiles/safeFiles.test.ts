// util/safeFiles on real files in a temp dir: where a state path may lead, atomic replace,
// torn-line-safe append, and readers that survive whatever is found in place of a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUnsafeStatePath, StateDir } from '../../../server/src/util/safeFiles';

const OUTSIDE = 'outside content that must never change\n';

function setup(t: { after: (fn: () => void) => void }) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-safe-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const storage = path.join(base, 'storage');
  fs.mkdirSync(storage);
  const outsideDir = path.join(base, 'elsewhere');
  fs.mkdirSync(outsideDir);
  const outside = path.join(outsideDir, 'victim.txt');
  fs.writeFileSync(outside, OUTSIDE);
  const logs: string[] = [];
  return { base, storage, outside, outsideDir, logs, state: new StateDir(storage, '', (m) => logs.push(m)) };
}

const aside = (dir: string, name: string) => fs.readdirSync(dir).filter((n) => n.startsWith(`${name}.corrupt-`));

test('replace writes atomically and leaves no temp file behind', async (t) => {
  const { storage, state } = setup(t);
  await state.replace('a.json', '{"v":1}');
  state.replaceSync('a.json', '{"v":2}');
  assert.equal(fs.readFileSync(path.join(storage, 'a.json'), 'utf8'), '{"v":2}');
  assert.deepEqual(fs.readdirSync(storage), ['a.json']);
  assert.equal(fs.statSync(path.join(storage, 'a.json')).mode & 0o077, 0, 'state files are private to the user');
});

test('a failed replace removes its temp file (target is a directory)', async (t) => {
  const { storage, state } = setup(t);
  fs.mkdirSync(path.join(storage, 'a.json', 'inner'), { recursive: true });
  await assert.rejects(state.replace('a.json', '{}'));
  assert.throws(() => state.replaceSync('a.json', '{}'));
  assert.deepEqual(fs.readdirSync(storage), ['a.json'], 'no temp file left');
});

test('the storage dir itself as a symlink is refused, for writes and reads', async (t) => {
  const { base, outsideDir, logs } = setup(t);
  const link = path.join(base, 'linked-storage');
  fs.symlinkSync(outsideDir, link);
  const state = new StateDir(link, '', (m) => logs.push(m));
  await assert.rejects(state.replace('a.json', '{}'), (e) => isUnsafeStatePath(e) && /storage dir .* is a symlink/.test(e.message));
  assert.throws(() => state.appendLines('a.jsonl', '{}\n'), isUnsafeStatePath);
  assert.throws(() => state.ensure(), isUnsafeStatePath);
  fs.writeFileSync(path.join(outsideDir, 'b.json'), '{"x":1}');
  assert.equal(state.readJsonSync('b.json'), undefined, 'not read through the link');
  assert.ok(logs.some((l) => l.includes('is a symlink')), logs.join('\n'));
  assert.deepEqual(fs.readdirSync(outsideDir).sort(), ['b.json', 'victim.txt']);
});

test('a symlinked folder between the storage dir and the file is refused', async (t) => {
  const { storage, outsideDir, logs } = setup(t);
  fs.symlinkSync(outsideDir, path.join(storage, 'learning'));
  const state = StateDir.at(path.join(storage, 'learning'), storage, (m) => logs.push(m));
  assert.throws(() => state.ensure(), isUnsafeStatePath);
  await assert.rejects(state.replace('reliability.json', '{}'), isUnsafeStatePath);
  assert.throws(() => state.appendLines('outcomes.jsonl', '{}\n'), isUnsafeStatePath);
  assert.throws(() => state.remove('victim.txt'), isUnsafeStatePath);
  assert.equal(state.readTextSync('victim.txt'), undefined);
  assert.deepEqual(fs.readdirSync(outsideDir), ['victim.txt']);
  assert.equal(fs.readFileSync(path.join(outsideDir, 'victim.txt'), 'utf8'), OUTSIDE);
});

test('names that leave the storage dir are refused', async (t) => {
  const { storage, state } = setup(t);
  await assert.rejects(state.replace('../escape.json', '{}'), isUnsafeStatePath);
  assert.throws(() => state.appendLines('../../escape.jsonl', '{}\n'), isUnsafeStatePath);
  assert.throws(() => StateDir.at(path.join(storage, '..', 'x'), storage).ensure(), isUnsafeStatePath);
  assert.equal(fs.existsSync(path.join(storage, '..', 'escape.json')), false);
  await state.replace('..dots.json', '{}'); // a name that merely starts with two dots is inside
  assert.ok(fs.existsSync(path.join(storage, '..dots.json')));
});

test('a symlink in place of a state file: refused on write, moved aside (not followed) on read', async (t) => {
  const { storage, outside, state, logs } = setup(t);
  fs.symlinkSync(outside, path.join(storage, 'a.json'));
  await assert.rejects(state.replace('a.json', '{}'), isUnsafeStatePath);
  assert.throws(() => state.appendLines('a.json', '{}\n'), isUnsafeStatePath);
  assert.equal(await state.readJson('a.json'), undefined);
  assert.equal(fs.readFileSync(outside, 'utf8'), OUTSIDE);
  const moved = aside(storage, 'a.json');
  assert.equal(moved.length, 1);
  assert.ok(fs.lstatSync(path.join(storage, moved[0])).isSymbolicLink(), 'the link itself was renamed');
  assert.ok(logs.some((l) => l.includes('is a symlink')));
  await state.replace('a.json', '{"fresh":true}');
  assert.deepEqual(await state.readJson('a.json'), { fresh: true });
  assert.equal(fs.readFileSync(outside, 'utf8'), OUTSIDE);
});

test('a directory or a FIFO in place of a state file is moved aside and the reader starts fresh', async (t) => {
  const { storage, state } = setup(t);
  fs.mkdirSync(path.join(storage, 'a.json'));
  assert.equal(state.readJsonSync('a.json'), undefined);
  assert.equal(aside(storage, 'a.json').length, 1);
  state.replaceSync('a.json', '[1]');
  assert.deepEqual(state.readJsonSync('a.json'), [1]);
  if (process.platform !== 'win32') {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(storage, 'b.jsonl')]);
    assert.deepEqual(await state.readJsonLines('b.jsonl'), [], 'a FIFO is not opened (that would block)');
    assert.equal(aside(storage, 'b.jsonl').length, 1);
  }
});

test('corrupt JSON is moved aside with its bytes kept; 0 bytes is ignored; the newest 3 copies are kept', (t) => {
  const { storage, state, logs } = setup(t);
  const file = path.join(storage, 's.json');
  fs.writeFileSync(file, '{"half":');
  assert.equal(state.readJsonSync('s.json'), undefined);
  const [moved] = aside(storage, 's.json');
  assert.equal(fs.readFileSync(path.join(storage, moved), 'utf8'), '{"half":');
  fs.writeFileSync(file, '{"format":"other"}');
  assert.equal(state.readJsonSync('s.json', (v) => (v as { format?: string }).format === 'mine'), undefined, 'invalid shape');
  assert.equal(aside(storage, 's.json').length, 2);
  fs.writeFileSync(file, '');
  assert.equal(state.readJsonSync('s.json'), undefined);
  assert.ok(fs.existsSync(file), '0 bytes: nothing to keep, left for the next write');
  for (let i = 0; i < 4; i++) {
    fs.writeFileSync(file, `garbage ${i}`);
    assert.equal(state.readJsonSync('s.json'), undefined);
  }
  assert.equal(aside(storage, 's.json').length, 3);
  assert.ok(logs.some((l) => /not valid JSON/.test(l)) && logs.some((l) => /empty/.test(l)), logs.join('\n'));
});

test('append ends a torn last line first; torn and garbage lines are skipped and counted', (t) => {
  const { storage, state, logs } = setup(t);
  const file = path.join(storage, 'l.jsonl');
  state.appendLines('l.jsonl', '{"n":1}\n');
  fs.appendFileSync(file, '{"n":2,"torn');
  const bytes = state.appendLines('l.jsonl', '{"n":3}\n');
  assert.equal(bytes, Buffer.byteLength('\n{"n":3}\n'));
  fs.appendFileSync(file, '\u0000\u00ff garbage\n');
  state.appendLines('l.jsonl', '{"n":4}\n');
  assert.deepEqual(state.readJsonLinesSync('l.jsonl').map((e) => e.value), [{ n: 1 }, { n: 3 }, { n: 4 }]);
  assert.ok(logs.some((l) => /skipped 2 torn or unreadable line/.test(l)), logs.join('\n'));
  assert.equal(state.size('l.jsonl'), fs.statSync(file).size);
});

test('rename refuses a link; remove unlinks the link itself, never its target', (t) => {
  const { storage, outside, state } = setup(t);
  fs.symlinkSync(outside, path.join(storage, 'r.jsonl'));
  assert.throws(() => state.rename('r.jsonl', 'r.1.jsonl'), isUnsafeStatePath);
  assert.equal(state.size('r.jsonl'), 0, 'a link has no size here');
  state.remove('r.jsonl');
  assert.equal(fs.existsSync(path.join(storage, 'r.jsonl')), false);
  assert.equal(fs.readFileSync(outside, 'utf8'), OUTSIDE);
});

test('temp files a killed writer left behind are removed by the next replace; a live one is kept', async (t) => {
  const { storage, state } = setup(t);
  const stale = path.join(storage, '.a.json.0123456789abcdef.tmp');
  const live = path.join(storage, '.a.json.fedcba9876543210.tmp');
  fs.writeFileSync(stale, 'half');
  fs.writeFileSync(live, 'being written');
  const old = new Date(Date.now() - 10 * 60_000);
  fs.utimesSync(stale, old, old);
  await state.replace('a.json', '{}');
  assert.deepEqual(fs.readdirSync(storage).sort(), [path.basename(live), 'a.json'].sort());
});

test('a file larger than any state file is moved aside unread', (t) => {
  const { storage, state } = setup(t);
  const file = path.join(storage, 'huge.jsonl');
  fs.writeFileSync(file, '{"n":1}\n');
  fs.truncateSync(file, 600 * 1024 * 1024); // sparse: no disk space used
  assert.deepEqual(state.readJsonLinesSync('huge.jsonl'), []);
  assert.equal(aside(storage, 'huge.jsonl').length, 1);
  state.appendLines('huge.jsonl', '{"n":2}\n');
  assert.deepEqual(state.readJsonLinesSync('huge.jsonl').map((e) => e.value), [{ n: 2 }]);
});
