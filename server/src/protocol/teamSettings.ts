/**
 * `weavergen.team.*`: off by default. `url` is machine-scoped (a repository cannot send your
 * counts or code to its own server); sharing code is a separate opt-in from sharing counts.
 * The ACL user and password never appear here: they come from secret storage (team/credentials.ts).
 * Read by checkSettings (settings.ts) as `WeaverSettings.team`; used by server/src/team/.
 */
import { SettingsReader } from './settingsReader';

/** A team's key prefix: 1-64 of A-Z a-z 0-9 _ -. */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface TeamSettings {
  /** redis:// or rediss:// URL of the team's Redis/Valkey server; '' = team mode off. */
  url: string;
  /** Key prefix of the team (one ACL user per team is restricted to it). */
  namespace: string;
  /** Share validated results (code) with the team; default false (counts only). */
  shareCode: boolean;
  /** Weight λ of the teammates' evidence in the blended reliability, 0..1. */
  teamWeight: number;
  /** Lifetime of a shared result on the server, hours. */
  resultTtlHours: number;
  /** Only results with at least this quality (0-100) are shared. */
  minQuality: number;
  /** Deadline of one call to the team server, ms. */
  timeoutMs: number;
}

export const DEFAULT_TEAM_SETTINGS: TeamSettings = {
  url: '', namespace: 'team', shareCode: false, teamWeight: 0.5, resultTtlHours: 24, minQuality: 60, timeoutMs: 250,
};

const isRedisUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return (u.protocol === 'redis:' || u.protocol === 'rediss:') && !u.password;
  } catch {
    return false;
  }
};

/** Reads the `weavergen.team` object. */
export function resolveTeam(raw: unknown, r = new SettingsReader()): TeamSettings {
  const t = r.section('weavergen.team', raw);
  const d = DEFAULT_TEAM_SETTINGS;
  const url = typeof t.url === 'string' ? t.url.trim() : t.url;
  const ns = t.namespace;
  return {
    url: url === undefined || url === '' ? '' : typeof url === 'string' && isRedisUrl(url) ? url
      : (r.refuse('weavergen.team.url', 'must be a redis:// or rediss:// URL without a password (the password is a secret)'), ''),
    namespace: ns === undefined ? d.namespace : typeof ns === 'string' && NAMESPACE_PATTERN.test(ns) ? ns
      : (r.refuse('weavergen.team.namespace', 'must be 1-64 of A-Z a-z 0-9 _ -'), d.namespace),
    shareCode: r.bool('weavergen.team.shareCode', t.shareCode, d.shareCode),
    teamWeight: r.number('weavergen.team.teamWeight', t.teamWeight, d.teamWeight, { min: 0, max: 1 }),
    resultTtlHours: r.number('weavergen.team.resultTtlHours', t.resultTtlHours, d.resultTtlHours, { min: 0.01, max: 24 * 30 }),
    minQuality: r.number('weavergen.team.minQuality', t.minQuality, d.minQuality, { min: 0, max: 100 }),
    timeoutMs: r.number('weavergen.team.timeoutMs', t.timeoutMs, d.timeoutMs, { min: 10, max: 5000, integer: true }),
  };
}
