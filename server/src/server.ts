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
import { fsWorkspaceTests } from './orchestra/workspaceTests';
import type { Feature, ServerContext } from './features/feature';
import { configurationFeature } from './features/configuration';
import { codeActionsFeature } from './features/codeActions';
import { executeCommandFeature } from './features/executeCommand';
import { generateRequestFeature } from './features/generateRequest';
import { providersFeature, reanchorFeature } from './features/providers';
import { TrustState, workspaceTrustFeature } from './features/workspaceTrust';
import { storagePathOf, tracesFeature } from './features/traces';
import { instrumentResolver, Telemetry } from './telemetry';
import { RegionService } from './regions/service';
import { regionsFeature } from './regions/feature';
import { codeLensFeature } from './features/codeLens';
import { hoverFeature } from './features/hover';
import { pregenerationFeature } from './features/pregeneration';
import { inlineCompletionFeature } from './features/inlineCompletion';
import { learningFeature, LearningService } from './features/learning';
import { healthFeature } from './features/health';
import { testPregen } from './testgen/wiring';
import { BackgroundPipeline } from './background/pipeline';

export interface ServerOptions {
  env?: NodeJS.ProcessEnv;
  demoRecordingPath?: string;
}

export function createServer(connection: Connection, options: ServerOptions = {}): { listen(): void } {
  const regions = new RegionService((m) => connection.console.warn(`WeaverGen regions: ${m}`));
  const documents = new TextDocuments(regions.documentsConfig(TextDocument));
  // WEAVERGEN_TRACING=off: a diagnostic switch (benchmarks) for a no-op Telemetry; tracing is on by default.
  const tracing = (options.env ?? process.env).WEAVERGEN_TRACING !== 'off';
  const telemetry = new Telemetry({ enabled: tracing, onError: (m) => connection.console.warn(`WeaverGen telemetry: ${m}`) });
  const providers = new ProviderSet(instrumentResolver(resolveProviders, telemetry),
    { keys: envKeys(options.env ?? process.env), demoRecordingPath: options.demoRecordingPath ?? demoRecordingPath() },
    DEFAULT_SETTINGS);
  let clientCaps: ClientCapabilities = {};
  let initParams: InitializeParams | undefined;
  const trust = new TrustState(() => initParams);
  const learning = new LearningService(() => providers.settings().learning.enabled, (m) => connection.console.warn(`WeaverGen learning: ${m}`));
  const ctx: ServerContext = {
    connection, documents, providers, client: () => clientCaps,
    service: new GenerationService(providers, Date.now, {
      trusted: () => trust.trusted, telemetry, learning,
      workspaceTests: fsWorkspaceTests(() => documents.all().map((d) => ({ uri: d.uri, text: d.getText() }))),
    }),
  };

  const env = options.env ?? process.env;
  // Background pre-generation runs in its own worker thread (WEAVERGEN_BACKGROUND_WORKER=0: in-process, a diagnostic switch).
  const background = new BackgroundPipeline({
    source: providers, telemetry, learning, trusted: () => trust.trusted,
    openDocuments: () => documents.all().map((d) => ({ uri: d.uri, text: d.getText() })),
    fallback: (doc, params, signal, opts) => ctx.service.generate(doc, params, signal, opts),
    ...(env.WEAVERGEN_BACKGROUND_WORKER === '0' ? { inProcess: 'WEAVERGEN_BACKGROUND_WORKER=0' } : {}),
    log: (m) => connection.console.warn(`WeaverGen: ${m}`),
  });
  const pregen = pregenerationFeature(ctx, () => initParams, () => learning.acceptanceByKind(), background);
  pregen.engine.tests = testPregen(ctx, pregen.engine, () => trust.trusted, background); // [testgen] tests for exported functions without any
  const features: Feature[] = [
    configurationFeature(ctx, () => initParams),
    codeActionsFeature(ctx, pregen.engine),
    executeCommandFeature(ctx, regions, pregen.engine),
    generateRequestFeature(ctx, pregen.engine),
    providersFeature(ctx),
    reanchorFeature(ctx),
    workspaceTrustFeature(ctx, trust),
    tracesFeature(ctx, telemetry),
    regionsFeature(ctx, regions, () => initParams),
    codeLensFeature(ctx, regions),
    hoverFeature(ctx, regions),
    pregen,
    inlineCompletionFeature(ctx, pregen.engine),
    learningFeature(ctx, learning, () => initParams),
    healthFeature(ctx),
  ];

  connection.onInitialize((params): InitializeResult => {
    initParams = params;
    clientCaps = params.capabilities;
    telemetry.open(storagePathOf(params));
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    };
    for (const f of features) Object.assign(capabilities, f.capabilities(clientCaps));
    return { capabilities, serverInfo: { name: 'weavergen', version: '0.1.0' } };
  });
  connection.onShutdown(async () => {
    await Promise.all(features.map(async (f) => {
      try {
        await f.dispose?.();
      } catch (e) {
        connection.console.warn(`WeaverGen: shutdown: ${e instanceof Error ? e.message : String(e)}`);
      }
    }));
    providers.dispose();
  });

  return {
    listen() {
      documents.listen(connection);
      connection.listen();
    },
  };
}
