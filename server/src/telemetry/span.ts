/**
 * TraceSpan: the only handle the rest of the server has on a span. Every attribute,
 * event and status message goes through the Redactor, so content and keys cannot leak
 * by accident. Cancellation is not an error: status UNSET plus `weavergen.cancelled`.
 */
import { ROOT_CONTEXT, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { isCancelled as isProviderCancelled } from '../providers/errors';
import { isGenerationCancelled } from '../util/errors';
import type { Attrs, Redactor } from './redact';
import { OTEL, WG } from './attributes';

export class TraceSpan {
  private settled = false;
  private ctx?: Context;

  constructor(readonly otel: Span, private readonly redactor: Redactor) {}

  /** The OpenTelemetry context holding this span (made once: every child span starts from it). */
  get context(): Context {
    return (this.ctx ??= trace.setSpan(ROOT_CONTEXT, this.otel));
  }

  get traceId(): string {
    return this.otel.spanContext().traceId;
  }

  get spanId(): string {
    return this.otel.spanContext().spanId;
  }

  /** Whether content (code, prompts) is being captured: skip building it when not. */
  get capturesContent(): boolean {
    return this.redactor.captureContent && this.otel.isRecording();
  }

  set(attrs: Attrs): this {
    if (this.otel.isRecording()) this.otel.setAttributes(this.redactor.attributes(attrs));
    return this;
  }

  /** A content attribute (code, prompt, intent): recorded only when capture is on. */
  content(key: string, text: string | undefined): this {
    if (text !== undefined && this.capturesContent) this.otel.setAttribute(key, this.redactor.scrub(text));
    return this;
  }

  event(name: string, attrs?: Attrs): this {
    if (this.otel.isRecording()) this.otel.addEvent(name, this.redactor.attributes(attrs));
    return this;
  }

  /** Success: status OK (unless already settled). */
  ok(): this {
    if (!this.settled) {
      this.settled = true;
      this.otel.setStatus({ code: SpanStatusCode.OK });
    }
    return this;
  }

  /** Failure, or cancellation when `e` is a cancellation or `signal` was aborted. */
  fail(e: unknown, signal?: AbortSignal): this {
    if (this.settled) return this;
    if (isCancellation(e, signal)) return this.cancel();
    this.settled = true;
    const message = this.redactor.scrub(e instanceof Error ? e.message : String(e));
    const type = errorType(e);
    this.otel.setAttribute(OTEL.errorType, type);
    this.otel.addEvent('exception', { [OTEL.exceptionType]: type, [OTEL.exceptionMessage]: message });
    this.otel.setStatus({ code: SpanStatusCode.ERROR, message });
    return this;
  }

  cancel(): this {
    if (!this.settled) {
      this.settled = true;
      this.otel.setAttribute(WG.cancelled, true);
    }
    return this;
  }

  /** Ends the span now, or at `endTime` (ms since the epoch) for a span recorded after the fact. */
  end(endTime?: number): void {
    this.otel.end(endTime);
  }
}

export function isCancellation(e: unknown, signal?: AbortSignal): boolean {
  return Boolean(signal?.aborted) || isGenerationCancelled(e) || isProviderCancelled(e) ||
    (e instanceof Error && e.name === 'AbortError');
}

/** A short, content-free error class: the typed error code, else the error's name. */
function errorType(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[a-z_]{1,40}$/.test(code)) return code;
  return e instanceof Error ? e.name : typeof e;
}
