/** Looking up open documents and snapshotting them (TextDocuments updates them in place). */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver';
import { WeaverError } from '../util/errors';

export function snapshot(documents: TextDocuments<TextDocument>, uri: string, version?: number): TextDocument {
  const doc = documents.get(uri);
  if (!doc) throw new WeaverError('invalid_params', `The document ${uri} is not open in the language server.`);
  if (version !== undefined && version !== doc.version) {
    throw new WeaverError('stale_version', `The request was for version ${version} of ${uri}, but the document is at version ${doc.version}.`);
  }
  return TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
}
