import type { TenantScope } from '@linkscope/domain';
import type { ConfigStore } from '@linkscope/storage';
import { digestSecret } from './secrets';
import { INGEST_KEY } from './tenancy-types';

/** The outcome of resolving an ingest key. `unavailable`: the store could not be asked and nothing was cached. */
export type IngestKeyResolution = { status: 'ok'; scope: TenantScope } | { status: 'unknown' } | { status: 'unavailable' };

export interface IngestKeyCacheOptions {
  /** How long an answer (known, unknown or revoked) is reused: the bound on how late a revocation takes effect. */
  readonly ttlSeconds: number;
  /** Most keys remembered; the least recently used is dropped past it. */
  readonly maxEntries: number;
  /** While the store is unreachable, a known key keeps working this long past its TTL. */
  readonly staleIfErrorSeconds: number;
}

export const DEFAULT_INGEST_KEY_CACHE: IngestKeyCacheOptions = { ttlSeconds: 10, maxEntries: 10_000, staleIfErrorSeconds: 3600 };

interface Entry {
  readonly scope: TenantScope | null;
  readonly fetchedAtMs: number;
}

/**
 * Resolves ingest keys to tenant scopes through the config store, with a small bounded LRU cache.
 * A revoked key is refused within `ttlSeconds`. When Elasticsearch is unreachable, keys seen in
 * the last `staleIfErrorSeconds` keep working (ingest does not depend on Elasticsearch being up);
 * unseen keys get `unavailable`, which the collector answers with 503 so SDKs retry.
 */
export class IngestKeyResolver {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<IngestKeyResolution>>();
  private readonly keys;

  constructor(
    store: ConfigStore,
    private readonly options: IngestKeyCacheOptions = DEFAULT_INGEST_KEY_CACHE,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = store.of(INGEST_KEY);
  }

  async resolve(key: string | undefined): Promise<IngestKeyResolution> {
    if (!key || key.length < 16 || key.length > 256) return { status: 'unknown' };
    const digest = digestSecret(key);
    const cached = this.cache.get(digest);
    if (cached && this.now() - cached.fetchedAtMs < this.options.ttlSeconds * 1000) {
      this.cache.delete(digest);
      this.cache.set(digest, cached);
      return cached.scope ? { status: 'ok', scope: cached.scope } : { status: 'unknown' };
    }
    // One lookup per key at a time, however many requests carry it.
    let pending = this.inFlight.get(digest);
    if (!pending) {
      pending = this.lookup(digest, cached).finally(() => this.inFlight.delete(digest));
      this.inFlight.set(digest, pending);
    }
    return pending;
  }

  /** Entries held now (for tests and metrics). */
  get size(): number {
    return this.cache.size;
  }

  private async lookup(digest: string, stale: Entry | undefined): Promise<IngestKeyResolution> {
    let scope: TenantScope | null;
    try {
      const key = await this.keys.resolveCredential(digest);
      scope = key && key.tenantId && key.projectId && key.attributes.revokedAt === null ? { tenantId: key.tenantId, projectId: key.projectId } : null;
    } catch {
      if (stale?.scope && this.now() - stale.fetchedAtMs < (this.options.ttlSeconds + this.options.staleIfErrorSeconds) * 1000) {
        return { status: 'ok', scope: stale.scope };
      }
      return { status: 'unavailable' };
    }
    this.cache.delete(digest);
    if (this.cache.size >= this.options.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(digest, { scope, fetchedAtMs: this.now() });
    return scope ? { status: 'ok', scope } : { status: 'unknown' };
  }
}
