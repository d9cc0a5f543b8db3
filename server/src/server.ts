/**
 * Composition root: documents (incremental sync), the provider set, the generation
 * service and the features. Each feature registers its own handlers and declares its
 * capability slice; this file only assembles them.
 */
import {
  TextDocuments, TextDocumentSyncKind, type ClientCapabilities, type Connection, type InitializeParams,
  type InitializeResult, type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS } from './protocol/settings';
import { demoRecordingPath, resolveProviders } from './providers/registry';
import { envKeys, ProviderSet } from './generation/providerSet';
import { GenerationService } from './generation/service';
import type { Feature, ServerContext } from './features/feature';
import { configurationFeature } from './features/configuration';
import { codeActionsFeature } from './features/codeActions';
import { executeCommandFeature } from './features/executeCommand';
import { generateRequestFeature } from './features/generateRequest';
import { providersFeature, reanchorFeature } from './features/providers';

export interface ServerOptions {
  env?: NodeJS.ProcessEnv;
  demoRecordingPath?: string;
}

export function createServer(connection: Connection, options: ServerOptions = {}): { listen(): void } {
  const documents = new TextDocuments(TextDocument);
  const providers = new ProviderSet(resolveProviders,
    { keys: envKeys(options.env ?? process.env), demoRecordingPath: options.demoRecordingPath ?? demoRecordingPath() },
    DEFAULT_SETTINGS);
  let clientCaps: ClientCapabilities = {};
  let initParams: InitializeParams | undefined;
  const ctx: ServerContext = {
    connection, documents, providers, service: new GenerationService(providers), client: () => clientCaps,
  };

  const features: Feature[] = [
    configurationFeature(ctx, () => initParams),
    codeActionsFeature(ctx),
    executeCommandFeature(ctx),
    generateRequestFeature(ctx),
    providersFeature(ctx),
    reanchorFeature(ctx),
  ];

  connection.onInitialize((params): InitializeResult => {
    initParams = params;
    clientCaps = params.capabilities;
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    };
    for (const f of features) Object.assign(capabilities, f.capabilities(clientCaps));
    return { capabilities, serverInfo: { name: 'weavergen', version: '0.1.0' } };
  });
  connection.onShutdown(() => {
    for (const f of features) f.dispose?.();
    providers.dispose();
  });

  return {
    listen() {
      documents.listen(connection);
      connection.listen();
    },
  };
}
