/**
 * Reading one `weavergen.*` setting with its type and bounds. A wrongly typed or out-of-range
 * value is never accepted as is: it is replaced by the default (wrong type, NaN, below the
 * minimum) or clamped (above the maximum), and one message naming the setting is added to
 * `issues` for the caller to show (server/src/features/configuration.ts).
 */
export interface NumberBounds {
  min: number;
  max: number;
  /** Fractions are floored (silently: 2.5 samples means 2). */
  integer?: boolean;
}

export class SettingsReader {
  readonly issues: string[] = [];

  /** The object at `setting`, or {} (with an issue when something else was there). */
  section(setting: string, v: unknown): Record<string, unknown> {
    if (v === undefined || v === null) return {};
    if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    this.issues.push(`${setting} must be an object (got ${shown(v)}); using the defaults.`);
    return {};
  }

  number(setting: string, v: unknown, def: number, b: NumberBounds): number {
    if (v === undefined || v === null) return def;
    const range = b.max === Infinity ? `at least ${b.min}` : `between ${b.min} and ${b.max}`;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fallback(setting, `must be a number ${range}`, v, def);
    if (v < b.min) return this.fallback(setting, `must be at least ${b.min}`, v, def);
    const n = b.integer ? Math.floor(v) : v;
    if (n > b.max) {
      this.issues.push(`${setting} must be at most ${b.max} (got ${shown(v)}); using ${b.max}.`);
      return b.max;
    }
    return n;
  }

  /** Like `number` for a setting without a default: a bad value is dropped (undefined). */
  optionalNumber(setting: string, v: unknown, b: NumberBounds): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < b.min) {
      const range = b.max === Infinity ? `at least ${b.min}` : `between ${b.min} and ${b.max}`;
      return this.refuse(setting, `must be a number ${range} (got ${shown(v)})`);
    }
    return this.number(setting, v, b.min, b);
  }

  bool(setting: string, v: unknown, def: boolean): boolean {
    if (v === undefined || v === null) return def;
    return typeof v === 'boolean' ? v : this.fallback(setting, 'must be true or false', v, def);
  }

  oneOf<const T extends string>(setting: string, v: unknown, values: readonly T[], def: T): T {
    if (v === undefined || v === null) return def;
    return (values as readonly unknown[]).includes(v) ? (v as T) : this.fallback(setting, `must be one of ${values.join(', ')}`, v, def);
  }

  /** An http(s) URL, or '' when `allowEmpty`; anything else is the default. */
  url(setting: string, v: unknown, def: string, allowEmpty: boolean): string {
    if (v === undefined || v === null) return def;
    const s = typeof v === 'string' ? v.trim() : undefined;
    if (s === '' && allowEmpty) return s;
    if (s !== undefined && isHttpUrl(s)) return s;
    return this.fallback(setting, allowEmpty ? 'must be an http(s) URL or empty' : 'must be an http(s) URL', v, def);
  }

  /** Keeps the items `keep` accepts; each refused one gets an issue naming its index. */
  list<T>(setting: string, v: unknown, def: T[], keep: (item: unknown, at: string) => T | undefined, maxItems = 50): T[] {
    if (v === undefined || v === null) return def;
    if (!Array.isArray(v)) return this.fallback(setting, 'must be an array', v, def);
    if (v.length > maxItems) this.issues.push(`${setting} has ${v.length} entries; only the first ${maxItems} are used.`);
    const out: T[] = [];
    v.slice(0, maxItems).forEach((item, i) => {
      const kept = keep(item, `${setting}[${i}]`);
      if (kept !== undefined) out.push(kept);
    });
    return out;
  }

  /** Records that `setting` was refused and why; the caller drops the value. */
  refuse(setting: string, why: string): undefined {
    this.issues.push(`${setting} ${why}; ignored.`);
    return undefined;
  }

  private fallback<T>(setting: string, must: string, v: unknown, def: T): T {
    this.issues.push(`${setting} ${must} (got ${shown(v)}); using the default ${shown(def)}.`);
    return def;
  }
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A value in a message: short, and never more than 60 characters of it. */
function shown(v: unknown): string {
  const s = typeof v === 'number' || typeof v === 'bigint' ? String(v) : v === undefined ? 'undefined' : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
