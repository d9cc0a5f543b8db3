/** Entry of dist/server.js: a connection over --stdio / --node-ipc / --socket, then the server. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './server';
import { warmHttpClient } from './util/warmHttp';

void warmHttpClient();
createServer(createConnection(ProposedFeatures.all)).listen();
