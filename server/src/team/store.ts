/**
 * The team store as the rest of `team/` sees it: a handful of atomic operations on a
 * Redis-protocol server (Redis or Valkey). Every call may fail or time out; callers treat a
 * failure as "the team is not there right now" and carry on locally. Keys passed here are
 * already under the team's prefix (keys.ts).
 */
export interface IncrementBatch {
  /** Idempotency key: the batch is applied at most once, however often it is retried. */
  opKey: string;
  /** hash key -> field -> amount (HINCRBYFLOAT). */
  increments: Map<string, Map<string, number>>;
  /** Seconds each touched hash (and the op key) lives after this batch. */
  ttlSeconds: number;
}

export interface TeamStore {
  /** Applies every increment of the batch atomically, once (a retried batch is a no-op). */
  applyIncrements(batch: IncrementBatch): Promise<void>;
  /** Reads whole hashes (missing ones are {}). */
  readHashes(keys: string[]): Promise<Record<string, string>[]>;
  /** Stores a value with a TTL and announces it on `channel` in one atomic step. */
  putAndPublish(key: string, value: string, ttlSeconds: number, channel: string, message: string): Promise<void>;
  get(key: string): Promise<string | null>;
  /** Listens on a channel; the returned function stops listening. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** True while the connection is up. */
  readonly ready: boolean;
  /** Called with true on (re)connect and false on loss. */
  onConnectionChange(listener: (up: boolean) => void): void;
  close(): Promise<void>;
}

/** A store call that did not answer in time. */
export class TeamTimeoutError extends Error {
  readonly code = 'team_timeout';
  constructor(op: string, ms: number) {
    super(`team store: ${op} did not answer within ${ms} ms`);
  }
}

export const isTeamTimeout = (e: unknown): e is TeamTimeoutError => e instanceof TeamTimeoutError;

/** `p`, or a TeamTimeoutError after `ms` (the timer never keeps the process alive). */
export function withTimeout<T>(p: Promise<T>, ms: number, op: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TeamTimeoutError(op, ms)), ms);
    timer.unref?.();
  });
  p.catch(() => undefined); // a late failure after the deadline is not unhandled
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
