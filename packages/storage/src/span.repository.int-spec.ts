import { asDurationNs, asEpochNs, type SpanRecord, type TenantScope } from '@linkscope/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Storage } from './storage';
import { storageConfigFromEnv } from './storage-config';

const stack = inject('stack');
const storage = new Storage(storageConfigFromEnv({ ...stack.env, ES_INDEX_PREFIX: `lsint${Date.now().toString(36)}` }));
const acme: TenantScope = { tenantId: 'acme', projectId: 'shop' };
const globex: TenantScope = { tenantId: 'globex', projectId: 'shop' };
const nowMs = Date.now();

function span(traceId: string, spanId: string, parentSpanId: string | null, offsetMs: number, status: SpanRecord['statusCode'] = 'ok'): SpanRecord {
  return {
    traceId,
    spanId,
    parentSpanId,
    name: parentSpanId ? 'SELECT' : 'GET /orders',
    kind: parentSpanId ? 'client' : 'server',
    serviceName: 'orders',
    startEpochNs: asEpochNs(BigInt(nowMs + offsetMs) * 1_000_000n + 123n),
    durationNs: asDurationNs(2_000_000),
    statusCode: status,
    statusMessage: '',
    attributes: {},
    resourceAttributes: {},
    scopeName: 'test',
    events: [],
    links: [],
  };
}

const traceA = 'a'.repeat(31) + '1';
const batch = [span(traceA, '1'.repeat(16), null, -5000), span(traceA, '2'.repeat(16), '1'.repeat(16), -4999, 'error')];

beforeAll(async () => {
  await storage.ensureTemplates();
});
afterAll(async () => {
  await storage.purge();
  await storage.close();
});

describe('SpanRepository against Elasticsearch', () => {
  it('stores a batch once: writing it again reports duplicates and stores nothing new', async () => {
    expect(await storage.spans.bulkCreate(acme, batch)).toMatchObject({ stored: 2, duplicates: 0, retryable: 0, rejected: 0 });
    expect(await storage.spans.bulkCreate(acme, batch)).toMatchObject({ stored: 0, duplicates: 2 });
    await storage.refreshSpans();
    const trace = await storage.spans.getTrace(acme, traceA, { nowMs, lookbackDays: 1 });
    expect(trace?.spans.map((s) => s.spanId)).toEqual(['1'.repeat(16), '2'.repeat(16)]);
    expect(trace?.spans[0]?.startEpochNs).toBe(batch[0]?.startEpochNs);
  });

  it('never shows one tenant\'s trace to another, by id or in the list', async () => {
    await storage.refreshSpans();
    expect(await storage.spans.getTrace(globex, traceA, { nowMs, lookbackDays: 1 })).toBeNull();
    expect(await storage.spans.listRecentTraces(globex, { nowMs, lookbackMinutes: 60, limit: 50 })).toEqual([]);
    const listed = await storage.spans.listRecentTraces(acme, { nowMs, lookbackMinutes: 60, limit: 50 });
    expect(listed).toEqual([
      expect.objectContaining({ traceId: traceA, rootOperation: 'GET /orders', spanCount: 2, errorCount: 1, serviceNames: ['orders'] }),
    ]);
  });

  it('keeps the same span of two tenants as two documents', async () => {
    expect(await storage.spans.bulkCreate(globex, batch)).toMatchObject({ stored: 2, duplicates: 0 });
    await storage.refreshSpans();
    expect((await storage.spans.getTrace(globex, traceA, { nowMs, lookbackDays: 1 }))?.spans).toHaveLength(2);
  });

  it('finds a trace from a time hint, and not from a hint days away from it', async () => {
    expect(await storage.spans.getTrace(acme, traceA, { nowMs, aroundEpochMs: nowMs, lookbackDays: 1 })).not.toBeNull();
    expect(await storage.spans.getTrace(acme, traceA, { nowMs, aroundEpochMs: nowMs - 10 * 86_400_000, lookbackDays: 1 })).toBeNull();
  });

  it('pages through traces larger than one search page', async () => {
    const big = 'b'.repeat(31) + '2';
    const spans = Array.from({ length: 6_001 }, (_, i) => span(big, (i + 1).toString(16).padStart(16, '0'), i === 0 ? null : '0'.repeat(15) + '1', i % 1000));
    const outcome = await storage.spans.bulkCreate(acme, spans);
    expect(outcome.stored).toBe(6_001);
    await storage.refreshSpans();
    const trace = await storage.spans.getTrace(acme, big, { nowMs, lookbackDays: 1 });
    expect(trace?.spans).toHaveLength(6_001);
    expect(new Set(trace?.spans.map((s) => s.spanId)).size).toBe(6_001);
    expect(trace?.truncated).toBe(false);
  });
});
