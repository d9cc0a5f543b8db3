/**
 * Token budget over a sliding window (default one hour), per provider, with an optional
 * total across providers. A job reserves its estimate when it starts and settles to the
 * tokens actually spent; an aborted job that reported nothing settles to its prompt share
 * (the answer never came; scheduler.ts), a failed one keeps its estimate. Injected clock.
 */

export interface BudgetLimits {
  /** Tokens per window for each provider (default 20 000). */
  tokensPerHour?: number;
  /** Per-provider overrides, by provider id. */
  perProvider?: Record<string, number>;
  /** Optional cap across every provider. */
  totalTokensPerHour?: number;
  /** Window length (default 1 h). */
  windowMs?: number;
}

export interface Charge {
  /** Replace the reservation with the tokens actually spent. */
  settle(actualTokens: number): void;
}

export interface ProviderBudget { providerId: string; limit: number; used: number; left: number }

export const DEFAULT_TOKENS_PER_HOUR = 20_000;
const HOUR_MS = 60 * 60 * 1000;

type Limits = Required<Omit<BudgetLimits, 'totalTokensPerHour'>> & { totalTokensPerHour?: number };

interface Spend { time: number; providerId: string; tokens: number }

export class TokenBudget {
  private limits: Limits;
  private spends: Spend[] = [];

  constructor(limits: BudgetLimits, private readonly now: () => number) {
    this.limits = normalize(limits);
  }

  update(limits: BudgetLimits): void {
    this.limits = normalize({ ...this.limits, ...limits });
  }

  limit(providerId: string): number {
    return this.limits.perProvider[providerId] ?? this.limits.tokensPerHour;
  }

  used(providerId?: string): number {
    this.prune();
    let sum = 0;
    for (const s of this.spends) if (providerId === undefined || s.providerId === providerId) sum += s.tokens;
    return sum;
  }

  /** Tokens still available to `providerId` now (the total cap included). */
  left(providerId: string): number {
    const own = this.limit(providerId) - this.used(providerId);
    const total = this.limits.totalTokensPerHour;
    return Math.max(0, total === undefined ? own : Math.min(own, total - this.used()));
  }

  charge(providerId: string, tokens: number): Charge {
    const spend: Spend = { time: this.now(), providerId, tokens: Math.max(0, tokens) };
    this.spends.push(spend);
    return { settle: (actual) => { spend.tokens = Math.max(0, Number.isFinite(actual) ? actual : spend.tokens); } };
  }

  /** Providers with a limit or a spend in the window, sorted by id. */
  snapshot(extraIds: Iterable<string> = []): ProviderBudget[] {
    const ids = new Set<string>([...Object.keys(this.limits.perProvider), ...extraIds]);
    this.prune();
    for (const s of this.spends) ids.add(s.providerId);
    return [...ids].sort().map((providerId) => {
      const limit = this.limit(providerId);
      const used = this.used(providerId);
      return { providerId, limit, used, left: this.left(providerId) };
    });
  }

  private prune(): void {
    const cutoff = this.now() - this.limits.windowMs;
    if (this.spends.length && this.spends[0].time <= cutoff) this.spends = this.spends.filter((s) => s.time > cutoff);
  }
}

function normalize(l: BudgetLimits): Limits {
  return {
    tokensPerHour: Math.max(0, l.tokensPerHour ?? DEFAULT_TOKENS_PER_HOUR),
    perProvider: { ...(l.perProvider ?? {}) },
    totalTokensPerHour: l.totalTokensPerHour,
    windowMs: Math.max(1, l.windowMs ?? HOUR_MS),
  };
}
