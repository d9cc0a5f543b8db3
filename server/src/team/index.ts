/** Team mode: reliability and validated results shared through a Redis/Valkey server (docs/team.md). */
export { TeamSession, type TeamSessionOptions, type TeamStatus } from './session';
export { RedisTeamStore, type RedisStoreOptions } from './redisStore';
export { isTeamTimeout, TeamTimeoutError, type IncrementBatch, type TeamStore } from './store';
export { TeamKeys, NAMESPACE_PATTERN, type TeamCell } from './keys';
export { TeamReliability, type TeamCounts, type TeamReliabilityOptions } from './teamReliability';
export { TeamResults, teamResultKey, type TeamResultsOptions } from './teamResults';
export { toShared, parseShared, type SharedResult } from './sharedResult';
export { blend, ownCounts, type BlendedEstimate } from './blend';
export { laplace, privatize, seededRandom } from './dp';
export { resolveTeam, DEFAULT_TEAM_SETTINGS, type TeamSettings } from '../protocol/teamSettings';
export { teamCredentialsOf, type TeamCredentials } from './credentials';
export { serveWithTeam, adoptInto, type Served } from './front';
export { TeamRuntime, type TeamRuntimeDeps } from './runtime';
