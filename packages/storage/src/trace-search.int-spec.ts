import { type SpanRecord, type TenantScope, asDurationNs, asEpochNs, parseTraceQuery } from '@linkscope/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Storage } from './storage';
import { storageConfigFromEnv } from './storage-config';
import { TraceCursorError } from './trace-summary.repository';

const stack = inject('stack');
const storage = new Storage(storageConfigFromEnv({ ...stack.env, ES_INDEX_PREFIX: `lsint${Date.now().toString(36)}s` }));
const acme: TenantScope = { tenantId: 'acme', projectId: 'shop' };
const globex: TenantScope = { tenantId: 'globex', projectId: 'shop' };
const nowMs = Date.now();
const window = { fromMs: nowMs - 3_600_000, toMs: nowMs + 60_000 };

function span(traceNo: number, spanNo: number, fields: Partial<SpanRecord> & { atMs: number; ms: number }): SpanRecord {
  const { atMs, ms, ...rest } = fields;
  return {
    traceId: traceNo.toString(16).padStart(32, '0'),
    spanId: (traceNo * 100 + spanNo).toString(16).padStart(16, '0'),
    parentSpanId: null,
    name: 'GET /orders',
    kind: 'server',
    serviceName: 'gateway',
    startEpochNs: asEpochNs(BigInt(nowMs - 600_000 + atMs) * 1_000_000n),
    durationNs: asDurationNs(ms * 1_000_000),
    statusCode: 'unset',
    statusMessage: '',
    attributes: {},
    resourceAttributes: {},
    scopeName: 'test',
    events: [],
    links: [],
    ...rest,
  };
}

const root = (traceNo: number, atMs: number, ms: number, attributes: SpanRecord['attributes'] = {}) =>
  span(traceNo, 0, { atMs, ms, attributes: { 'http.route': '/orders/:id', ...attributes } });
const child = (traceNo: number, spanNo: number, atMs: number, ms: number, fields: Partial<SpanRecord> = {}) =>
  span(traceNo, spanNo, { atMs, ms, parentSpanId: (traceNo * 100).toString(16).padStart(16, '0'), kind: 'client', name: 'SELECT', serviceName: 'orders', ...fields });

// Trace 1: fast, ok, db redis. Trace 2: slow, error in payments. Trace 3: an async child makes the
// whole trace long though its root is short. Trace 4: globex's.
const traces = {
  fast: [root(1, 0, 20, { 'user.tier': 'gold' }), child(1, 1, 2, 5, { attributes: { 'db.system.name': 'redis' } })],
  slow: [root(2, 1000, 900), child(2, 1, 1010, 800, { serviceName: 'payments', name: 'POST /charge', statusCode: 'error', attributes: { 'http.response.status_code': 503 } })],
  async: [root(3, 2000, 10, { 'user.tier': 'silver' }), child(3, 1, 2005, 3000, { kind: 'producer', name: 'publish' })],
};

beforeAll(async () => {
  await storage.ensureTemplates();
  // Each trace arrives in two batches (root last), as it does from two services.
  for (const spans of Object.values(traces)) {
    await storage.traceSummaries.mergeSpans(acme, spans.slice(1));
    await storage.traceSummaries.mergeSpans(acme, spans.slice(0, 1));
  }
  await storage.traceSummaries.mergeSpans(globex, [root(4, 500, 50)]);
  await storage.refreshSpans();
});
afterAll(async () => {
  await storage.purge();
  await storage.close();
});

const ids = (hits: { traceId: string }[]) => hits.map((hit) => Number.parseInt(hit.traceId, 16));
const search = async (q: string, sort: 'newest' | 'slowest' = 'newest', scope = acme) =>
  ids((await storage.traceSummaries.search(scope, { ...window, where: parseTraceQuery(q), sort, limit: 50 })).traces);

describe('trace search over per-trace summaries', () => {
  it('merges batches into one summary per trace: whole-trace duration, counts, root', async () => {
    const { traces: hits } = await storage.traceSummaries.search(acme, { ...window, where: null, sort: 'newest', limit: 50 });
    expect(ids(hits)).toEqual([3, 2, 1]);
    expect(hits.find((h) => h.traceId.endsWith('3'))).toMatchObject({ durationNs: 3_005_000_000, spanCount: 2, errorCount: 0, rootOperation: 'GET /orders', serviceNames: ['orders', 'gateway'] });
    expect(hits.find((h) => h.traceId.endsWith('2'))).toMatchObject({ durationNs: 900_000_000, errorCount: 1 });
  });

  it('is idempotent: merging the same batch again (a retried job) changes no count', async () => {
    await storage.traceSummaries.mergeSpans(acme, traces.slow.slice(1));
    await storage.traceSummaries.mergeSpans(acme, traces.slow.slice(0, 1));
    await storage.refreshSpans();
    const { traces: hits } = await storage.traceSummaries.search(acme, { ...window, where: parseTraceQuery('error'), sort: 'newest', limit: 5 });
    expect(hits).toEqual([expect.objectContaining({ spanCount: 2, errorCount: 1 })]);
  });

  it('keeps every batch when a merge read its summary before another batch of the trace was written (the write conflicts, reads again, merges)', async () => {
    const initech: TenantScope = { tenantId: 'initech', projectId: 'shop' };
    await storage.traceSummaries.mergeSpans(initech, [root(5, 3000, 40)]);
    // The worker reads a batch's summaries while its spans are being written; meanwhile another batch of the trace lands.
    const early = storage.traceSummaries.prepareMerge(initech, [child(5, 1, 3010, 20, { statusCode: 'error' })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await storage.traceSummaries.mergeSpans(initech, [child(5, 2, 3020, 10)]);
    await early.write();
    await storage.refreshSpans();
    const { traces: hits } = await storage.traceSummaries.search(initech, { ...window, where: null, sort: 'newest', limit: 5 });
    expect(hits).toEqual([expect.objectContaining({ spanCount: 3, errorCount: 1 })]);
  });

  it('filters by service, operation, route, status, attributes (exact, prefix, exists, missing) with AND / OR / NOT', async () => {
    expect(await search('service=payments')).toEqual([2]);
    expect(await search('operation=publish')).toEqual([3]);
    expect(await search('route=/orders/*')).toEqual([3, 2, 1]);
    expect(await search('status=error')).toEqual([2]);
    expect(await search('http.status=503')).toEqual([2]);
    expect(await search('error.service=payments')).toEqual([2]);
    expect(await search('attr.db.system.name=redis')).toEqual([1]);
    expect(await search('attr.user.tier=gol*')).toEqual([1]);
    expect(await search('attr.user.tier exists')).toEqual([3, 1]);
    expect(await search('attr.user.tier missing')).toEqual([2]);
    expect(await search('attr.user.tier=gold OR service=payments')).toEqual([2, 1]);
    expect(await search('NOT error AND NOT attr.user.tier=silver')).toEqual([1]);
    expect(await search('root.service=gateway root.operation="GET /orders"')).toEqual([3, 2, 1]);
  });

  it('filters and sorts by the duration of the whole trace, not of any span', async () => {
    // Trace 3's root lasts 10 ms; its async child makes the trace 3 s.
    expect(await search('duration>2s')).toEqual([3]);
    expect(await search('duration>=100ms AND duration<1s')).toEqual([2]);
    expect(await search('', 'slowest')).toEqual([3, 2, 1]);
  });

  it('pages deep with a cursor and refuses a cursor for another query', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await storage.traceSummaries.search(acme, { ...window, where: null, sort: 'slowest', limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(result.traces));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual([3, 2, 1]);
    const first = await storage.traceSummaries.search(acme, { ...window, where: null, sort: 'slowest', limit: 1 });
    await expect(storage.traceSummaries.search(acme, { ...window, where: null, sort: 'newest', limit: 1, cursor: first.nextCursor! })).rejects.toThrow(TraceCursorError);
    await expect(storage.traceSummaries.search(acme, { ...window, where: null, sort: 'slowest', limit: 1, cursor: 'garbage' })).rejects.toThrow('not one this api issued');
  });

  it('never shows one tenant the traces of another, and a cursor cannot carry a tenant across', async () => {
    expect(await search('', 'newest', globex)).toEqual([4]);
    expect(await search('', 'newest', acme)).not.toContain(4);
    const acmeFirst = await storage.traceSummaries.search(acme, { ...window, where: null, sort: 'newest', limit: 1 });
    await expect(storage.traceSummaries.search(globex, { ...window, where: null, sort: 'newest', limit: 1, cursor: acmeFirst.nextCursor! })).rejects.toThrow(TraceCursorError);
  });

  it('finds where a trace lies in time from its summary, for a lookup without a hint', async () => {
    const window3 = await storage.traceSummaries.findTraceWindow(acme, (3).toString(16).padStart(32, '0'), nowMs - 86_400_000, nowMs + 60_000);
    expect(window3).toEqual({ startMs: nowMs - 600_000 + 2000, endMs: nowMs - 600_000 + 5005 });
    expect(await storage.traceSummaries.findTraceWindow(globex, (3).toString(16).padStart(32, '0'), nowMs - 86_400_000, nowMs + 60_000)).toBeNull();
  });
});
