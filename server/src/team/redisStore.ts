/**
 * TeamStore on the official `redis` client (Redis or Valkey; `rediss://` for TLS). Never
 * blocks its caller: the connection is opened in the background and re-opened with backoff;
 * while it is down every call fails at once (no offline queue inside the client — the
 * team's own bounded write queue decides what is kept); every call has a short deadline.
 */
import { createClient } from 'redis';
import { withTimeout, type IncrementBatch, type TeamStore } from './store';

export interface RedisStoreOptions {
  /** redis://host:port or rediss://host:port (no credentials in the URL: pass them below). */
  url: string;
  /** ACL user and password, from secret storage. */
  username?: string;
  password?: string;
  /** Deadline of one call, ms (default 250). */
  timeoutMs?: number;
  /** Connect deadline, ms (default 1000). */
  connectTimeoutMs?: number;
}

/** Applies a batch once: the op key is SET NX first, so a retried batch changes nothing. */
const INCREMENT_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
local i = 2
for k = 2, #KEYS do
  local n = tonumber(ARGV[i]); i = i + 1
  for j = 1, n do
    redis.call('HINCRBYFLOAT', KEYS[k], ARGV[i], ARGV[i + 1]); i = i + 2
  end
  redis.call('EXPIRE', KEYS[k], ARGV[1])
end
return 1`;

function makeClient(opts: RedisStoreOptions) {
  return createClient({
    url: opts.url,
    username: opts.username,
    password: opts.password,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: opts.connectTimeoutMs ?? 1000,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 6), 2000),
    },
  });
}
type Client = ReturnType<typeof makeClient>;

export class RedisTeamStore implements TeamStore {
  private up = false;
  private readonly listeners = new Set<(up: boolean) => void>();
  private subscriber: Client | undefined;
  private closed = false;
  private readonly timeoutMs: number;

  private constructor(private readonly client: Client, timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    client.on('error', () => undefined); // reported through onConnectionChange, never thrown
    client.on('ready', () => this.setUp(true));
    client.on('end', () => this.setUp(false));
    client.on('reconnecting', () => this.setUp(false));
  }

  /** Starts connecting in the background and returns at once. */
  static open(opts: RedisStoreOptions): RedisTeamStore {
    const client = makeClient(opts);
    const store = new RedisTeamStore(client, opts.timeoutMs ?? 250);
    void client.connect().catch(() => undefined);
    return store;
  }

  get ready(): boolean {
    return this.up && !this.closed;
  }

  onConnectionChange(listener: (up: boolean) => void): void {
    this.listeners.add(listener);
  }

  /** Resolves once connected (or rejects after `ms`): for tests, benches and the demo. */
  whenReady(ms = 60_000): Promise<void> {
    if (this.ready) return Promise.resolve();
    return withTimeout(new Promise<void>((resolve) => {
      const l = (up: boolean) => { if (up) { this.listeners.delete(l); resolve(); } };
      this.listeners.add(l);
    }), ms, 'connect');
  }

  async applyIncrements(batch: IncrementBatch): Promise<void> {
    const keys = [batch.opKey];
    const args = [String(batch.ttlSeconds)];
    for (const [key, fields] of batch.increments) {
      keys.push(key);
      args.push(String(fields.size));
      for (const [field, amount] of fields) args.push(field, String(amount));
    }
    await this.call('applyIncrements', () => this.client.eval(INCREMENT_SCRIPT, { keys, arguments: args }));
  }

  async readHashes(keys: string[]): Promise<Record<string, string>[]> {
    return this.call('readHashes', () => Promise.all(keys.map((k) => this.client.hGetAll(k) as Promise<Record<string, string>>)));
  }

  async putAndPublish(key: string, value: string, ttlSeconds: number, channel: string, message: string): Promise<void> {
    await this.call('putAndPublish', () => this.client.multi()
      .set(key, value, { expiration: { type: 'EX', value: Math.max(1, Math.floor(ttlSeconds)) } })
      .publish(channel, message)
      .exec());
  }

  async get(key: string): Promise<string | null> {
    const v = await this.call('get', () => this.client.get(key));
    return typeof v === 'string' ? v : null;
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    if (!this.subscriber) {
      const sub = this.client.duplicate();
      sub.on('error', () => undefined);
      this.subscriber = sub;
      void sub.connect().catch(() => undefined);
    }
    const sub = this.subscriber;
    const listener = (message: string) => {
      try {
        onMessage(message);
      } catch {
        // a hostile message never takes the server down
      }
    };
    // Queued by the client until the subscriber connects; re-subscribed by it on reconnect.
    void sub.subscribe(channel, listener).catch(() => undefined);
    return async () => {
      await withTimeout(sub.unsubscribe(channel, listener), this.timeoutMs, 'unsubscribe').catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.setUp(false);
    for (const c of [this.subscriber, this.client]) {
      if (!c) continue;
      try {
        c.destroy();
      } catch {
        // already closed
      }
    }
  }

  private call<T>(op: string, fn: () => Promise<T>): Promise<T> {
    if (!this.ready) return Promise.reject(new Error(`team store: ${op} while disconnected`));
    return withTimeout(fn(), this.timeoutMs, op);
  }

  private setUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    for (const l of [...this.listeners]) l(up && !this.closed);
  }
}
