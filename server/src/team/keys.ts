/**
 * Every key and channel the team uses, under one prefix per team (`<namespace>:`), so that a
 * Redis ACL user restricted to `~<namespace>:*` and `&<namespace>:*` sees only its team.
 * Whatever names code, paths or providers is an HMAC keyed by the namespace: the server
 * holds no readable identifier, and two teams' hashes of the same thing differ.
 */
import { createHmac } from 'node:crypto';
import { NAMESPACE_PATTERN } from '../protocol/teamSettings';

export { NAMESPACE_PATTERN };

/** A reliability cell as shared: the provider by kind and model (local ids are per user). */
export interface TeamCell { provider: string; language: string; siteKind: string }

export class TeamKeys {
  constructor(readonly namespace: string) {
    if (!NAMESPACE_PATTERN.test(namespace)) throw new Error('team namespace must be 1-64 of A-Z a-z 0-9 _ -');
  }

  /** Keyed hash of an identifier (24 hex chars). */
  hash(value: string): string {
    return createHmac('sha256', this.namespace).update(value).digest('hex').slice(0, 24);
  }

  /** The field prefix of one reliability cell inside a bucket hash. */
  cell(c: TeamCell): string {
    return this.hash(JSON.stringify(['cell', c.provider, c.language, c.siteKind]));
  }

  /** The hash of reliability counts for one time bucket (fields `<cell>.s|f|n`). */
  reliabilityBucket(bucket: number): string {
    return `${this.namespace}:rel:${bucket}`;
  }

  /** A shared result: the site's local-context hash, its kind and the provider-set fingerprint. */
  result(siteKind: string, contextHash: string, fingerprint: string): string {
    return `${this.namespace}:res:${this.hash(JSON.stringify(['res', siteKind, contextHash, fingerprint]))}`;
  }

  /** Idempotency key of one increment batch. */
  op(clientId: string, seq: number): string {
    return `${this.namespace}:op:${clientId}:${seq}`;
  }

  /** Live updates (new shared results). */
  get channel(): string {
    return `${this.namespace}:updates`;
  }

  /** True when `key` lies inside this team's prefix (a message naming another team's key is dropped). */
  owns(key: string): boolean {
    return key.startsWith(`${this.namespace}:`);
  }
}
