import { createHash, timingSafeEqual } from 'node:crypto';
import type { TenantScope } from '@linkscope/domain';

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Resolves an ingest key to its tenant scope. Keys are held only as SHA-256 digests and
 * compared in constant time. (Project keys managed through the API replace this static
 * registry with the tenancy work; the interface stays.)
 */
export class IngestKeyRegistry {
  private readonly entries: { digest: Buffer; scope: TenantScope }[];

  constructor(keys: readonly { key: string; tenantId: string; projectId: string }[]) {
    this.entries = keys.map((k) => ({ digest: digest(k.key), scope: { tenantId: k.tenantId, projectId: k.projectId } }));
  }

  resolve(key: string | undefined): TenantScope | null {
    if (!key) return null;
    const candidate = digest(key);
    let found: TenantScope | null = null;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, candidate)) found = entry.scope;
    return found;
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
