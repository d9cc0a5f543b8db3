/**
 * The span processor behind the evidence: every finished span is serialized once, put
 * in the byte-bounded SpanStore and, when a storage directory is open, queued for the
 * JSON-lines files. Serializing happens off the request's path: ended spans are queued
 * and drained on the next turn of the event loop (or at once when anyone reads the store,
 * see `drain`). Lines are written when a root span is drained (but at most once per
 * `MIN_WRITE_GAP_MS`: a burst of cache hits shares one write), at most `flushDelayMs` after
 * any other span, and synchronously on shutdown.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { parseSpanLine, serializeSpan } from './serialize';
import type { Redactor } from './redact';
import type { SpanStore } from './spanStore';
import type { TraceFiles } from './traceFiles';
import { isUnsafeStatePath } from '../util/safeFiles';

/** Shortest time between two writes triggered by root spans (a sync append costs ~50-100 µs). */
const MIN_WRITE_GAP_MS = 250;

/** A span recorded in another thread (background/), as its JSON line. */
export interface ForwardedSpan {
  traceId: string;
  line: string;
  root: boolean;
}

export class StoreProcessor implements SpanProcessor {
  /** Set in a thread whose spans are kept by another one: lines go there instead of this store. */
  forward?: (span: ForwardedSpan) => void;
  private lastWrite = -Infinity;
  private files?: TraceFiles;
  private ended: ReadableSpan[] = [];
  private drainScheduled?: NodeJS.Immediate;
  private pending: string[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    readonly store: SpanStore,
    private readonly redactor: Redactor,
    private readonly onError: (message: string) => void = () => undefined,
    private readonly flushDelayMs = 1000,
  ) {}

  /** Persist to `files` from now on, after loading what they hold into the store. Returns the spans loaded. */
  open(files: TraceFiles): number {
    if (this.files) this.flushSync();
    let loaded = 0;
    let lines: string[] = [];
    try {
      lines = files.load();
    } catch (e) {
      this.onError(`could not read saved traces in ${files.dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const line of lines) {
      const span = parseSpanLine(line);
      if (!span) continue;
      this.store.addLine(span.traceId, line, Buffer.byteLength(line) + 1);
      loaded++;
    }
    // Spans that ended before the files were opened are stored (and saved) after the loaded ones.
    this.files = files;
    this.drain();
    return loaded;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.ended.push(span);
    this.drainScheduled ??= setImmediate(() => this.drain());
  }

  /** Serialize and store every ended span now (called before any read of the store). */
  drain(): void {
    if (this.drainScheduled) clearImmediate(this.drainScheduled);
    this.drainScheduled = undefined;
    if (this.ended.length === 0) return;
    const spans = this.ended;
    this.ended = [];
    let rootEnded = false;
    for (const span of spans) rootEnded = this.keep(span) || rootEnded;
    this.scheduleWrite(rootEnded);
  }

  private scheduleWrite(rootEnded: boolean): void {
    if (!this.files || this.pending.length === 0) return;
    const sinceWrite = performance.now() - this.lastWrite;
    if (rootEnded && sinceWrite >= MIN_WRITE_GAP_MS) this.flushSync();
    else this.timer ??= setTimeout(() => this.flushSync(), rootEnded ? MIN_WRITE_GAP_MS - sinceWrite : this.flushDelayMs).unref();
  }

  /** Store one span and queue its line; true when it is a root span. */
  private keep(span: ReadableSpan): boolean {
    const root = !span.parentSpanContext?.spanId;
    const traceId = span.spanContext().traceId;
    const line = JSON.stringify(serializeSpan(span));
    if (this.forward) {
      this.forward({ traceId, line, root });
      return false;
    }
    return this.keepLine(traceId, line, root);
  }

  /** Defence in depth: nothing key-shaped is kept, whatever path an attribute took. */
  private keepLine(traceId: string, raw: string, root: boolean): boolean {
    const line = this.redactor.scrub(raw);
    if (line !== raw && !parseSpanLine(line)) return false; // a known secret cut through the JSON: drop the span
    this.store.addLine(traceId, line, Buffer.byteLength(line) + 1);
    if (this.files) this.pending.push(line);
    return root;
  }

  /** Spans recorded in another thread: stored (scrubbed with this side's secrets) and saved like this thread's. */
  ingest(spans: readonly ForwardedSpan[]): void {
    this.drain();
    let rootEnded = false;
    for (const s of spans) rootEnded = this.keepLine(s.traceId, s.line, s.root) || rootEnded;
    this.scheduleWrite(rootEnded);
  }

  /** Write every queued line now. */
  flushSync(): void {
    this.drain();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.files || this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.lastWrite = performance.now();
    try {
      this.files.append(lines);
    } catch (e) {
      this.onError(`could not save traces in ${this.files.dir}: ${e instanceof Error ? e.message : String(e)}${isUnsafeStatePath(e) ? '; traces are not saved in this session' : ''}`);
    }
  }

  forceFlush(): Promise<void> {
    this.flushSync();
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.flushSync();
    return Promise.resolve();
  }
}
