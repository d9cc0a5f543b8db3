/**
 * Pre-generated tests: the engine's refresh hands its 'test' sites here (the one hook in
 * pregen/engine.ts). Each is resolved to its test target (skipped when the test file
 * already mentions the function), keyed on the function's local context, and enqueued as
 * a background job on the engine's scheduler; results land in the engine's snippet cache.
 * Serving rebuilds the test-file edit for the CURRENT state of the test file; a miss
 * generates in the foreground, ahead of all background work.
 */
import type { Position } from 'vscode-languageserver-protocol';
import type { PredictedSite } from '../prediction';
import type { BackgroundPlan } from '../pregen/plan';
import type { PregenCache } from '../pregen/cacheView';
import type { GenerateResult } from '../protocol';
import type { TestGenResult } from '../protocol/testgen';
import type { BackgroundScheduler } from '../scheduler';
import { appendedCode, testFileEdit } from './edit';
import { extractTest } from './extract';
import { backgroundTestJob } from './job';
import { isTestKey, testCacheKey } from './key';
import type { TestTarget } from './resolve';
import type { TestGenRequest, TestGenService } from './service';
import { mentions } from './target';

/** What the hook needs from the engine (the Pregenerator satisfies it). */
export interface TestPregenHost {
  readonly scheduler: BackgroundScheduler;
  readonly cache: PregenCache;
}

export interface TestRefreshInput {
  uri: string;
  text: string;
  version: number;
  /** The predicted sites with `target: 'test'`, ranked. */
  sites: PredictedSite[];
  plan: BackgroundPlan;
  maxSites: number;
  maxContextTokens: number;
  /** True once the refresh was overtaken (edit, newer refresh, background off). */
  stale(): boolean;
  onDidChange?(): void;
  log?(message: string): void;
}

export interface CachedTests {
  result: TestGenResult;
  key: string;
  target: TestTarget;
}

/** Test sites pre-generated per refresh (the best-ranked ones). */
export const MAX_TEST_SITES = 1;
/** A test job's priority relative to a body site with the same prediction score. */
export const TEST_PRIORITY_FACTOR = 0.5;

export const isTestGenResult = (r: unknown): r is TestGenResult =>
  typeof r === 'object' && r !== null && (r as TestGenResult).site?.kind === 'missing-test' && typeof (r as TestGenResult).testCode === 'string';

export class TestPregen {
  private fingerprint = '';
  private readonly inFlight = new Set<string>();

  /** `background`: where background test jobs run (a worker thread, background/pipeline.ts); default `service`. */
  constructor(
    private readonly host: TestPregenHost, readonly service: TestGenService,
    private readonly background?: (req: TestGenRequest, signal: AbortSignal, target: TestTarget) => Promise<TestGenResult>,
  ) {}

  /** Never rejects: a failure is logged. */
  async refresh(input: TestRefreshInput): Promise<void> {
    try {
      await this.enqueue(input);
    } catch (e) {
      input.log?.(`test pre-generation: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async enqueue(input: TestRefreshInput): Promise<void> {
    const { uri, text } = input;
    this.fingerprint = input.plan.fingerprint;
    const jobs: { target: TestTarget; key: string; score: number; position: Position }[] = [];
    // Tests cost more tokens than bodies and are asked for less often: only the best-ranked
    // function's tests are pre-generated, behind the body sites of the same refresh.
    for (const s of input.sites.slice(0, Math.min(MAX_TEST_SITES, input.maxSites))) {
      const target = await this.service.resolve({ uri, text, position: s.position });
      if (input.stale()) return;
      if (!target || (target.testFile.exists && mentions(target.testFile.text, target.fn.symbol))) continue;
      jobs.push({ target, key: testCacheKey(uri, target, input.plan.fingerprint), score: s.score * TEST_PRIORITY_FACTOR, position: s.position });
    }
    const keys = new Set(jobs.map((j) => j.key));
    this.host.scheduler.invalidate(uri, (k) => isTestKey(k) && !keys.has(k));
    const provider = input.plan.jobProvider;
    if (!provider) return;
    const snapshot = { uri, text, version: input.version };
    for (const j of jobs) {
      if (this.host.cache.cache.has(j.key) || this.inFlight.has(j.key)) continue;
      const spec = backgroundTestJob({
        uri, key: j.key, priority: j.score, plan: input.plan, provider,
        promptTokens: Math.min(input.maxContextTokens, Math.ceil((text.length + j.target.testFile.text.length) / 4) + 300),
        generate: (signal, providerIds) => {
          const req = { ...snapshot, position: j.position, providers: providerIds };
          return this.background ? this.background(req, signal, j.target) : this.service.generate(req, signal, j.target);
        },
        store: (result, tokens) => {
          this.host.cache.cache.set(j.key, { result: result as unknown as GenerateResult, tokens, origin: 'background' });
          input.onDidChange?.();
        },
        spentUnstored: (tokens) => this.host.cache.metrics.recordSpend(tokens, 'background'),
        telemetry: this.service.telemetry,
      });
      const r = this.host.scheduler.enqueue(spec);
      if (!r.accepted) continue;
      this.inFlight.add(j.key);
      void r.done.then((o) => {
        this.inFlight.delete(j.key);
        if (o.status === 'failed') input.log?.(`background test job failed: ${o.error instanceof Error ? o.error.message : String(o.error)}`);
      });
    }
  }

  /** The cached tests for a resolved target, with the edit rebuilt for the test file's current state (not counted). */
  cached(uri: string, target: TestTarget): CachedTests | undefined {
    const key = testCacheKey(uri, target, this.fingerprint);
    const cached = this.host.cache.peek(key)?.result;
    if (!isTestGenResult(cached)) return undefined;
    return { result: served(cached, target), key, target };
  }

  /**
   * A user request: the pre-generated tests when cached (counted as a hit, so their tokens
   * are not waste), else generated now, ahead of all background work; either way with the
   * edit for the test file's current state. The target is resolved once for both.
   */
  async generate(doc: { uri: string; text: string; version: number }, position: Position, signal: AbortSignal): Promise<TestGenResult> {
    const target = await this.service.resolve({ uri: doc.uri, text: doc.text, position });
    const hit = target && this.cached(doc.uri, target);
    if (hit) {
      this.host.cache.cache.get(hit.key);
      return hit.result;
    }
    const result = await this.host.scheduler.runForeground(() => this.service.generate({ ...doc, position }, signal, target));
    return this.refreshed(result, doc, position);
  }

  /** `result` with its edit rebuilt for the test file as it is now (never an old version's edit). */
  async refreshed(result: TestGenResult, doc: { uri: string; text: string }, position: Position): Promise<TestGenResult> {
    const target = await this.service.resolve({ uri: doc.uri, text: doc.text, position });
    return target && target.testFile.uri === result.site.testUri ? { ...served(result, target), fromCache: result.fromCache } : result;
  }
}

/** A result rebuilt for the test file's current state (the chosen test code is reused verbatim). */
export function served(cached: TestGenResult, target: TestTarget): TestGenResult {
  const test = extractTest(cached.testCode);
  if (!test) return { ...cached, fromCache: true };
  return {
    ...cached,
    code: appendedCode(target.testFile.text, test),
    edit: testFileEdit(target.testFile, test),
    site: { ...cached.site, testUri: target.testFile.uri, testFileExists: target.testFile.exists },
    fromCache: true,
  };
}
