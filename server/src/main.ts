/** Entry of dist/server.js: a connection over --stdio / --node-ipc / --socket, then the server. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './server';
import { warmHttpClient } from './util/warmHttp';
import { getIsolation } from './sandbox/isolation';

void warmHttpClient();
createServer(createConnection(ProposedFeatures.all)).listen();
// The sandbox helper and the isolation probe, now: forking the server costs least while it is small and idle
// (the probe runs only our own fixed scripts; generated code still runs only when execution is allowed).
void getIsolation().catch(() => undefined);
