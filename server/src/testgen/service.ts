/**
 * TestGenService: exported function at a position -> its test file and framework ->
 * prompt -> every provider in parallel -> extracted candidate tests -> validation by
 * execution in the sandbox (only when execution is on AND the workspace is trusted, like
 * the orchestra) -> the best candidate with its quality -> an edit of the test file.
 * No LSP connection here.
 */
import { randomUUID } from 'node:crypto';
import type { Position } from 'vscode-languageserver-protocol';
import { fanOut } from '../orchestra/fanOut';
import type { ProviderSource } from '../generation/providerSet';
import { fileNameOf } from '../generation/service';
import type { TestCandidateReport, TestGenResult } from '../protocol/testgen';
import { cancelledError, WeaverError } from '../util/errors';
import { LineMap } from '../util/lineMap';
import { chooseCandidate, countStaticAssertions, testQuality, type Scored } from './choose';
import { appendedCode, testFileEdit } from './edit';
import { extractTest, type ExtractedTest } from './extract';
import { buildTestPrompt } from './prompt';
import { resolveTestTarget, type TestTarget } from './resolve';
import type { TestFileDeps } from './testFile';
import { validationCode } from './validationCode';
import { validateCandidate, type TestRunner, type Verdict } from './validate';
import { SPAN, traceIdOf, WG, type Telemetry } from '../telemetry';
import { getIsolation, type IsolationProfile } from '../sandbox/isolation';
import { executionPermit } from '../sandbox/permit';

export interface TestGenDeps {
  source: ProviderSource;
  files: TestFileDeps;
  /** Workspace trust; generated tests never run in an untrusted workspace. Default: trusted. */
  trusted?: () => boolean;
  /** The machine's isolation profile (default: the probed one); decides whether candidates may run. */
  isolation?: () => Promise<IsolationProfile>;
  /** The sandbox's runTestProgram (tests may wrap it). */
  run?: TestRunner;
  now?: () => number;
  /** [telemetry] One `weavergen.tests.generate` span per generation (a child of the current span), one `weavergen.tests.validate` per candidate run. */
  telemetry?: Telemetry;
}

export interface TestGenRequest {
  uri: string;
  text: string;
  version: number;
  position: Position;
  /** Restrict to these provider ids. */
  providers?: string[];
}

export class TestGenService {
  constructor(private readonly deps: TestGenDeps) {}

  get telemetry(): Telemetry | undefined {
    return this.deps.telemetry;
  }

  /** The function and test file for a position, or undefined (not an exported implemented function, or no test file possible). */
  resolve(req: Pick<TestGenRequest, 'uri' | 'text' | 'position'>): Promise<TestTarget | undefined> {
    return resolveTestTarget(req, this.deps.files);
  }

  async generate(req: TestGenRequest, signal: AbortSignal, target?: TestTarget): Promise<TestGenResult> {
    const t = this.deps.telemetry;
    if (!t) return this.run(req, signal, target);
    return t.withSpan(SPAN.generateTests, { [WG.fileUri]: req.uri, [WG.siteKind]: 'missing-test' }, async (span) => {
      const result = await this.run(req, signal, target);
      const c = result.tests.chosen;
      span.set({
        [WG.providerId]: result.provider.id, [WG.qualityScore]: result.quality.score, [WG.testsFramework]: result.tests.framework,
        [WG.testsCandidates]: result.tests.candidates.length, [WG.testsPassed]: c.passed, [WG.testsAssertions]: c.assertions,
        [WG.testsMutantsKilled]: c.mutantsKilled, [WG.testsMutantsTotal]: c.mutantsTotal,
      });
      return { ...result, traceId: traceIdOf(span) };
    }, { signal });
  }

  private async run(req: TestGenRequest, signal: AbortSignal, target?: TestTarget): Promise<TestGenResult> {
    const now = this.deps.now ?? Date.now;
    const t0 = now();
    target ??= await this.resolve(req);
    if (signal.aborted) throw cancelledError();
    if (!target) throw new WeaverError('no_site', 'Put the cursor on an exported, implemented function of a saved TypeScript file to generate its tests.');
    const { fn, testFile, framework } = target;
    const settings = this.deps.source.settings();
    const file = fileNameOf(req.uri);
    const prompt = buildTestPrompt({
      target: fn, moduleText: req.text, moduleFile: file, testFileName: testFile.path.replace(/^.*[\\/]/, ''), testText: testFile.text,
      importSpecifier: testFile.importSpecifier, framework, maxContextTokens: settings.maxContextTokens,
    });
    const contextMs = now() - t0;
    const providers = await this.providers(req.providers);
    if (signal.aborted) throw cancelledError();
    const g0 = now();
    const o = settings.orchestra;
    const fan = await fanOut<ExtractedTest>(providers, {
      system: prompt.system, messages: [{ role: 'user', content: prompt.user }], hints: { intent: `tests for ${fn.symbol}`, symbol: fn.symbol, file },
    }, {
      samplesPerProvider: o.samplesPerProvider, providerDeadlineMs: o.providerDeadlineMs, overallDeadlineMs: o.overallDeadlineMs,
      quorum: o.quorum, now, signal,
      accept: (text) => {
        const e = extractTest(text);
        return e ? { value: e, key: e.key } : null;
      },
    });
    const generationMs = now() - g0;

    const byKey = new Map<string, Scored<ExtractedTest> & { providers: string[] }>();
    fan.samples.forEach((s, i) => {
      const c = byKey.get(s.key);
      if (c) {
        c.votes++;
        if (!c.providers.includes(s.provider.id)) c.providers.push(s.provider.id);
      } else byKey.set(s.key, { value: s.value, votes: 1, order: i, staticAssertions: countStaticAssertions(s.value.code), providers: [s.provider.id] });
    });
    const cands = [...byKey.values()];
    const trusted = this.deps.trusted?.() ?? true;
    const isolation = await (this.deps.isolation ?? getIsolation)().catch(() => undefined);
    const reason = executionPermit(settings.execution, trusted, isolation).reason;
    const layers = new Set<string>();
    if (!reason) {
      for (const c of cands) {
        c.verdict = await this.validate(c.providers, signal, {
          moduleText: req.text, moduleFile: file, target: fn, framework, importSpecifier: testFile.importSpecifier, signal,
          testCode: validationCode(c.value, testFile.text), run: this.deps.run,
        });
        for (const l of c.verdict.layers) layers.add(l);
        if (signal.aborted) throw cancelledError();
      }
    }
    const best = chooseCandidate(cands)!;
    if (!reason && !best.verdict?.passed) {
      throw new WeaverError('all_failed', `No generated test for ${fn.symbol} passed against the current implementation` +
        `${best.verdict?.error ? `: ${best.verdict.error.split('\n')[0]}` : '.'}`);
    }
    const report = (c: typeof best): TestCandidateReport => ({
      providers: c.providers, passed: c.verdict?.passed ?? false, testsPassed: c.verdict?.testsPassed ?? 0, testsFailed: c.verdict?.testsFailed ?? 0,
      assertions: c.verdict?.assertions ?? c.staticAssertions, mutantsKilled: c.verdict?.mutantsKilled ?? 0,
      mutantsTotal: c.verdict?.mutantsTotal ?? 0, ...(c.verdict?.error ? { error: c.verdict.error.slice(0, 300) } : {}),
    });
    const winner = fan.samples.find((s) => s.key === best.value.key)!;
    const use = fan.uses.find((u) => u.id === winner.provider.id)!;
    const lines = new LineMap(req.text);
    const result: TestGenResult = {
      code: appendedCode(testFile.text, best.value),
      testCode: best.value.code,
      edit: testFileEdit(testFile, best.value),
      site: {
        kind: 'missing-test', symbol: fn.symbol, intent: `Write unit tests for the exported function \`${fn.symbol}\``,
        range: { start: lines.positionAt(fn.declStart), end: lines.positionAt(fn.declEnd) },
        moduleUri: req.uri, testUri: testFile.uri, testFileExists: testFile.exists, framework,
      },
      provider: use,
      providers: fan.uses,
      recorded: winner.result.recorded,
      timings: { totalMs: now() - t0, contextMs, generationMs },
      quality: testQuality(best, fan.samples.length, !reason),
      execution: { ran: !reason, ...(reason ? { reason } : {}), layers: [...layers], probes: reason ? 0 : 1 + (best.verdict?.mutantsTotal ?? 0) },
      tests: {
        framework, mutants: best.verdict?.mutants ?? [],
        chosen: report(best), candidates: [best, ...cands.filter((c) => c !== best)].map(report),
      },
      resultId: randomUUID(),
    };
    if (fan.missing.length) result.missing = fan.missing;
    return result;
  }

  /** One candidate's run against the implementation and its mutants, as a span when traced. */
  private validate(providers: string[], signal: AbortSignal, input: Parameters<typeof validateCandidate>[0]): Promise<Verdict> {
    const t = this.deps.telemetry;
    if (!t) return validateCandidate(input);
    return t.withSpan(SPAN.validateTests, { [WG.providerId]: providers.join(','), [WG.sandboxPurpose]: 'tests' }, async (span) => {
      const v = await validateCandidate(input);
      span.set({
        [WG.testsPassed]: v.passed, [WG.testsAssertions]: v.assertions, [WG.testsMutantsKilled]: v.mutantsKilled,
        [WG.testsMutantsTotal]: v.mutantsTotal, [WG.sandboxLayers]: v.layers.join(','),
      });
      return v;
    }, { signal });
  }

  private async providers(wanted?: string[]) {
    const resolved = await this.deps.source.current();
    let providers = resolved.providers;
    if (wanted?.length) providers = providers.filter((p) => wanted.includes(p.id));
    if (!providers.length) throw new WeaverError('no_provider', resolved.notes.join(' ') || 'No model provider is available.');
    return providers;
  }
}
