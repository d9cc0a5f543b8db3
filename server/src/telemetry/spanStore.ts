/**
 * Recent traces in memory, bounded in bytes (the UTF-8 size of each span's JSON line).
 * When a span would take the store over its cap, whole traces are evicted, oldest first;
 * the total never exceeds the cap, even for a moment. A span larger than the cap alone
 * is dropped. Spans recorded by this process are kept as their JSON lines (compact, and no
 * per-span object graph for the garbage collector to walk) and parsed when a trace is read.
 */
import type { SerializedSpan } from '../protocol/traces';
import { parseSpanLine } from './serialize';
import { byStart } from './summary';

interface TraceEntry {
  /** A span, or its JSON line (parsed on read). */
  spans: (SerializedSpan | string)[];
  bytes: number;
  /** Insertion number: tells a re-added trace from its evicted namesake in `order`. */
  seq: number;
}

/** Compact the eviction queue once this many consumed slots have piled up at its head. */
const COMPACT_AT = 1024;

export class SpanStore {
  private readonly traces = new Map<string, TraceEntry>();
  /**
   * Insertion order for eviction. A queue rather than the Map's own order: finding the first
   * live entry of a Map with many deletions at its front costs O(deleted) in V8.
   */
  private order: { id: string; seq: number }[] = [];
  private head = 0;
  private seq = 0;
  private total = 0;
  /** Highest total ever held (the benchmark reports it). */
  peakBytes = 0;
  evictedTraces = 0;
  droppedSpans = 0;

  constructor(private maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get traceCount(): number {
    return this.traces.size;
  }

  get cap(): number {
    return this.maxBytes;
  }

  /** Add a finished span whose serialized size is `bytes`. */
  add(span: SerializedSpan, bytes: number): void {
    this.put(span.traceId, span, bytes);
  }

  /** Add a finished span as its JSON line (a SerializedSpan of trace `traceId`), `bytes` long. */
  addLine(traceId: string, line: string, bytes: number): void {
    this.put(traceId, line, bytes);
  }

  private put(traceId: string, span: SerializedSpan | string, bytes: number): void {
    if (bytes > this.maxBytes) {
      this.droppedSpans++;
      return;
    }
    while (this.total + bytes > this.maxBytes && this.traces.size > 0) this.evictOldest();
    let entry = this.traces.get(traceId);
    if (!entry) {
      entry = { spans: [], bytes: 0, seq: ++this.seq };
      this.traces.set(traceId, entry);
      this.order.push({ id: traceId, seq: entry.seq });
    }
    entry.spans.push(span);
    entry.bytes += bytes;
    this.total += bytes;
    if (this.total > this.peakBytes) this.peakBytes = this.total;
  }

  /** The spans of one trace, by start time (undefined when unknown or evicted). */
  get(traceId: string): SerializedSpan[] | undefined {
    const entry = this.traces.get(traceId);
    if (!entry) return undefined;
    const out: SerializedSpan[] = [];
    for (const s of entry.spans) {
      const span = typeof s === 'string' ? parseSpanLine(s) : s;
      if (span) out.push(span);
    }
    return out.sort(byStart);
  }

  /** Every trace id held, oldest first. */
  traceIds(): string[] {
    const out: string[] = [];
    for (let i = this.head; i < this.order.length; i++) {
      const o = this.order[i];
      if (this.traces.get(o.id)?.seq === o.seq) out.push(o.id);
    }
    return out;
  }

  setMaxBytes(maxBytes: number): void {
    this.maxBytes = maxBytes;
    while (this.total > this.maxBytes && this.traces.size > 0) this.evictOldest();
  }

  clear(): void {
    this.traces.clear();
    this.order = [];
    this.head = 0;
    this.total = 0;
  }

  private evictOldest(): void {
    while (this.head < this.order.length) {
      const o = this.order[this.head++];
      const entry = this.traces.get(o.id);
      if (!entry || entry.seq !== o.seq) continue;
      this.traces.delete(o.id);
      this.total -= entry.bytes;
      this.evictedTraces++;
      break;
    }
    if (this.head >= COMPACT_AT && this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}
