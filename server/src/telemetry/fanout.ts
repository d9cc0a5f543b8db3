/** The provider's single processor: always the store, plus the OTLP exporter when configured (swappable at runtime). */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export class FanoutProcessor implements SpanProcessor {
  private exporter?: SpanProcessor;

  constructor(private readonly store: SpanProcessor) {}

  /** Install a new exporter processor; returns the previous one (the caller shuts it down). */
  swapExporter(next: SpanProcessor | undefined): SpanProcessor | undefined {
    const previous = this.exporter;
    this.exporter = next;
    return previous;
  }

  onStart(span: Span, parentContext: Context): void {
    this.exporter?.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.store.onEnd(span);
    this.exporter?.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all([this.store.forceFlush(), this.exporter?.forceFlush()]);
  }

  async shutdown(): Promise<void> {
    await Promise.all([this.store.shutdown(), this.exporter?.shutdown()]);
  }
}
