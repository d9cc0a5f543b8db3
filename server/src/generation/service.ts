/**
 * GenerationService: site -> prompt -> providers in parallel -> extracted code -> versioned
 * edit. The one generation pipeline, used by the language server and the CLI alike.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GenerateParams, GenerateResult } from '../protocol';
import { findSite, type FoundSite } from '../context/siteFinder';
import { buildPrompt } from '../context/promptBuilder';
import { cancelledError, WeaverError } from '../util/errors';
import { extractCode } from './extract';
import { raceProviders } from './race';
import type { ProviderSource } from './providerSet';

export class GenerationService {
  constructor(private readonly source: ProviderSource, private readonly now: () => number = Date.now) {}

  async generate(doc: TextDocument, params: GenerateParams, signal: AbortSignal): Promise<GenerateResult> {
    const t0 = this.now();
    if (signal.aborted) throw cancelledError();
    // Snapshot: the document object may be updated in place while we wait for the models.
    const text = doc.getText();
    const version = doc.version;
    const file = fileNameOf(doc.uri);
    const found = findSite(text, file, { position: params.position, range: params.range, intent: params.intent });
    if (!found) {
      throw new WeaverError('no_site', 'Nothing to generate here: put the cursor on a "// weaver: <intent>" or TODO comment, ' +
        'in an empty or stub function body, or select code and give an intent.');
    }
    const prompt = buildPrompt(text, file, found, this.source.settings().maxContextTokens);
    const contextMs = this.now() - t0;

    const resolved = await this.source.current();
    if (signal.aborted) throw cancelledError();
    let providers = resolved.providers;
    if (params.providers?.length) {
      const wanted = new Set(params.providers);
      providers = providers.filter((p) => wanted.has(p.id));
      if (!providers.length) {
        const have = resolved.providers.map((p) => p.id).join(', ') || 'none';
        throw new WeaverError('no_provider', `None of the requested providers (${params.providers.join(', ')}) is available; available: ${have}.`);
      }
    }
    if (!providers.length) {
      throw new WeaverError('no_provider', resolved.notes.join(' ') || 'No model provider is available.');
    }

    const g0 = this.now();
    const race = await raceProviders(providers, {
      system: prompt.system,
      messages: [{ role: 'user', content: prompt.user }],
      hints: { intent: found.site.intent, symbol: found.site.symbol, file },
    }, (answer) => {
      const code = extractCode(answer, { shape: found.shape, indent: found.indent, symbol: found.site.symbol });
      return code.trim() ? code : null;
    }, signal, this.now);
    const generationMs = this.now() - g0;

    const newText = insertionText(text, found, race.winner.value);
    return {
      code: newText,
      edit: { textDocument: { uri: doc.uri, version }, edits: [{ range: found.site.range, newText }] },
      site: found.site,
      provider: race.winner.use,
      providers: race.uses,
      recorded: race.winner.use.recorded,
      timings: { totalMs: this.now() - t0, contextMs, generationMs },
    };
  }
}

/** The extracted code shaped for the site's range (braces, line breaks, indentation). */
export function insertionText(text: string, found: FoundSite, code: string): string {
  if (found.shape === 'body') return `\n${code}\n${found.closingIndent}`;
  if (found.shape === 'lines') {
    const atEndWithoutNewline = found.start === text.length && text.length > 0 && !text.endsWith('\n');
    return `${atEndWithoutNewline ? '\n' : ''}${code}\n`;
  }
  const startsMidLine = found.site.range.start.character > 0;
  return startsMidLine ? code.replace(/^[ \t]+/, '') : code;
}

export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last) || 'untitled.ts';
  } catch {
    return last || 'untitled.ts';
  }
}
