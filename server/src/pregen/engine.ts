/**
 * Pregenerator: the glue of issue 5. Triggers (open/change/cursor/idle, adaptively
 * debounced) run site prediction and enqueue the top sites as low-priority background
 * jobs running the real generation pipeline; results land in the snippet cache. Requests
 * are answered from the cache when the site's local-context key matches (no debounce, no
 * model call), otherwise through `scheduler.runForeground`, which pre-empts background work.
 * No LSP connection here: features/pregeneration.ts wires it to the server.
 */
import type { Position, Range } from 'vscode-languageserver-protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadCache, saveCache, siteAt, type CacheEntry } from '../cache';
import type { FoundSite } from '../context/siteFinder';
import { fileNameOf } from '../generation/service';
import { acceptanceRate, mergeAcceptance, type AcceptanceStats } from '../prediction';
import type { GenerateParams, GenerateResult, PregenAcceptedParams, PregenInlineItem, PregenMetrics } from '../protocol';
import { DEFAULT_PREGENERATION_SETTINGS, type PregenerationSettings } from '../protocol/settings';
import { BackgroundScheduler } from '../scheduler';
import { PregenCache } from './cacheView';
import { AdaptiveDebounce } from './debounce';
import { DocState } from './docState';
import { backgroundJob, spendOf } from './jobs';
import { buildMetrics, type InlineCounts } from './metrics';
import { LoopMonitor } from './loopMonitor';
import { markStage, timedStage } from '../util/mainThreadStage';
import type { BackgroundPlan } from './plan';
import { servedResult } from './serve';
import { AnsweredKeys, joinRunningJob } from './join';
import { requestTicket } from './requestTicket';
import { predictTargets, SiteMemo, yieldToLoop } from './siteTargets';
import { typeCheckPool } from '../workers/typecheckPool';
import type { TaskInput, TaskName, TaskOutput } from '../workers/tasks';
import type { SiteTargetsJob } from '../workers/siteTargetsTask';
import { isTestKey, TEST_KIND } from '../testgen/key';
import { TokenCalibration } from './calibration';
import type { TestPregen } from '../testgen/pregen';
import type { GenerateOptions } from '../generation/service';
import type { Telemetry } from '../telemetry';
import { lookupAttributes, traceCacheHit } from './traceSpans';

export interface PregenDeps {
  /** The real pipeline (GenerationService.generate). */
  generate(doc: TextDocument, params: GenerateParams, signal: AbortSignal, opts?: GenerateOptions): Promise<GenerateResult>;
  /** The same pipeline for background jobs, off the main thread (background/pipeline.ts); default `generate`. */
  generateInBackground?(doc: TextDocument, params: GenerateParams, signal: AbortSignal, opts?: GenerateOptions): Promise<GenerateResult>;
  /** [telemetry] Cache-lookup spans and one trace per background job (traceSpans.ts); none without. */
  telemetry?: Telemetry;
  /** The open document, live (not a snapshot). */
  document(uri: string): TextDocument | undefined;
  /** Prompt budget, for job token estimates. */
  maxContextTokens(): number;
  now?: () => number;
  /** Something a status view shows changed (jobs, cache). */
  onDidChange?: () => void;
  log?: (message: string) => void;
  /** Acceptance per site kind learned in earlier sessions (summed with this session's when ranking sites). */
  acceptance?: () => Partial<Record<string, AcceptanceStats>>;
  /** Runs a background-only pure step (a refresh's site prediction) where background jobs run; undefined = not there, the default way. */
  backgroundTask?<K extends TaskName>(name: K, input: TaskInput<K>, signal?: AbortSignal): Promise<TaskOutput<K>> | undefined;
  /** Where background jobs run (background/pipeline.ts), for the metrics. */
  backgroundThread?: () => PregenMetrics['backgroundThread'];
  /** Prepares the candidates' type checker when background work turns on (default: the shared worker pool). */
  warmUp?: () => void;
}

const warmUpTypeChecks = (): void => void typeCheckPool().warmUp();

type SiteQuery = { position?: Position; range?: Range; intent?: string };

/** Background tests only while their smoothed acceptance rate is at least this (0.5 = no history yet). */
const TESTS_MIN_ACCEPTANCE = 0.5;

export class Pregenerator {
  readonly scheduler: BackgroundScheduler;
  readonly debounce: AdaptiveDebounce;
  private store: PregenCache;
  private settings: PregenerationSettings = DEFAULT_PREGENERATION_SETTINGS;
  private capable = false;
  private plan: BackgroundPlan = { ids: [], fingerprint: '' };
  private readonly docs = new Map<string, DocState>();
  private readonly inFlight = new Set<string>();
  /** Sites the user had generated in the foreground (join.ts). */
  private readonly answered = new AnsweredKeys();
  private readonly calibration = new TokenCalibration();
  private readonly acceptance: Record<string, AcceptanceStats> = {};
  private readonly inlineCounts: InlineCounts = { shown: 0, misses: 0, belowThreshold: 0 };
  private readonly now: () => number;
  private readonly sub: { dispose(): void };
  private warmed = false;
  private readonly refreshRound = new Map<string, number>();
  private readonly siteMemos = new Map<string, SiteMemo>();
  /** [testgen] Pre-generated tests for the 'test' sites (testgen/pregen.ts); set by the composition root. */
  tests?: TestPregen;
  /** Main-thread blocks while background work runs (loopMonitor.ts), reported in the metrics. */
  private readonly loop = new LoopMonitor();

  constructor(private readonly deps: PregenDeps) {
    this.now = deps.now ?? Date.now;
    this.scheduler = new BackgroundScheduler({ now: this.now, concurrency: 1, allowPaidBackground: false, tokensPerHour: this.settings.tokensPerHour });
    this.debounce = new AdaptiveDebounce({ now: this.now });
    this.store = new PregenCache(this.cacheOptions());
    this.sub = this.scheduler.onDidChange((s) => {
      this.loop.setActive('jobs', s.running.length);
      deps.onDidChange?.();
    });
  }

  private readonly background: PregenDeps['generate'] = (doc, params, signal, opts) =>
    (this.deps.generateInBackground ?? this.deps.generate)(doc, params, signal, opts);

  get cache(): PregenCache {
    return this.store;
  }

  /** Settings changed, or the client declared (or not) that it uses pre-generated results. */
  configure(settings: PregenerationSettings, capable = this.capable): void {
    const resize = settings.cacheMaxBytes !== this.settings.cacheMaxBytes || settings.cacheTtlMinutes !== this.settings.cacheTtlMinutes;
    this.settings = settings;
    this.capable = capable;
    if (resize) this.store = this.store.resized(this.cacheOptions());
    this.scheduler.configure({ allowPaidBackground: settings.allowPaidProviders, tokensPerHour: settings.tokensPerHour });
    if (!this.backgroundOn) for (const uri of this.docs.keys()) this.scheduler.invalidate(uri, () => true);
    else if (!this.warmed) {
      // Parse the TypeScript lib in the type-check worker now, not in the first background job.
      this.warmed = true;
      (this.deps.warmUp ?? warmUpTypeChecks)();
    }
  }

  /** The providers changed: background provider set and cache fingerprint. */
  setPlan(plan: BackgroundPlan): void {
    this.plan = plan;
    for (const uri of this.docs.keys()) this.trigger(uri, 0);
  }

  get backgroundOn(): boolean {
    return this.settings.enabled && this.capable;
  }

  // ---- triggers ----

  opened(uri: string): void {
    const doc = this.deps.document(uri);
    if (!doc) return;
    this.docs.set(uri, new DocState(doc.getText()));
    this.trigger(uri, 0);
  }

  changed(uri: string): void {
    const doc = this.deps.document(uri);
    const st = this.docs.get(uri);
    if (!doc || !st) return this.opened(uri);
    if (!st.changed(doc.getText(), this.now())) return;
    this.debounce.recordEvent(uri);
    const accepted = st.takeAccepted(this.now());
    if (accepted) this.recordAccepted(accepted.kind);
    // After an accepted suggestion, the next likely need is predicted at once.
    this.trigger(uri, accepted ? 0 : undefined);
  }

  cursor(uri: string, position: Position): void {
    const st = this.docs.get(uri);
    if (!st) return;
    st.cursor = position;
    this.trigger(uri);
  }

  closed(uri: string): void {
    this.docs.delete(uri);
    this.debounce.forget(uri);
    this.refreshRound.delete(uri);
    this.siteMemos.delete(uri);
    this.scheduler.invalidate(uri, () => true);
    this.store.cache.deleteUri(uri);
  }

  accepted(p: PregenAcceptedParams): void {
    if (p.key) this.store.cache.get(p.key); // the result was used: a hit, and its tokens are not waste
    this.recordAccepted(p.kind);
    this.trigger(p.uri, 0);
  }

  private recordAccepted(kind: string): void {
    const a = (this.acceptance[kind] ??= { accepted: 0, shown: 0 });
    a.accepted++;
    a.shown = Math.max(a.shown, a.accepted);
  }

  private recordShown(kind: string): void {
    (this.acceptance[kind] ??= { accepted: 0, shown: 0 }).shown++;
  }

  private trigger(uri: string, delay?: number): void {
    if (!this.backgroundOn) return;
    this.debounce.schedule(uri, () => void this.loop.track('refresh', this.refresh(uri)), delay);
  }

  /**
   * Predict, invalidate jobs whose context changed, enqueue the top sites not yet cached.
   * Yields to the event loop between the parsing steps (siteTargets.ts) so user requests
   * interleave; a refresh overtaken by an edit or a newer refresh is dropped.
   */
  async refresh(uri: string): Promise<void> {
    const round = (this.refreshRound.get(uri) ?? 0) + 1;
    this.refreshRound.set(uri, round);
    await yieldToLoop();
    const doc = this.deps.document(uri);
    if (!doc || !this.backgroundOn || this.refreshRound.get(uri) !== round) return;
    const text = doc.getText();
    const version = doc.version;
    const stale = () => this.refreshRound.get(uri) !== round || this.deps.document(uri)?.version !== version || !this.backgroundOn;
    const file = fileNameOf(uri);
    const st = this.docs.get(uri);
    const predict = { cursor: st?.cursor, recentEdits: st?.edits, acceptedByKind: mergeAcceptance(this.deps.acceptance?.(), this.acceptance), now: this.now() };
    let memo = this.siteMemos.get(uri);
    if (!memo) this.siteMemos.set(uri, (memo = new SiteMemo()));
    const run = this.deps.backgroundTask && ((job: SiteTargetsJob) => this.deps.backgroundTask!('siteTargets', job));
    const resolved = await predictTargets({ uri, text, file, fingerprint: this.plan.fingerprint, predict, memo, stale, ...(run ? { run } : {}) }); // a worker thread when there is one
    if (!resolved || stale()) return;
    const { predicted, targets } = resolved;
    const keys = new Set(targets.map((t) => t.key));
    this.scheduler.invalidate(uri, (k) => !keys.has(k) && !isTestKey(k)); // test jobs: testgen/pregen.ts
    // Tests come after the bodies: only once every body site of this refresh is cached (you test what is written),
    // and only while this user's acceptance of tests earns their tokens.
    if (targets.every((t) => this.store.cache.has(t.key)) && acceptanceRate(predict.acceptedByKind[TEST_KIND]) >= TESTS_MIN_ACCEPTANCE) void this.tests?.refresh({
      uri, text, version, sites: predicted.filter((s) => s.target === 'test'), plan: this.plan, maxSites: this.settings.maxSites,
      maxContextTokens: this.deps.maxContextTokens(), stale, onDidChange: this.deps.onDidChange, log: this.deps.log,
    });
    const provider = this.plan.jobProvider;
    if (!provider) return;
    const snapshotDoc = { uri, version: doc.version, languageId: doc.languageId, text };
    markStage('enqueue');
    for (const t of targets.slice(0, this.settings.maxSites)) {
      if (this.store.cache.has(t.key) || this.inFlight.has(t.key) || this.answered.has(t.key)) continue;
      const spec = backgroundJob({
        doc: snapshotDoc, found: t.found, key: t.key, priority: t.score, plan: this.plan, provider,
        maxContextTokens: this.deps.maxContextTokens(), generate: this.background, telemetry: this.deps.telemetry,
        store: (result, tokens) => timedStage('pregen.store', () => {
          this.store.cache.set(t.key, { result, tokens, origin: 'background' });
          this.deps.onDidChange?.();
          // The idle trigger: with this site cached, plan again (e.g. the tests once the bodies are done).
          // A refresh that stores nothing new triggers nothing, so this settles.
          this.trigger(uri);
        }),
        spentUnstored: (tokens) => this.store.metrics.recordSpend(tokens, 'background'),
        latency: (ms) => this.debounce.recordLatency(ms), now: this.now, calibration: this.calibration,
      });
      const r = this.scheduler.enqueue(spec);
      if (!r.accepted) continue;
      this.inFlight.add(t.key);
      void r.done.then((o) => {
        this.inFlight.delete(t.key);
        // Cancelled without a usage report: its prompts' estimate counts as spent (what the budget keeps charged).
        if (o.status === 'cancelled' && o.tokensCharged) this.store.metrics.recordSpend(o.tokensCharged, 'background');
        if (o.status === 'failed') this.deps.log?.(`background job failed: ${o.error instanceof Error ? o.error.message : String(o.error)}`);
      });
    }
  }

  // ---- serving ----

  /** The cached result for the site a request targets, rebuilt for the document's current version. Counts a hit/miss. */
  lookup(doc: TextDocument, params: GenerateParams): GenerateResult | undefined {
    return this.lookupTraced(doc, params).hit;
  }

  /** `lookup`, plus the lookup's span attributes when a site was looked up (traceSpans.ts). */
  private lookupTraced(doc: TextDocument, params: GenerateParams): { hit?: GenerateResult; attrs?: GenerateOptions['cacheLookup']; found?: FoundSite; key?: string } {
    if (!this.settings.enabled || params.providers?.length) return {};
    const t0 = performance.now();
    const at = siteAt(doc.uri, doc.getText(), fileNameOf(doc.uri), { position: params.position, range: params.range, intent: params.intent }, this.plan.fingerprint);
    if (!at) return {};
    const { found, key } = at;
    const entry = this.store.cache.get(key);
    const attrs = () => this.deps.telemetry && lookupAttributes(found, entry?.result, performance.now() - t0, this.store.cache.size.sizeBytes);
    if (!entry) return { attrs: attrs(), found, key };
    this.recordShown(found.site.kind);
    this.docs.get(doc.uri)?.remember({ code: entry.result.code, kind: found.site.kind, key, at: this.now() });
    return { hit: servedResult(entry.result, found, doc, performance.now() - t0), attrs: attrs() };
  }

  /**
   * Requests wait for `until` once (right after start: the restored cache and the provider
   * plan, without which every key would miss); afterwards a hit is not delayed by a turn.
   */
  gateUntil(until: Promise<void>): void {
    const gate: Promise<void> = until.catch(() => undefined).finally(() => { if (this.gate === gate) this.gate = undefined; });
    this.gate = gate;
  }

  private gate: Promise<void> | undefined;

  /**
   * A user request: from the cache when possible, else the pipeline ahead of all background
   * work, through the foreground queue (fair per document, superseded by a newer request for
   * the same site: it then rejects with a cancelled WeaverError).
   */
  async generate(doc: TextDocument, params: GenerateParams, signal: AbortSignal, enteredAt = performance.now()): Promise<GenerateResult> {
    if (this.gate) await this.gate;
    const t0 = enteredAt; // latencies from where the request entered the server (features/generateRequest.ts)
    const { hit, attrs, found, key } = this.lookupTraced(doc, params);
    if (hit) {
      const t1 = performance.now();
      this.store.metrics.recordLatency('hit', t1 - t0);
      if (attrs && this.deps.telemetry) {
        traceCacheHit(this.deps.telemetry, doc.uri, attrs, hit, performance.timeOrigin + t0, performance.timeOrigin + t1);
      }
      return hit;
    }
    if (key) {
      // Join, don't restart: the site's job is running; its answers are this request's (join.ts).
      const joined = await joinRunningJob(this.scheduler, key, signal, () => this.servedStored(doc, params, key, t0));
      if (joined) {
        this.store.metrics.recordLatency('miss', performance.now() - t0);
        return joined;
      }
      this.scheduler.forget(key); // a queued job for this site would send the same prompt again
    }
    const opts: GenerateOptions | undefined = attrs ? { cacheLookup: attrs } : undefined;
    const ticket = requestTicket(doc.uri, params, found, signal);
    const result = await this.scheduler.runForeground((s) => this.deps.generate(doc, params, s, opts), ticket);
    this.store.metrics.recordSpend(spendOf(result).tokensUsed, 'foreground');
    if (key) this.answered.add(key); // the user has this site's answer: a refresh does not ask again
    const ms = performance.now() - t0;
    this.store.metrics.recordLatency('miss', ms);
    this.debounce.recordLatency(ms);
    return result;
  }

  /** A joined job's stored result for the request's site as it is NOW (undefined when it moved or nothing was stored). */
  private servedStored(doc: TextDocument, params: GenerateParams, key: string, t0: number): GenerateResult | undefined {
    const at = siteAt(doc.uri, doc.getText(), fileNameOf(doc.uri), { position: params.position, range: params.range, intent: params.intent }, this.plan.fingerprint);
    const entry = at?.key === key ? this.store.serve(key) : undefined;
    if (!at || !entry) return undefined;
    this.recordShown(at.found.site.kind);
    // Not from the cache: the request waited for this generation (a miss in the metrics too).
    return { ...servedResult(entry.result, at.found, doc, performance.now() - t0), fromCache: false };
  }

  /** What the cache holds for a site, without counting (code actions, inline completions). */
  peek(doc: TextDocument, query: SiteQuery): { entry: CacheEntry<GenerateResult>; found: FoundSite; key: string } | undefined {
    if (!this.settings.enabled) return undefined;
    const at = siteAt(doc.uri, doc.getText(), fileNameOf(doc.uri), query, this.plan.fingerprint);
    const entry = at && this.store.peek(at.key);
    return entry ? { entry, ...at } : undefined;
  }

  /** Inline completion: ONLY from the cache; a miss returns [] and may enqueue background work. */
  inline(doc: TextDocument, position: Position): PregenInlineItem[] {
    const hit = this.peek(doc, { position });
    if (!hit) {
      this.inlineCounts.misses++;
      const st = this.docs.get(doc.uri);
      if (st) st.cursor = position;
      this.trigger(doc.uri);
      return [];
    }
    const quality = hit.entry.result.quality?.score ?? 0;
    if (quality < this.settings.inlineMinQuality) {
      this.inlineCounts.belowThreshold++;
      return [];
    }
    this.inlineCounts.shown++;
    const site = hit.found.site;
    return [{
      insertText: hit.entry.result.code, range: site.range, version: doc.version, quality, fromCache: true, kind: site.kind,
      ...(site.symbol ? { symbol: site.symbol } : {}), key: hit.key,
    }];
  }

  metrics(): PregenMetrics {
    return buildMetrics(this.store.cache.metricsSnapshot(), this.scheduler.status(), this.inlineCounts, this.backgroundOn, this.loop.snapshot(), this.deps.backgroundThread?.());
  }

  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  // ---- persistence ----

  async load(file: string): Promise<number> {
    return this.settings.persistCache ? loadCache(this.store.cache, file, { log: this.deps.log }) : 0;
  }

  async save(file: string): Promise<number> {
    return this.settings.persistCache ? saveCache(this.store.cache, file, undefined, { log: this.deps.log }) : 0;
  }

  dispose(): void {
    this.sub.dispose();
    this.loop.dispose();
    this.debounce.dispose();
    this.scheduler.dispose();
    this.docs.clear();
  }

  private cacheOptions() {
    return { maxBytes: this.settings.cacheMaxBytes, ttlMs: this.settings.cacheTtlMinutes * 60_000, now: this.now };
  }
}
