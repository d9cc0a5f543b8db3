/**
 * The privacy layer every attribute passes through. Content (source code, prompts,
 * identifiers) is kept only when `captureContent` is on; API keys never: any string that
 * looks like a key, and every known secret (client keys, OTLP header values), is replaced.
 */
import type { SpanAttributeValue } from '../protocol/traces';
import { CONTENT_KEYS } from './attributes';

export const REDACTED = '[REDACTED]';

/** Shapes of well-known credentials: OpenAI/Anthropic (sk-, sk-proj-, sk-ant-), GitHub, Google, Slack, bearer tokens. */
const KEY_SHAPES = /\b(?:sk|rk|pk)-[A-Za-z0-9_-]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bAIza[0-9A-Za-z_-]{30,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{16,}/g;
/** Known secrets shorter than this are not matched (too likely to hit ordinary text). */
const MIN_SECRET_LENGTH = 8;
/** The shortest text KEY_SHAPES can match (`xoxb-` + 10): shorter strings need no regex scan. */
const MIN_SHAPE_LENGTH = 15;

export type Attrs = Record<string, SpanAttributeValue | undefined | null>;

export class Redactor {
  private secrets: string[] = [];
  /** Strings shorter than this can hold neither a key shape nor a known secret. */
  private minLength = MIN_SHAPE_LENGTH;

  constructor(public captureContent = false) {}

  /** Replace the set of known secrets (values only; never logged). */
  setSecrets(values: Iterable<string | undefined>): void {
    const set = new Set<string>();
    for (const v of values) if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) set.add(v);
    // Longest first, so a secret containing another is replaced whole.
    this.secrets = [...set].sort((a, b) => b.length - a.length);
    this.minLength = Math.min(MIN_SHAPE_LENGTH, ...this.secrets.map((v) => v.length));
  }

  /** A string with every key-like substring and known secret replaced. */
  scrub(text: string): string {
    if (text.length < this.minLength) return text;
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    KEY_SHAPES.lastIndex = 0;
    return KEY_SHAPES.test(out) ? out.replace(KEY_SHAPES, REDACTED) : out;
  }

  /** Whether this attribute may be recorded at all. */
  allows(key: string): boolean {
    return this.captureContent || !CONTENT_KEYS.has(key);
  }

  /** Attributes safe to record: content dropped unless opted in, strings scrubbed, empty values dropped. */
  attributes(attrs: Attrs | undefined): Record<string, SpanAttributeValue> {
    const out: Record<string, SpanAttributeValue> = {};
    if (!attrs) return out;
    for (const key of Object.keys(attrs)) {
      const v = attrs[key];
      if (v === undefined || v === null || !this.allows(key)) continue;
      out[key] = this.value(v);
    }
    return out;
  }

  value(v: SpanAttributeValue): SpanAttributeValue {
    if (typeof v === 'string') return this.scrub(v);
    if (Array.isArray(v) && v.some((x) => typeof x === 'string')) return (v as string[]).map((x) => this.scrub(x));
    return v;
  }
}
