/** Entry of dist/server.js: a connection over --stdio / --node-ipc / --socket, then the server. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './server';
import { warmHttpClient } from './util/warmHttp';
import { getIsolation } from './sandbox/isolation';
import { installProcessGuard } from './util/processGuard';
import { watchFraming } from './transport/stdinFraming';

const toStderr = (message: string) => { process.stderr.write(`${message}\n`); };
// An unexpected rejection or exception is logged and the server keeps answering (issue 11, escape 7).
installProcessGuard(process, { label: 'WeaverGen server', log: toStderr });
void warmHttpClient();
createServer(createConnection(ProposedFeatures.all)).listen();
// Under --stdio a broken frame would leave the connection deaf but alive: exit instead, so the
// client's supervisor restarts the server (issue 11, escape 8). IPC has no framing to break.
if (process.argv.includes('--stdio')) {
  watchFraming(process.stdin, (e) => {
    toStderr(`WeaverGen server: ${e.message}; exiting so that the client restarts the server`);
    process.exit(2);
  });
}
// The sandbox helper and the isolation probe, now: forking the server costs least while it is small and idle
// (the probe runs only our own fixed scripts; generated code still runs only when execution is allowed).
void getIsolation().catch(() => undefined);
