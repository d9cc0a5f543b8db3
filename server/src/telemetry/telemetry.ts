/**
 * The one module that owns OpenTelemetry. The composition root creates a Telemetry (nothing
 * happens at import time); the rest of the server calls `withSpan` / `startSpan` and sees
 * only TraceSpan. No global OpenTelemetry state is registered: the current span is carried
 * in this object's own AsyncLocalStorage, so spans started inside `withSpan` (provider
 * calls, sandbox runs…) become its children without any plumbing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as path from 'node:path';
import { INVALID_SPAN_CONTEXT, ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { DEFAULT_TELEMETRY_SETTINGS, type TelemetrySettings } from '../protocol/settings';
import type { Attrs } from './redact';
import { Redactor } from './redact';
import { TraceSpan } from './span';
import { SpanStore } from './spanStore';
import { StoreProcessor, type ForwardedSpan } from './storeProcessor';
import { TraceFiles, type TraceFilesOptions } from './traceFiles';
import { otlpProcessor } from './otlp';
import { FanoutProcessor } from './fanout';

export interface TelemetryOptions {
  /** false = no spans at all (benchmark baseline); trace ids are then empty. */
  enabled?: boolean;
  settings?: Partial<TelemetrySettings>;
  /** Persistence file sizes (tests lower them). */
  files?: Omit<TraceFilesOptions, 'dir'>;
  /** Longest wait before non-root spans are written to disk, ms. */
  flushDelayMs?: number;
  /** Problems worth a log line (never contains a key). */
  onError?: (message: string) => void;
  version?: string;
  /**
   * Set in a worker thread whose spans belong to the server's store (background/backgroundWorker.ts):
   * each ended span's JSON line goes here instead of this object's store.
   */
  forward?: (span: ForwardedSpan) => void;
}

export interface SpanOptions {
  kind?: SpanKind;
  /** Parent span; default the current one (null = start a new trace). */
  parent?: TraceSpan | null;
  /** When aborted, a failure is recorded as a cancellation. */
  signal?: AbortSignal;
  /** Start time (ms since the epoch) for a span recorded after the fact. */
  startTime?: number;
}

/** Deferred span recording: run after this much quiet, or at this queue length. */
const IDLE_MS = 25;
const MAX_DEFERRED = 256;

export class Telemetry {
  private deferred: (() => void)[] = [];
  private deferredTimer?: NodeJS.Timeout;
  readonly enabled: boolean;
  private readonly spanStore: SpanStore;
  private readonly redactor: Redactor;
  private readonly storeProcessor: StoreProcessor;
  private readonly fanout: FanoutProcessor;
  private readonly provider?: BasicTracerProvider;
  private readonly tracer?: Tracer;
  private readonly als = new AsyncLocalStorage<TraceSpan>();
  private settingsValue: TelemetrySettings;
  private otlpKey = '';
  private knownSecrets: string[] = [];
  private readonly noop: TraceSpan;

  constructor(private readonly options: TelemetryOptions = {}) {
    this.enabled = options.enabled !== false;
    this.settingsValue = { ...DEFAULT_TELEMETRY_SETTINGS, ...options.settings };
    this.redactor = new Redactor(this.settingsValue.captureContent);
    this.spanStore = new SpanStore(this.settingsValue.maxStoreBytes);
    this.storeProcessor = new StoreProcessor(this.spanStore, this.redactor, options.onError, options.flushDelayMs);
    if (options.forward) this.storeProcessor.forward = options.forward;
    this.fanout = new FanoutProcessor(this.storeProcessor);
    this.noop = new TraceSpan(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), this.redactor);
    if (this.enabled) {
      const resource = defaultResource().merge(resourceFromAttributes({
        [ATTR_SERVICE_NAME]: 'weavergen', [ATTR_SERVICE_VERSION]: options.version ?? '0.1.0',
      }));
      this.provider = new BasicTracerProvider({
        resource, spanProcessors: [this.fanout],
        spanLimits: { attributeValueLengthLimit: 32 * 1024, attributeCountLimit: 128, eventCountLimit: 128 },
      });
      this.tracer = this.provider.getTracer('weavergen', options.version ?? '0.1.0');
    }
    this.configure(this.settingsValue);
  }

  /** The recent traces, with every span ended (or deferred with `later`) so far in them. */
  get store(): SpanStore {
    this.runLater();
    this.storeProcessor.drain();
    return this.spanStore;
  }

  /**
   * Record spans later, in idle time: for hot paths (a cache hit) whose spans carry explicit
   * start/end times. Runs after IDLE_MS without new deferrals, when the queue is full, and
   * before any read, flush or shutdown, so nothing is lost or read stale.
   */
  later(record: () => void): void {
    if (!this.tracer) return;
    this.deferred.push(record);
    if (this.deferred.length >= MAX_DEFERRED) this.runLater();
    else if (this.deferredTimer) this.deferredTimer.refresh();
    else this.deferredTimer = setTimeout(() => this.runLater(), IDLE_MS).unref();
  }

  private runLater(): void {
    if (this.deferredTimer) clearTimeout(this.deferredTimer);
    this.deferredTimer = undefined;
    const queue = this.deferred;
    this.deferred = [];
    for (const record of queue) record();
  }

  settings(): TelemetrySettings {
    return this.settingsValue;
  }

  /** Apply (changed) settings: content capture, store cap, OTLP exporter. */
  configure(settings: TelemetrySettings): void {
    this.settingsValue = settings;
    this.redactor.captureContent = settings.captureContent;
    this.spanStore.setMaxBytes(settings.maxStoreBytes);
    const key = settings.otlpEndpoint ? JSON.stringify([settings.otlpEndpoint, settings.otlpHeaders]) : '';
    if (key === this.otlpKey) return;
    this.otlpKey = key;
    this.redactor.setSecrets([...this.knownSecrets, ...Object.values(settings.otlpHeaders)]);
    let next: SpanProcessor | undefined;
    if (key && this.enabled) {
      try {
        next = otlpProcessor(settings.otlpEndpoint, settings.otlpHeaders);
      } catch (e) {
        this.options.onError?.(`OTLP export disabled: ${this.redactor.scrub(e instanceof Error ? e.message : String(e))}`);
      }
    }
    const previous = this.fanout.swapExporter(next);
    void previous?.shutdown().catch(() => undefined);
  }

  /** Values that must never appear in a span (API keys pushed by the client or from the environment). */
  setSecrets(values: Iterable<string | undefined>): void {
    this.knownSecrets = [...values].filter((v): v is string => typeof v === 'string');
    this.redactor.setSecrets([...this.knownSecrets, ...Object.values(this.settingsValue.otlpHeaders)]);
  }

  /** Persist traces under `<storagePath>/traces` and load what is already there. Returns the spans loaded. */
  open(storagePath: string | undefined): number {
    if (!storagePath) return 0;
    return this.storeProcessor.open(new TraceFiles({ ...this.options.files, dir: path.join(storagePath, 'traces'), root: storagePath, log: this.options.onError }));
  }

  /** The span `withSpan` is currently running in, if any. */
  current(): TraceSpan | undefined {
    return this.als.getStore();
  }

  startSpan(name: string, attrs?: Attrs, opts: SpanOptions = {}): TraceSpan {
    if (!this.tracer) return this.noop;
    const parent = opts.parent === undefined ? this.als.getStore() : opts.parent ?? undefined;
    const ctx = parent ? parent.context : ROOT_CONTEXT;
    const otel = this.tracer.startSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: this.redactor.attributes(attrs), startTime: opts.startTime }, ctx);
    return new TraceSpan(otel, this.redactor);
  }

  /**
   * Run `fn` in a new span (a child of the current one unless `opts.parent` says otherwise).
   * Success sets status OK, a failure ERROR with the error type, a cancellation leaves it
   * UNSET with `weavergen.cancelled=true`; the span always ends; the error is rethrown.
   */
  async withSpan<T>(name: string, attrs: Attrs | undefined, fn: (span: TraceSpan) => Promise<T>, opts: SpanOptions = {}): Promise<T> {
    if (!this.tracer) return fn(this.noop);
    const span = this.startSpan(name, attrs, opts);
    try {
      const value = await this.als.run(span, fn, span);
      span.ok();
      return value;
    } catch (e) {
      span.fail(e, opts.signal);
      throw e;
    } finally {
      span.end();
    }
  }

  /** Spans recorded in another thread (`forward` there): kept and saved here like this thread's own. */
  ingest(spans: readonly ForwardedSpan[]): void {
    this.storeProcessor.ingest(spans);
  }

  /** Record every ended or deferred span now (with `forward`: hand their lines over now). */
  drain(): void {
    this.runLater();
    this.storeProcessor.drain();
  }

  /**
   * A span started in another thread, as a parent for spans started here: they join its
   * trace. Nothing is recorded for the span itself.
   */
  remoteParent(traceId: string, spanId: string): TraceSpan {
    if (!this.tracer) return this.noop;
    return new TraceSpan(trace.wrapSpanContext({ traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true }), this.redactor);
  }

  /** Run `fn` with `span` as the current span (spans it starts become its children). */
  within<T>(span: TraceSpan, fn: () => T): T {
    return this.tracer ? this.als.run(span, fn) : fn();
  }

  /** Write pending spans to disk and push pending exports. */
  async flush(): Promise<void> {
    this.runLater();
    this.storeProcessor.flushSync();
    await this.fanout.forceFlush();
  }

  /** Synchronous part of shutdown (disk), then the exporter's. Safe to call twice. */
  async shutdown(): Promise<void> {
    this.runLater();
    this.storeProcessor.flushSync();
    await this.provider?.shutdown().catch(() => undefined);
  }
}

/** The trace id of a span ('' for a disabled/no-op span). */
export function traceIdOf(span: TraceSpan | { spanContext(): { traceId: string } }): string {
  const id = span instanceof TraceSpan ? span.traceId : span.spanContext().traceId;
  return id === INVALID_SPAN_CONTEXT.traceId ? '' : id;
}
