/**
 * Issue 11, escape 8 over real stdio: after a proper initialize, one frame with a missing,
 * negative, non-numeric or huge Content-Length used to leave the server alive but deaf. Now it
 * exits with a non-zero code (so the client's supervisor restarts it) and says why on stderr.
 * A Content-Length larger than the body that follows is not tested here: a truncated frame is
 * indistinguishable from a slow writer, so the server waits; the client's health check
 * (client/src/health.ts, tested in test/unit/client/health.test.ts) catches that server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { startClient } from './harness';

/** Generous upper bound for the exit, only against a hang (no timing is asserted). */
const EXIT_BOUND_MS = 60_000;

const CASES: { name: string; frame: string; reason: RegExp }[] = [
  { name: 'missing Content-Length', frame: 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{"jsonrpc":"2.0","id":9,"method":"shutdown"}', reason: /without Content-Length/ },
  { name: 'negative Content-Length', frame: 'Content-Length: -5\r\n\r\n{"jsonrpc":"2.0","id":9,"method":"shutdown"}', reason: /not a non-negative integer/ },
  { name: 'non-numeric Content-Length', frame: 'Content-Length: forty\r\n\r\n{"jsonrpc":"2.0","id":9,"method":"shutdown"}', reason: /not a non-negative integer/ },
  { name: 'huge Content-Length (10^12)', frame: 'Content-Length: 1000000000000\r\n\r\n{"jsonrpc":"2.0","id":9,"method":"shutdown"}', reason: /over the limit/ },
];

for (const c of CASES) {
  test(`${c.name}: the server exits non-zero and says why`, { timeout: EXIT_BOUND_MS }, async () => {
    const client = await startClient({ settings: { detectLocalServers: false, replayDemo: 'never', providers: [] } });
    assert.ok(client.init.capabilities, 'initialize was answered');
    let stderr = '';
    client.proc.stderr!.on('data', (d) => { stderr += d; });
    const exited = once(client.proc, 'exit');
    client.proc.stdin!.write(c.frame);
    const [code] = await exited;
    assert.notEqual(code, 0);
    assert.notEqual(code, null, 'exited by itself, not killed');
    assert.match(stderr, /LSP framing error after \d+ good message/);
    assert.match(stderr, c.reason);
  });
}
