import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { Storage } from '../storage';
import { storageConfigFromEnv } from '../storage-config';
import { ConfigStoreError, GLOBAL_SCOPE, defineConfigType } from './config-type';

const stack = inject('stack');
const storage = new Storage(storageConfigFromEnv({ ...stack.env, ES_INDEX_PREFIX: `lscfg${Date.now().toString(36)}` }));

const RULE = defineConfigType({
  name: 'test-rule',
  level: 'project',
  schema: z.object({ name: z.string().max(50), service: z.string(), threshold: z.number() }),
  lookups: ['service'],
});
const ACCOUNT = defineConfigType({ name: 'test-account', level: 'global', schema: z.object({ digest: z.string() }), lookups: ['digest'], credentialLookup: 'digest' });
const acme = { tenantId: 'acme', projectId: 'shop' };
const globex = { tenantId: 'globex', projectId: 'shop' };

beforeAll(() => storage.configStore.ensureIndex());
afterAll(async () => {
  await storage.configStore.purge();
  await storage.close();
});

describe('config store', () => {
  it('never returns another tenant’s object: not by id, not by find, not by update or delete', async () => {
    const rules = storage.configStore.of(RULE);
    const mine = await rules.create(acme, { name: 'slow checkout', service: 'checkout', threshold: 500 });
    await rules.create(globex, { name: 'theirs', service: 'checkout', threshold: 1 });
    expect((await rules.get(acme, mine.id))?.attributes.name).toBe('slow checkout');
    expect(await rules.get(globex, mine.id)).toBeNull();
    expect(await rules.get({ tenantId: 'acme', projectId: 'other' }, mine.id)).toBeNull();
    expect((await rules.find(globex, { where: { service: 'checkout' } })).items.map((r) => r.attributes.name)).toEqual(['theirs']);
    await expect(rules.update(globex, mine.id, { name: 'hijack', service: 'x', threshold: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await rules.delete(globex, mine.id)).toBe(false);
    expect((await rules.get(acme, mine.id))?.attributes.name).toBe('slow checkout');
  });

  it('refuses a stale version (optimistic concurrency) and retries in modify', async () => {
    const rules = storage.configStore.of(RULE);
    const created = await rules.create(acme, { name: 'a', service: 'cart', threshold: 1 });
    const first = await rules.update(acme, created.id, { ...created.attributes, threshold: 2 }, { version: created.version });
    await expect(rules.update(acme, created.id, { ...created.attributes, threshold: 3 }, { version: created.version })).rejects.toBeInstanceOf(ConfigStoreError);
    await expect(rules.update(acme, created.id, { ...created.attributes, threshold: 3 }, { version: created.version })).rejects.toMatchObject({ code: 'CONFLICT' });
    const results = await Promise.all(Array.from({ length: 4 }, () => rules.modify(acme, created.id, (r) => ({ ...r, threshold: r.threshold + 1 }), { attempts: 10 })));
    expect(results).toHaveLength(4);
    expect((await rules.get(acme, created.id))?.attributes.threshold).toBe(first.attributes.threshold + 4);
  });

  it('validates on write, refuses duplicate ids and pages with a cursor', async () => {
    const rules = storage.configStore.of(RULE);
    await expect(rules.create(acme, { name: 'x'.repeat(51), service: 's', threshold: 1 })).rejects.toMatchObject({ code: 'INVALID' });
    await rules.create(acme, { name: 'fixed', service: 'pay', threshold: 1 }, { id: 'fixed-id' });
    await expect(rules.create(acme, { name: 'fixed', service: 'pay', threshold: 1 }, { id: 'fixed-id' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const scope = { tenantId: 'paging', projectId: 'p' };
    for (let i = 0; i < 5; i++) await rules.create(scope, { name: `r${i}`, service: 's', threshold: i });
    const first = await rules.find(scope, { limit: 2, order: 'oldest' });
    const second = await rules.find(scope, { limit: 2, order: 'oldest', after: first.next! });
    const third = await rules.find(scope, { limit: 2, order: 'oldest', after: second.next! });
    expect([...first.items, ...second.items, ...third.items].map((r) => r.attributes.name)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(third.next).toBeNull();
    await expect(rules.find(scope, { where: { name: 'r1' } as never })).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('resolves a credential digest across tenants only for types that declare it', async () => {
    const accounts = storage.configStore.of(ACCOUNT);
    await accounts.create(GLOBAL_SCOPE, { digest: 'd1' }, { id: 'a1' });
    expect((await accounts.resolveCredential('d1'))?.id).toBe('a1');
    expect(await accounts.resolveCredential('d2')).toBeNull();
    await expect(storage.configStore.of(RULE).resolveCredential('d1')).rejects.toMatchObject({ code: 'INVALID' });
    await expect(accounts.get(acme as never, 'a1')).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('gives found objects a version that makes an update conditional (single-use invitations rely on it)', async () => {
    const accounts = storage.configStore.of(ACCOUNT);
    await accounts.create(GLOBAL_SCOPE, { digest: 'v1' }, { id: 'v-acc' });
    const found = await accounts.resolveCredential('v1');
    expect(found).not.toBeNull();
    await accounts.update(GLOBAL_SCOPE, 'v-acc', { digest: 'v2' }, { version: found!.version });
    await expect(accounts.update(GLOBAL_SCOPE, 'v-acc', { digest: 'v3' }, { version: found!.version })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
