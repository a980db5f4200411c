import type { BusinessRule, TenantScope } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { BusinessRuleCache, RULE_CACHE_MS } from './business-rule-cache';

const rule = (name: string): BusinessRule => ({ id: `br-${name}`, name, enabled: true, match: { service: 'svc', attributes: [] }, success: { type: 'span-status' } });
const scope: TenantScope = { tenantId: 't', projectId: 'p' };

describe('BusinessRuleCache', () => {
  it('reads a project once per period, and again after it', async () => {
    let now = 0;
    const reads: string[] = [];
    const cache = new BusinessRuleCache(async (s) => {
      reads.push(s.projectId);
      return [rule(`r${reads.length}`)];
    }, () => now);
    expect((await cache.rulesFor(scope))[0]!.name).toBe('r1');
    now += RULE_CACHE_MS - 1;
    expect((await cache.rulesFor(scope))[0]!.name).toBe('r1');
    now += 1;
    expect((await cache.rulesFor(scope))[0]!.name).toBe('r2');
    expect(reads).toEqual(['p', 'p']);
  });

  it('shares one read between concurrent batches of a project, and keeps projects apart', async () => {
    let reads = 0;
    const cache = new BusinessRuleCache(async (s) => {
      reads++;
      return [rule(s.projectId)];
    });
    const [a, b, c] = await Promise.all([cache.rulesFor(scope), cache.rulesFor(scope), cache.rulesFor({ tenantId: 't', projectId: 'q' })]);
    expect(a).toBe(b);
    expect(c[0]!.name).toBe('q');
    expect(reads).toBe(2);
  });

  it('keeps the last rules known when a read fails, and fails the batch when none are known', async () => {
    let now = 0;
    let failing = false;
    const cache = new BusinessRuleCache(async () => {
      if (failing) throw new Error('elasticsearch down');
      return [rule('kept')];
    }, () => now);
    await cache.rulesFor(scope);
    failing = true;
    now += RULE_CACHE_MS;
    expect((await cache.rulesFor(scope))[0]!.name).toBe('kept');
    await expect(cache.rulesFor({ tenantId: 't', projectId: 'new' })).rejects.toThrow('elasticsearch down');
  });
});
