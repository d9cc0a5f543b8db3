/**
 * The team server's ACL user and password. They live in the client's SecretStorage and
 * reach the server in memory only, like the API keys (protocol `weavergen/secrets`): the
 * client adds `team: { username?, password }` to SecretsParams. Never in settings, logs,
 * spans or on the team server itself.
 */
export interface TeamCredentials {
  username?: string;
  password?: string;
}

/** The credentials in a secrets payload, or {} (hostile shapes are ignored). */
export function teamCredentialsOf(secrets: unknown): TeamCredentials {
  const t = (secrets as { team?: unknown } | null)?.team as Record<string, unknown> | undefined;
  if (!t || typeof t !== 'object') return {};
  const out: TeamCredentials = {};
  if (typeof t.username === 'string' && t.username) out.username = t.username;
  if (typeof t.password === 'string' && t.password) out.password = t.password;
  return out;
}
