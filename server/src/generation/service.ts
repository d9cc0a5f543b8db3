/**
 * GenerationService: site -> prompt -> providers in parallel -> extracted code -> versioned
 * edit. The one generation pipeline, used by the language server and the CLI alike.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GenerateParams, GenerateResult } from '../protocol';
import { findSite } from '../context/siteFinder';
import { buildPrompt } from '../context/promptBuilder';
import { cancelledError, WeaverError } from '../util/errors';
import { extractCandidate, groupCandidates, type Extracted } from '../orchestra/candidates';
import { decideTraced } from '../orchestra/decideSpans';
import {
  besideSpan, contextAttributes, countingAccept, extractAttributes, fanoutRequestAttributes, fanoutResultAttributes, newExtractStats,
} from '../orchestra/stageSpans';
import { fanOut } from '../orchestra/fanOut';
import { LoadingDeadline } from '../orchestra/loadingDeadline';
import type { ModelProvider } from '../providers/types';
import type { SandboxProbes } from '../orchestra/probeRunner';
import type { ProviderSource } from './providerSet';
import { SPAN, Telemetry, traceGeneration, type Attrs, type TraceContext, type TraceSpan } from '../telemetry'; // [telemetry]
import { randomUUID } from 'node:crypto';
import { repairRound, wantsRepair, type Round } from '../orchestra/repair'; // [repair]
import { testExamplesFor, type WorkspaceTestDeps } from '../orchestra/workspaceTests';
import { markStage } from '../util/mainThreadStage';
import { getIsolation, type IsolationProfile } from '../sandbox/isolation';
import { executionPermit } from '../sandbox/permit';

export { insertionText } from './insertion';

export interface GenerationDeps {
  /** Workspace trust (VS Code); execution never happens in an untrusted workspace. Default: trusted. */
  trusted?: () => boolean;
  /** The sandbox's runProbes (tests may wrap it). */
  sandbox?: SandboxProbes;
  /** The machine's isolation profile (default: the probed one); decides whether candidates may run. */
  isolation?: () => Promise<IsolationProfile>;
  /** [telemetry] Where spans go (default: an in-memory Telemetry of this service's own). */
  telemetry?: Telemetry;
  /** [learning] Learned provider weights for consensus, and every result produced. */
  learning?: GenerationLearning;
  /** Where existing tests of the document are read from (orchestra/workspaceTests.ts); none without. */
  workspaceTests?: WorkspaceTestDeps;
}

/** [telemetry] Where a generation's trace goes. */
export interface GenerateOptions {
  /** Nest the generation's root span under this one (a background pre-generation job); default: a trace of its own. */
  parent?: TraceSpan;
  /** A snippet-cache lookup that missed just before: recorded as the first `weavergen.cache.lookup` child. */
  cacheLookup?: Attrs;
}

/** [learning] What the generation pipeline needs from learning (features/learning.ts). */
export interface GenerationLearning {
  /** Provider id → learned reliability in [0, 1]; undefined = equal weights. */
  weights(providerIds: string[], fileName: string, siteKind: string): Record<string, number> | undefined;
  observe(result: GenerateResult, fileName: string): void;
}

export class GenerationService {
  /** Longer deadline for an OpenAI-compatible server's first request (it may be loading the model). */
  private readonly loading = new LoadingDeadline();

  constructor(
    private readonly source: ProviderSource,
    private readonly now: () => number = Date.now,
    private readonly deps: GenerationDeps = {},
  ) {}

  // [telemetry] one root span per generation (`weavergen.generate`); the result carries its trace id.
  private ownTelemetry?: Telemetry;
  get telemetry(): Telemetry {
    return this.deps.telemetry ?? (this.ownTelemetry ??= new Telemetry());
  }

  generate(doc: TextDocument, params: GenerateParams, signal: AbortSignal, opts: GenerateOptions = {}): Promise<GenerateResult> {
    const telemetry = this.telemetry;
    return traceGeneration(telemetry, doc.uri, signal, async (trace) => {
      if (opts.cacheLookup) await telemetry.withSpan(SPAN.cacheLookup, opts.cacheLookup, async () => undefined);
      return this.run(doc, params, signal, trace);
    }, opts.parent ?? null).then((r) => {
      this.deps.learning?.observe(r, fileNameOf(doc.uri)); // [learning]
      return r;
    });
  }

  private async run(doc: TextDocument, params: GenerateParams, signal: AbortSignal, _trace?: TraceContext): Promise<GenerateResult> {
    const t0 = this.now();
    if (signal.aborted) throw cancelledError();
    // Snapshot: the document object may be updated in place while we wait for the models.
    const text = doc.getText();
    const version = doc.version;
    const file = fileNameOf(doc.uri);
    const telemetry = this.telemetry; // [telemetry] stage spans: orchestra/stageSpans.ts, decideSpans.ts, checkSpans.ts
    const { found, prompt } = await telemetry.withSpan(SPAN.context, undefined, async (span) => {
      markStage('generate.context');
      const found = findSite(text, file, { position: params.position, range: params.range, intent: params.intent });
      if (!found) {
        throw new WeaverError('no_site', 'Nothing to generate here: put the cursor on a "// weaver: <intent>" or TODO comment, ' +
          'in an empty or stub function body, or select code and give an intent.');
      }
      // Site finding (a parse) and prompt building in separate turns: neither holds the event loop long.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal.aborted) throw cancelledError();
      markStage('generate.prompt');
      const prompt = buildPrompt(text, file, found, this.source.settings().maxContextTokens);
      span.set(contextAttributes(found, prompt));
      return { found, prompt };
    }, { signal });
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
    const request = {
      system: prompt.system,
      messages: [{ role: 'user' as const, content: prompt.user }],
      hints: { intent: found.site.intent, symbol: found.site.symbol, file },
    };
    const fanOptions = {
      samplesPerProvider: o.samplesPerProvider, providerDeadlineMs: o.providerDeadlineMs, overallDeadlineMs: o.overallDeadlineMs,
      quorum: o.quorum, now: this.now,
      providerDeadlineFor: (p: ModelProvider) => this.loading.deadlineFor(p, o.providerDeadlineMs),
      onAnswer: (p: ModelProvider) => this.loading.answered(p),
      accept: (answer: string) => {
        markStage('generate.extract');
        const e = extractCandidate(answer, text, found);
        return e ? { value: e, key: e.key } : null;
      },
    };
    const extractStats = newExtractStats();
    const fan = await besideSpan(telemetry, SPAN.fanout, fanoutRequestAttributes(providers.map((p) => p.id), o),
      () => fanOut<Extracted>(providers, request, { ...fanOptions, accept: countingAccept(fanOptions.accept, extractStats), signal }),
      (span, f) => span.set(fanoutResultAttributes(f)), signal);
    const generationMs = this.now() - g0;

    const candidates = await telemetry.withSpan(SPAN.extract, undefined, async (span) => {
      markStage('generate.group');
      const grouped = groupCandidates(fan.samples.map((s) => ({ providerId: s.provider.id, sample: s.sample, value: s.value })));
      span.set(extractAttributes(extractStats, grouped));
      return grouped;
    });
    const trusted = this.deps.trusted?.() ?? true;
    const isolation = await (this.deps.isolation ?? getIsolation)().catch(() => undefined);
    const execution = executionPermit(settings.execution, trusted, isolation);
    const providerWeights = this.deps.learning?.weights(providers.map((p) => p.id), file, found.site.kind); // [learning]
    const testExamples = this.deps.workspaceTests && testExamplesFor(doc.uri, this.deps.workspaceTests);
    const decideInput = { text, fileName: file, found, execution, sandbox: this.deps.sandbox, providerWeights, telemetry, testExamples };
    let decision;
    let round: Round; // [repair] the decision that stands, and the answers it came from
    let repair: GenerateResult['repair'];
    try {
      markStage('generate.decide');
      decision = await decideTraced({ ...decideInput, candidates, signal });
      round = { decision, samples: fan.samples, uses: fan.uses };
      if (wantsRepair(round, settings.repair)) {
        ({ round, info: repair } = await repairRound(round, {
          providers, request, fan: fanOptions, decideInput, settings: settings.repair, signal, trace: _trace, now: this.now,
        }));
        decision = round.decision;
      }
    } catch (e) {
      if (signal.aborted) throw cancelledError();
      throw e;
    }
    if (signal.aborted) throw cancelledError();
    markStage('generate.result');
    const winnerSample = round.samples.find((s) => decision.winner.votes.some((v) => v.id === `${s.provider.id}#${s.sample}`))!;
    const use = round.uses.find((u) => u.id === winnerSample.provider.id)!;
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
      resultId: randomUUID(),
    };
    if (repair) result.repair = repair;
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
