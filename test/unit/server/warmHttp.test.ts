/** The HTTP client is loaded at start-up, without any network. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('warmHttpClient loads Node\'s HTTP client (undici) without any network', () => {
  // A fresh process: undici is not loaded before the warm-up, and is after it.
  const script = `
    require(${JSON.stringify(require.resolve('tsx/cjs'))});
    const { warmHttpClient } = require(${JSON.stringify(require.resolve('../../../server/src/util/warmHttp'))});
    const loaded = () => process.moduleLoadList.some((m) => /internal\\/deps\\/undici/.test(m));
    const before = loaded();
    warmHttpClient().then(() => console.log(JSON.stringify({ before, after: loaded() })));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { before: false, after: true });
});
