import { createHash, timingSafeEqual } from 'node:crypto';
import type { TenantScope } from '@linkscope/domain';

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** `unavailable`: the key store could not be asked (answered 503 so senders retry), never a 401. */
export type KeyResolution = { status: 'ok'; scope: TenantScope } | { status: 'unknown' } | { status: 'unavailable' };

/** Where keys managed through the api are looked up (the tenancy package's cached resolver). */
export interface StoredIngestKeys {
  resolve(key: string | undefined): Promise<KeyResolution>;
}

/**
 * Resolves an ingest key to its tenant scope: first among fixed keys given at construction
 * (tests), held only as SHA-256 digests and compared in constant time, then in the stored keys
 * (project keys created, rotated and revoked through the api).
 */
export class IngestKeyRegistry {
  private readonly entries: { digest: Buffer; scope: TenantScope }[];

  constructor(
    keys: readonly { key: string; tenantId: string; projectId: string }[],
    private readonly stored?: StoredIngestKeys,
  ) {
    this.entries = keys.map((k) => ({ digest: digest(k.key), scope: { tenantId: k.tenantId, projectId: k.projectId } }));
  }

  async resolve(key: string | undefined): Promise<KeyResolution> {
    if (!key) return { status: 'unknown' };
    const candidate = digest(key);
    let found: TenantScope | null = null;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, candidate)) found = entry.scope;
    if (found) return { status: 'ok', scope: found };
    return this.stored ? this.stored.resolve(key) : { status: 'unknown' };
  }
}

/** The key from `x-linkscope-ingest-key`, or from `Authorization: Bearer <key>`. */
export function ingestKeyFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const direct = headers['x-linkscope-ingest-key'];
  if (typeof direct === 'string' && direct.length > 0) return direct.trim();
  const authorization = headers['authorization'];
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (match) return match[1];
  }
  return undefined;
}
