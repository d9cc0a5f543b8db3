/**
 * What every LSP feature gets, and what it gives back: its slice of the server
 * capabilities. The composition root (server.ts) merges the slices.
 */
import type { ClientCapabilities, Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GenerationService } from '../generation/service';
import type { ProviderSet } from '../generation/providerSet';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: GenerationService;
  readonly providers: ProviderSet;
  /** The client's capabilities (empty before `initialize`). */
  client(): ClientCapabilities;
}

export interface Feature {
  /** This feature's slice of the server capabilities, given the client's. */
  capabilities(client: ClientCapabilities): ServerCapabilities;
  /** Called on `shutdown`; a returned promise (e.g. a final save) is awaited before the reply. */
  dispose?(): void | Promise<void>;
}
