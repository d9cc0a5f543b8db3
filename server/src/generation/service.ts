/**
 * GenerationService: site -> prompt -> providers in parallel -> extracted code -> versioned
 * edit. The one generation pipeline, used by the language server and the CLI alike.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GenerateParams, GenerateResult } from '../protocol';
import { findSite, type FoundSite } from '../context/siteFinder';
import { buildPrompt } from '../context/promptBuilder';
import { cancelledError, WeaverError } from '../util/errors';
import { extractCandidate, groupCandidates, type Extracted } from '../orchestra/candidates';
import { decide } from '../orchestra/decide';
import { fanOut } from '../orchestra/fanOut';
import type { SandboxProbes } from '../orchestra/probeRunner';
import type { ProviderSource } from './providerSet';
import { Telemetry, traceGeneration, type TraceContext } from '../telemetry'; // [telemetry]

export { insertionText } from './insertion';

export interface GenerationDeps {
  /** Workspace trust (VS Code); execution never happens in an untrusted workspace. Default: trusted. */
  trusted?: () => boolean;
  /** The sandbox's runProbes (tests may wrap it). */
  sandbox?: SandboxProbes;
  /** [telemetry] Where spans go (default: an in-memory Telemetry of this service's own). */
  telemetry?: Telemetry;
}

export class GenerationService {
  constructor(
    private readonly source: ProviderSource,
    private readonly now: () => number = Date.now,
    private readonly deps: GenerationDeps = {},
  ) {}

  // [telemetry] one root span per generation (`weavergen.generate`); the result carries its trace id.
  private ownTelemetry?: Telemetry;
  generate(doc: TextDocument, params: GenerateParams, signal: AbortSignal): Promise<GenerateResult> {
    const telemetry = this.deps.telemetry ?? (this.ownTelemetry ??= new Telemetry());
    return traceGeneration(telemetry, doc.uri, signal, (trace) => this.run(doc, params, signal, trace));
  }

  private async run(doc: TextDocument, params: GenerateParams, signal: AbortSignal, _trace?: TraceContext): Promise<GenerateResult> {
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
    const settings = this.source.settings();
    const o = settings.orchestra;
    const fan = await fanOut<Extracted>(providers, {
      system: prompt.system,
      messages: [{ role: 'user', content: prompt.user }],
      hints: { intent: found.site.intent, symbol: found.site.symbol, file },
    }, {
      samplesPerProvider: o.samplesPerProvider, providerDeadlineMs: o.providerDeadlineMs, overallDeadlineMs: o.overallDeadlineMs,
      quorum: o.quorum, signal, now: this.now,
      accept: (answer) => {
        const e = extractCandidate(answer, text, found);
        return e ? { value: e, key: e.key } : null;
      },
    });
    const generationMs = this.now() - g0;

    const candidates = groupCandidates(fan.samples.map((s) => ({ providerId: s.provider.id, sample: s.sample, value: s.value })));
    const trusted = this.deps.trusted?.() ?? true;
    const execution = !settings.execution.enabled
      ? { allowed: false, reason: 'execution is switched off (weavergen.execution.enabled is false)' }
      : !trusted ? { allowed: false, reason: 'the workspace is not trusted' } : { allowed: true };
    let decision;
    try {
      decision = await decide({ text, fileName: file, found, candidates, execution, sandbox: this.deps.sandbox, signal });
    } catch (e) {
      if (signal.aborted) throw cancelledError();
      throw e;
    }
    if (signal.aborted) throw cancelledError();
    const winnerSample = fan.samples.find((s) => decision.winner.votes.some((v) => v.id === `${s.provider.id}#${s.sample}`))!;
    const use = fan.uses.find((u) => u.id === winnerSample.provider.id)!;
    const newText = decision.insertText;
    const result: GenerateResult = {
      code: newText,
      edit: { textDocument: { uri: doc.uri, version }, edits: [{ range: found.site.range, newText }] },
      site: found.site,
      provider: use,
      providers: fan.uses,
      recorded: winnerSample.result.recorded,
      timings: { totalMs: this.now() - t0, contextMs, generationMs },
      quality: decision.quality,
      consensus: decision.consensus,
      execution: decision.execution,
    };
    if (fan.missing.length) result.missing = fan.missing;
    return result;
  }
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
