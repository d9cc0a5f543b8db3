/**
 * Learned reliability: a Beta posterior per (provider, language, site kind) and per
 * provider pooled over all cells, fed by outcome events. Evidence is forgotten with a
 * half-life counted in observed events (the model's own clock), so drift is followed:
 * an observation `h` events old weighs half as much as a fresh one. Sparse cells fall
 * back to the provider's pooled estimate. Per site kind, an acceptance posterior drives
 * the pre-generation and ghost-text decisions. State is plain JSON (toJSON/fromJSON).
 */
import { betaSummary } from './beta';
import { acceptanceShare, evidenceOf } from './evidence';
import type { OutcomeEvent } from './outcomes';
import type { ProviderReliability } from '../protocol/learning';

export interface ReliabilityOptions {
  /** Beta prior (default Beta(2, 2)). */
  prior?: { alpha: number; beta: number };
  /** Evidence half-life in observed events (default 100; Infinity = never forget). */
  halfLifeEvents?: number;
  /** Effective observations a cell needs before it is used instead of the pooled estimate (default 8). */
  minCellEvidence?: number;
  /** See EvidenceOptions.dissentWeight (default 0.5). */
  dissentWeight?: number;
  /** Credible interval level (default 0.9). */
  level?: number;
  /** Pre-generate a site kind when its acceptance mean is at least this (default 0.4). */
  pregenerateThreshold?: number;
  /** Show ghost text for a site kind when its acceptance mean is at least this (default 0.2). */
  ghostTextThreshold?: number;
}

/** Decayed success/failure weights as of event `last`, and the raw number of updates. */
export interface CellState { s: number; f: number; n: number; last: number }

export interface ReliabilityState {
  format: 'weavergen-reliability';
  version: 1;
  clock: number;
  cells: Record<string, CellState>;
  kinds: Record<string, CellState>;
}

const isCell = (c: unknown): c is CellState => {
  const o = c as Record<string, unknown> | null;
  return !!o && typeof o === 'object' && [o.s, o.f, o.n, o.last].every((x) => typeof x === 'number' && Number.isFinite(x));
};
const isCells = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isCell);

/** True for a persisted state `fromJSON` can use as it is (a garbage file fails this and is moved aside). */
export function isReliabilityState(v: unknown): v is ReliabilityState {
  const s = v as Partial<ReliabilityState> | null;
  return !!s && s.format === 'weavergen-reliability' && s.version === 1 && typeof s.clock === 'number' && isCells(s.cells) && isCells(s.kinds);
}

/** The protocol's reliability figures, plus where they came from. */
export interface ProviderEstimate extends ProviderReliability {
  source: 'cell' | 'pooled' | 'prior';
}

export interface KindEstimate { siteKind: string; acceptance: number; lower: number; upper: number; events: number }

export interface ReliabilitySummary {
  events: number;
  halfLifeEvents: number;
  level: number;
  providers: ProviderEstimate[];
  kinds: KindEstimate[];
}

const POOLED = '*';
const keyOf = (providerId: string, language: string, siteKind: string) => JSON.stringify([providerId, language, siteKind]);

export class ReliabilityModel {
  private clock = 0;
  private cells = new Map<string, CellState>();
  private kinds = new Map<string, CellState>();
  private readonly alpha: number;
  private readonly beta: number;
  private readonly gamma: number;
  readonly halfLifeEvents: number;
  private readonly minCell: number;
  private readonly level: number;

  constructor(private readonly opts: ReliabilityOptions = {}) {
    this.alpha = opts.prior?.alpha ?? 2;
    this.beta = opts.prior?.beta ?? 2;
    this.halfLifeEvents = opts.halfLifeEvents ?? 100;
    this.gamma = Number.isFinite(this.halfLifeEvents) && this.halfLifeEvents > 0 ? 0.5 ** (1 / this.halfLifeEvents) : 1;
    this.minCell = opts.minCellEvidence ?? 8;
    this.level = opts.level ?? 0.9;
  }

  static fromJSON(state: unknown, opts: ReliabilityOptions = {}): ReliabilityModel {
    const m = new ReliabilityModel(opts);
    const s = state as Partial<ReliabilityState> | undefined;
    if (!s || s.format !== 'weavergen-reliability' || s.version !== 1) return m;
    m.clock = Number(s.clock) || 0;
    m.cells = new Map(Object.entries(s.cells ?? {}));
    m.kinds = new Map(Object.entries(s.kinds ?? {}));
    return m;
  }

  /** Replays a stored outcome log into a fresh model. */
  static fromOutcomes(events: Iterable<OutcomeEvent>, opts: ReliabilityOptions = {}): ReliabilityModel {
    const m = new ReliabilityModel(opts);
    for (const e of events) m.observe(e);
    return m;
  }

  toJSON(): ReliabilityState {
    return { format: 'weavergen-reliability', version: 1, clock: this.clock, cells: Object.fromEntries(this.cells), kinds: Object.fromEntries(this.kinds) };
  }

  reset(): void {
    this.clock = 0;
    this.cells.clear();
    this.kinds.clear();
  }

  get events(): number {
    return this.clock;
  }

  /** Learns from one outcome. */
  observe(e: OutcomeEvent): void {
    this.clock++;
    for (const ev of evidenceOf(e, { dissentWeight: this.opts.dissentWeight })) {
      this.bump(this.cells, keyOf(ev.providerId, e.language, e.siteKind), ev.success, ev.failure);
      this.bump(this.cells, keyOf(ev.providerId, POOLED, POOLED), ev.success, ev.failure);
    }
    const a = acceptanceShare(e);
    if (a !== undefined) this.bump(this.kinds, e.siteKind, a, 1 - a);
  }

  /** Posterior mean for one provider (cell when dense enough, else pooled, else prior). */
  mean(providerId: string, language?: string, siteKind?: string): number {
    const { s, f } = this.pick(providerId, language, siteKind);
    return (this.alpha + s) / (this.alpha + this.beta + s + f);
  }

  /** Full estimate with a credible interval. */
  estimate(providerId: string, language?: string, siteKind?: string): ProviderEstimate {
    const { s, f, n, source } = this.pick(providerId, language, siteKind);
    return { providerId, ...betaSummary(this.alpha + s, this.beta + f, this.level), evidence: s + f, events: n, source };
  }

  /** Per-provider estimates (default: every provider seen). */
  weights(providerIds?: string[], language?: string, siteKind?: string): Record<string, ProviderEstimate> {
    return Object.fromEntries((providerIds ?? this.providers()).map((p) => [p, this.estimate(p, language, siteKind)]));
  }

  /** Posterior means in [0, 1], the shape `selectCluster`'s providerWeights expects. */
  consensusWeights(providerIds: string[], language?: string, siteKind?: string): Record<string, number> {
    return Object.fromEntries(providerIds.map((p) => [p, this.mean(p, language, siteKind)]));
  }

  /** Providers ordered by learned reliability (best first), for background pre-generation. */
  rankProviders(providerIds: string[], language?: string, siteKind?: string): string[] {
    return [...providerIds].sort((a, b) => this.mean(b, language, siteKind) - this.mean(a, language, siteKind) || a.localeCompare(b));
  }

  acceptance(siteKind: string): KindEstimate {
    const c = this.decayed(this.kinds.get(siteKind));
    return { siteKind, ...renameMean(betaSummary(this.alpha + c.s, this.beta + c.f, this.level)), events: c.n };
  }

  shouldPregenerate(siteKind: string): boolean {
    return this.kindMean(siteKind) >= (this.opts.pregenerateThreshold ?? 0.4);
  }

  showGhostText(siteKind: string): boolean {
    return this.kindMean(siteKind) >= (this.opts.ghostTextThreshold ?? 0.2);
  }

  providers(): string[] {
    return [...new Set([...this.cells.keys()].map((k) => (JSON.parse(k) as string[])[0]))].sort();
  }

  summary(): ReliabilitySummary {
    return {
      events: this.clock,
      halfLifeEvents: this.halfLifeEvents,
      level: this.level,
      providers: this.providers().map((p) => this.estimate(p)),
      kinds: [...this.kinds.keys()].sort().map((k) => this.acceptance(k)),
    };
  }

  private kindMean(siteKind: string): number {
    const c = this.decayed(this.kinds.get(siteKind));
    return (this.alpha + c.s) / (this.alpha + this.beta + c.s + c.f);
  }

  private pick(providerId: string, language?: string, siteKind?: string) {
    if (language !== undefined && siteKind !== undefined) {
      const cell = this.decayed(this.cells.get(keyOf(providerId, language, siteKind)));
      if (cell.s + cell.f >= this.minCell) return { ...cell, source: 'cell' as const };
    }
    const pooled = this.decayed(this.cells.get(keyOf(providerId, POOLED, POOLED)));
    return { ...pooled, source: pooled.n > 0 ? ('pooled' as const) : ('prior' as const) };
  }

  private decayed(c: CellState | undefined): CellState {
    if (!c) return { s: 0, f: 0, n: 0, last: this.clock };
    const k = this.gamma === 1 ? 1 : this.gamma ** (this.clock - c.last);
    return { s: c.s * k, f: c.f * k, n: c.n, last: this.clock };
  }

  private bump(map: Map<string, CellState>, key: string, s: number, f: number): void {
    const c = this.decayed(map.get(key));
    map.set(key, { s: c.s + s, f: c.f + f, n: c.n + 1, last: this.clock });
  }
}

function renameMean(x: { mean: number; lower: number; upper: number }) {
  return { acceptance: x.mean, lower: x.lower, upper: x.upper };
}
