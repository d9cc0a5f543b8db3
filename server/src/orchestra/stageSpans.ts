/**
 * Stage spans of the generation pipeline before the decision: site finding + prompt
 * (`weavergen.context`), fan-out (`weavergen.fanout`) and extraction (`weavergen.extract`).
 * Attributes are counts, outcomes and sizes only; never code, prompts or symbol names.
 */
import { performance } from 'node:perf_hooks';
import type { FoundSite } from '../context/siteFinder';
import type { Attrs, Telemetry, TraceSpan } from '../telemetry';
import { WG } from '../telemetry';
import type { Extracted, SiteCandidate } from './candidates';
import type { FanOutResult } from './fanOut';

/**
 * A span around `fn` that does NOT become the current span: what `fn` starts (provider
 * calls) stays a child of the current span. For stages whose inner spans keep their place.
 */
export async function besideSpan<T>(
  telemetry: Telemetry, name: string, attrs: Attrs, fn: () => Promise<T>, after: (span: TraceSpan, value: T) => void, signal?: AbortSignal,
): Promise<T> {
  const span = telemetry.startSpan(name, attrs);
  try {
    const value = await fn();
    after(span, value);
    span.ok();
    return value;
  } catch (e) {
    span.fail(e, signal);
    throw e;
  } finally {
    span.end();
  }
}

export function contextAttributes(found: FoundSite, prompt: { tokens: number; system: string; user: string }): Attrs {
  return {
    [WG.siteKind]: found.site.kind,
    [WG.promptTokens]: prompt.tokens,
    [WG.promptChars]: prompt.system.length + prompt.user.length,
  };
}

export function fanoutRequestAttributes(providerIds: string[], o: { samplesPerProvider: number; quorum: number }): Attrs {
  return {
    [WG.providersAsked]: providerIds.length,
    [WG.providerIds]: providerIds,
    [WG.samplesPerProvider]: o.samplesPerProvider,
    [WG.quorum]: o.quorum,
  };
}

export function fanoutResultAttributes(fan: FanOutResult<Extracted>): Attrs {
  return {
    [WG.samplesAccepted]: fan.samples.length,
    [WG.providersOk]: fan.uses.filter((u) => u.status === 'ok').length,
    [WG.stoppedBy]: fan.stoppedBy,
    [WG.quorumReached]: fan.stoppedBy === 'quorum',
    [WG.missingProviders]: fan.missing.map((m) => m.providerId),
    [WG.missingReasons]: fan.missing.map((m) => (m.reason.startsWith(`${m.providerId}:`) ? m.reason : `${m.providerId}: ${m.reason}`)),
  };
}

/** What extraction did with the answers of one fan-out (filled while the answers arrive). */
export interface ExtractStats {
  answers: number;
  accepted: number;
  /** Answers with no new code (empty, only repeats the surrounding text or the site's stub). */
  noNewCode: number;
  ms: number;
}

/** `accept` that also counts into `stats`. */
export function countingAccept<A extends unknown[], R>(accept: (...args: A) => R | null, stats: ExtractStats): (...args: A) => R | null {
  return (...args: A) => {
    const t0 = performance.now();
    const out = accept(...args);
    stats.ms += performance.now() - t0;
    stats.answers++;
    if (out) stats.accepted++;
    else stats.noNewCode++;
    return out;
  };
}

export function newExtractStats(): ExtractStats {
  return { answers: 0, accepted: 0, noNewCode: 0, ms: 0 };
}

export function extractAttributes(stats: ExtractStats, candidates: SiteCandidate[]): Attrs {
  const reasons: string[] = [];
  if (stats.noNewCode) reasons.push(`no_new_code:${stats.noNewCode}`);
  return {
    [WG.answersIn]: stats.answers,
    [WG.candidatesOut]: candidates.length,
    [WG.dropped]: stats.noNewCode,
    [WG.droppedReasons]: reasons,
    [WG.duplicatesMerged]: stats.accepted - candidates.length,
    [WG.extractMs]: Math.round(stats.ms * 100) / 100,
  };
}
