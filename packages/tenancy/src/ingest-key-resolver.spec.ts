import type { ConfigStore } from '@linkscope/storage';
import { describe, expect, it } from 'vitest';
import { IngestKeyResolver } from './ingest-key-resolver';
import { digestSecret } from './secrets';

/** A config store whose one ingest key can be revoked or made unreachable, counting lookups. */
function fakeStore() {
  const state = { revoked: false, down: false, lookups: 0 };
  const key = 'ls_ik_0123456789abcdefghij';
  const store = {
    of: () => ({
      resolveCredential: async (digest: string) => {
        state.lookups += 1;
        if (state.down) throw new Error('connect ECONNREFUSED');
        if (digest !== digestSecret(key)) return null;
        return { id: 'k1', tenantId: 'acme', projectId: 'shop', attributes: { revokedAt: state.revoked ? '2026-01-01T00:00:00Z' : null } };
      },
    }),
  } as unknown as ConfigStore;
  return { store, state, key };
}

describe('IngestKeyResolver', () => {
  it('caches answers for the TTL, then sees a revocation', async () => {
    const { store, state, key } = fakeStore();
    let now = 1_000_000;
    const resolver = new IngestKeyResolver(store, { ttlSeconds: 10, maxEntries: 100, staleIfErrorSeconds: 60 }, () => now);
    expect(await resolver.resolve(key)).toEqual({ status: 'ok', scope: { tenantId: 'acme', projectId: 'shop' } });
    state.revoked = true;
    now += 9_999;
    expect((await resolver.resolve(key)).status).toBe('ok');
    expect(state.lookups).toBe(1);
    now += 1;
    expect(await resolver.resolve(key)).toEqual({ status: 'unknown' });
    expect(state.lookups).toBe(2);
  });

  it('keeps a known key working while the store is unreachable, but not an unseen one', async () => {
    const { store, state, key } = fakeStore();
    let now = 0;
    const resolver = new IngestKeyResolver(store, { ttlSeconds: 10, maxEntries: 100, staleIfErrorSeconds: 60 }, () => now);
    await resolver.resolve(key);
    state.down = true;
    now = 30_000;
    expect((await resolver.resolve(key)).status).toBe('ok');
    expect(await resolver.resolve('ls_ik_never_seen_before_key')).toEqual({ status: 'unavailable' });
    now = 71_000;
    expect(await resolver.resolve(key)).toEqual({ status: 'unavailable' });
  });

  it('stays within maxEntries and makes one lookup for concurrent requests with the same key', async () => {
    const { store, state, key } = fakeStore();
    const resolver = new IngestKeyResolver(store, { ttlSeconds: 10, maxEntries: 3, staleIfErrorSeconds: 60 });
    await Promise.all(Array.from({ length: 20 }, () => resolver.resolve(key)));
    expect(state.lookups).toBe(1);
    for (let i = 0; i < 10; i++) await resolver.resolve(`ls_ik_unknown_key_number_${i}`);
    expect(resolver.size).toBe(3);
  });

  it('refuses absent, short and oversized keys without a lookup', async () => {
    const { store, state } = fakeStore();
    const resolver = new IngestKeyResolver(store);
    for (const key of [undefined, '', 'short', 'x'.repeat(300)]) expect(await resolver.resolve(key)).toEqual({ status: 'unknown' });
    expect(state.lookups).toBe(0);
  });
});
