/**
 * Which providers background work may use, and the cache fingerprint. Paid providers
 * (openai/anthropic) are left out unless allowed; when nothing else is left, the plan
 * names the paid provider so the scheduler refuses the job visibly ('paid-provider').
 * The fingerprint covers the provider set results are generated with and the settings
 * that shape an answer, so a settings change never serves an answer made under others.
 */
import { isPaidProviderKind } from '../scheduler';
import { providerFingerprint } from '../cache';
import type { ProviderInfo, ProviderKind } from '../protocol';
import type { WeaverSettings } from '../protocol/settings';

export interface BackgroundPlan {
  /** Provider ids background generations are restricted to (empty: none usable). */
  ids: string[];
  /** The provider shown for a job (first of `ids`, or the first paid one). */
  jobProvider?: { id: string; kind: ProviderKind };
  /**
   * The providers the scheduler gates and charges, each on its own budget: those of `ids`,
   * or, when none is allowed, the first paid one (so the scheduler refuses it visibly).
   */
  members?: { id: string; kind: ProviderKind }[];
  fingerprint: string;
}

export function backgroundPlan(infos: readonly ProviderInfo[], settings: WeaverSettings): BackgroundPlan {
  const enabled = infos.filter((i) => i.enabled);
  const allowed = settings.pregeneration.allowPaidProviders ? enabled : enabled.filter((i) => !isPaidProviderKind(i.kind));
  const first = allowed[0] ?? enabled[0];
  const byId = new Map(settings.providers.map((p) => [p.id, p]));
  const fingerprint = providerFingerprint(
    allowed.map((i) => ({ id: i.id, kind: i.kind, model: i.model, baseURL: i.baseURL, maxTokens: byId.get(i.id)?.maxTokens, temperature: byId.get(i.id)?.temperature })),
    { maxContextTokens: settings.maxContextTokens, orchestra: settings.orchestra, execution: settings.execution.enabled },
  );
  const members = (allowed.length ? allowed : enabled.slice(0, 1)).map((i) => ({ id: i.id, kind: i.kind }));
  return { ids: allowed.map((i) => i.id), jobProvider: first && { id: first.id, kind: first.kind }, members, fingerprint };
}
