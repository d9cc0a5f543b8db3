/** What protects the machine when the server itself dies mid-run: child watchdog, stale-dir sweep. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sweepStaleSandboxDirs } from '../../../server/src/sandbox';
import { preloadSource } from '../../../server/src/sandbox/netStubs';

describe('orphaned runs', () => {
  it('an idle child exits by itself when nobody kills it (watchdog in the preload)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weavergen-test-'));
    try {
      writeFileSync(join(dir, 'pre.js'), preloadSource(false, 300));
      const child = spawn(process.execPath, ['--require', join(dir, 'pre.js'), '-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      const started = Date.now();
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 124);
      assert.ok(Date.now() - started < 5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sweeps only old sandbox dirs', async () => {
    const base = mkdtempSync(join(tmpdir(), 'weavergen-test-'));
    try {
      const old = join(base, 'weavergen-sbx-old');
      const fresh = join(base, 'weavergen-sbx-fresh');
      const other = join(base, 'something-else');
      for (const d of [old, fresh, other]) mkdirSync(d);
      writeFileSync(join(old, 'candidate.js'), '1');
      const past = new Date(Date.now() - 2 * 60 * 60 * 1000);
      for (const d of [old, other]) utimesSync(d, past, past);
      const removed = await sweepStaleSandboxDirs(60 * 60 * 1000, base);
      assert.deepEqual(removed, [old]);
      assert.equal(existsSync(old), false);
      assert.ok(existsSync(fresh) && existsSync(other));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
