/** weavergen/ping over real stdio: the client's health check gets an answer naming the server process. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PingRequest } from '../../server/src/protocol';
import { startClient, type TestClient } from './harness';

let client: TestClient;
before(async () => { client = await startClient({ settings: { detectLocalServers: false, replayDemo: 'never', providers: [] } }); });
after(async () => { if (client) assert.equal(await client.close(), 0); });

test('weavergen/ping is answered with the server pid, again and again', async () => {
  for (let i = 0; i < 3; i++) assert.deepEqual(await client.conn.sendRequest(PingRequest, undefined), { pid: client.proc.pid });
});
