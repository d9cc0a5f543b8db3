/**
 * A tiny typed validator for values that arrive over the wire (request params). A `Check<T>`
 * either returns the value typed as T or throws an `InvalidValue` naming the path of the
 * first field that is wrong (`params.position.line must be a non-negative integer`).
 * No runtime dependencies: the client and the server can both import it.
 */
export class InvalidValue extends Error {
  override readonly name = 'InvalidValue';
  constructor(readonly path: string, readonly expected: string) {
    super(`${path} must be ${expected}`);
  }
}

export const isInvalidValue = (e: unknown): e is InvalidValue => e instanceof InvalidValue;

export type Check<T> = (value: unknown, path: string) => T;

/** Strings longer than this are refused unless a check says otherwise (1 MiB of text). */
const MAX_STRING = 1024 * 1024;

export function str(opts: { maxLength?: number; nonEmpty?: boolean } = {}): Check<string> {
  const max = opts.maxLength ?? MAX_STRING;
  const what = `${opts.nonEmpty ? 'a non-empty' : 'a'} string of at most ${max} characters`;
  return (v, path) => {
    if (typeof v !== 'string' || v.length > max || (opts.nonEmpty && v.length === 0)) throw new InvalidValue(path, what);
    return v;
  };
}

/** An integer in [min, max] (safe integers only; NaN and Infinity refused). */
export function int(min = 0, max = Number.MAX_SAFE_INTEGER): Check<number> {
  const what = min === 0 && max === Number.MAX_SAFE_INTEGER ? 'a non-negative integer'
    : max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer between ${min} and ${max}`;
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw new InvalidValue(path, what);
    return v;
  };
}

export const bool: Check<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new InvalidValue(path, 'a boolean');
  return v;
};

/** Absent (undefined or null) is allowed and read as undefined. */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, path) => (v === undefined || v === null ? undefined : check(v, path));
}

export function array<T>(item: Check<T>, maxItems = 1000): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v) || v.length > maxItems) throw new InvalidValue(path, `an array of at most ${maxItems} items`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };
}

export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw new InvalidValue(path, `one of ${values.join(', ')}`);
    return v as T;
  };
}

type Shape = Record<string, Check<unknown>>;
type Typed<S extends Shape> = { [K in keyof S as undefined extends ReturnType<S[K]> ? never : K]: ReturnType<S[K]> }
  & { [K in keyof S as undefined extends ReturnType<S[K]> ? K : never]?: ReturnType<S[K]> };

/**
 * An object with these fields checked. Unknown fields are kept as they are (the protocol may
 * grow); checked fields take their checked value (an absent optional field reads as undefined).
 */
export function object<S extends Shape>(shape: S): Check<Typed<S>> {
  return (v, path) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new InvalidValue(path, 'an object');
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const [key, check] of Object.entries(shape)) {
      const checked = check(out[key], `${path}.${key}`);
      if (checked === undefined) delete out[key];
      else out[key] = checked;
    }
    return out as Typed<S>;
  };
}

/** Checks `value` as `params` and returns it typed, or throws InvalidValue. */
export function parse<T>(check: Check<T>, value: unknown, path = 'params'): T {
  return check(value, path);
}
