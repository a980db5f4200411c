import { describe, expect, it } from 'vitest';
import { traceAggregateQuerySchema, traceCompareQuerySchema, traceSearchQuerySchema } from './trace-queries.schema';

const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('GET /api/v1/traces/search query', () => {
  it('parses the query text and fills the defaults', () => {
    const parsed = traceSearchQuerySchema.parse({ q: 'service=checkout AND duration>1s', from: '1000', to: '5000' });
    expect(parsed).toEqual({
      where: { op: 'and', args: [{ op: 'match', field: 'service', value: 'checkout', prefix: false }, { op: 'duration', cmp: 'gt', ns: 1e9 }] },
      fromMs: 1000,
      toMs: 5000,
      sort: 'newest',
      limit: 50,
    });
  });

  it('answers a bad query with the position of the problem', () => {
    expect(messages(traceSearchQuerySchema.safeParse({ q: 'service=a AND (' }))).toEqual(['q: the query ends where a term was expected (at character 16)']);
    expect(messages(traceSearchQuerySchema.safeParse({ q: 'colour=red' }))[0]).toContain('unknown field "colour"');
  });

  it('bounds the page size, the window, the sort and the cursor', () => {
    expect(messages(traceSearchQuerySchema.safeParse({ limit: '201' }))[0]).toMatch(/^limit:/);
    expect(messages(traceSearchQuerySchema.safeParse({ from: '0', to: String(32 * 86_400_000) }))).toEqual(['from: the window is at most 31 days']);
    expect(messages(traceSearchQuerySchema.safeParse({ from: '10', to: '5' }))).toEqual(['from: from must not be after to']);
    expect(messages(traceSearchQuerySchema.safeParse({ sort: 'random' }))[0]).toMatch(/^sort:/);
    expect(messages(traceSearchQuerySchema.safeParse({ cursor: 'x'.repeat(4097) }))[0]).toMatch(/^cursor:/);
  });
});

describe('compare and aggregate queries', () => {
  it('need two valid trace ids', () => {
    expect(messages(traceCompareQuerySchema.safeParse({ base: 'abc', other: 'a'.repeat(32) }))).toEqual(['base: a trace id is 32 hexadecimal characters']);
  });

  it('need a service and exactly one of route and operation', () => {
    expect(traceAggregateQuerySchema.safeParse({ service: 'shop', route: '/order/submit' }).success).toBe(true);
    expect(messages(traceAggregateQuerySchema.safeParse({ service: 'shop' }))).toEqual(['route: give exactly one of route and operation']);
    expect(messages(traceAggregateQuerySchema.safeParse({ service: 'shop', route: '/a', operation: 'GET /a' }))).toEqual(['route: give exactly one of route and operation']);
    expect(messages(traceAggregateQuerySchema.safeParse({ service: 'shop', route: '/a', sample: '501' }))[0]).toMatch(/^sample:/);
  });
});
