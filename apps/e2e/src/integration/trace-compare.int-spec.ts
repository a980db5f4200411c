import type { TraceComparison } from '@linkscope/trace-analysis';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { normalCheckout, sendSyntheticTrace, slowCheckout } from '../browser/synthetic-trace';
import { ApiSession } from './api-session';
import { createTenant, runId } from './tenant-fixture';
import { eventually } from './test-stack';

const stack = inject('stack');
let session: ApiSession;
beforeAll(async () => {
  session = await ApiSession.login(stack.urls.dashboard, stack.demoLogin.email, stack.demoLogin.password);
});

type Comparison = TraceComparison & { baseTraceId: string; otherTraceId: string };
const MS = 1_000_000;

describe('GET /api/v1/traces/compare against the real stack', () => {
  it('names exactly the spans added, removed, slower and faster between two traces of one request', async () => {
    const normal = await sendSyntheticTrace(stack.urls.collector, stack.ingestKey, normalCheckout());
    const slow = await sendSyntheticTrace(stack.urls.collector, stack.ingestKey, slowCheckout());
    const path = `/api/v1/traces/compare?base=${normal.traceId}&other=${slow.traceId}&baseStartEpochMs=${normal.startEpochMs}&otherStartEpochMs=${slow.startEpochMs}`;
    // Spans of the services arrive as separate batches: wait until both traces are whole.
    const c = await eventually(async () => {
      const answer = await session.get<Comparison>(path);
      return answer.status === 200 && answer.body.baseSpanCount === 7 && answer.body.otherSpanCount === 8 ? answer.body : undefined;
    }, 'both traces indexed in full');

    expect(c.baseTraceId).toBe(normal.traceId);
    expect(c.otherTraceId).toBe(slow.traceId);
    expect(c.durationDeltaNs).toBe(200 * MS);
    expect(c.slower.map((s) => [s.serviceName, s.operation, s.baseDurationNs / MS, s.otherDurationNs / MS, s.deltaNs / MS])).toEqual([
      ['cmp-gateway', 'POST /checkout', 100, 300, 200],
      ['cmp-gateway', 'GET /api/stock', 20, 120, 100],
      ['cmp-inventory', 'GET /api/stock', 16, 114, 98],
    ]);
    expect(c.slower[2]!.path).toBe('cmp-gateway:POST /checkout > cmp-gateway:GET /api/stock > cmp-inventory:GET /api/stock');
    expect(c.faster.map((s) => [s.serviceName, s.operation, s.deltaNs / MS])).toEqual([['cmp-gateway', 'GET /api/pricing', -5]]);
    expect(c.added.map((g) => [g.serviceName, g.operation, g.count, g.totalDurationNs / MS])).toEqual([
      ['cmp-gateway', 'GET /api/fraud-check', 1, 60],
      ['cmp-fraud', 'POST /api/fraud-check', 1, 55],
    ]);
    expect(c.removed.map((g) => [g.serviceName, g.operation, g.count, g.totalDurationNs / MS])).toEqual([['cmp-gateway', 'GET /api/coupons', 1, 10]]);
    // Span ids point into the right trace: slower/faster carry both, added/removed the side that has them.
    const spansOf = async (traceId: string) => (await session.get<{ spans: { spanId: string; name: string }[] }>(`/api/v1/traces/${traceId}`)).body.spans;
    const [normalSpans, slowSpans] = await Promise.all([spansOf(normal.traceId), spansOf(slow.traceId)]);
    const nameIn = (spans: { spanId: string; name: string }[], id: string) => spans.find((s) => s.spanId === id)?.name;
    expect(nameIn(normalSpans, c.slower[1]!.baseSpanId)).toBe('GET /api/stock');
    expect(nameIn(slowSpans, c.slower[1]!.otherSpanId)).toBe('GET /api/stock');
    expect(nameIn(slowSpans, c.added[1]!.spanIds[0]!)).toBe('POST /api/fraud-check');
    expect(nameIn(normalSpans, c.removed[0]!.spanIds[0]!)).toBe('GET /api/coupons');

    // Swapped, the same differences read the other way round.
    const swapped = (await session.get<Comparison>(`/api/v1/traces/compare?base=${slow.traceId}&other=${normal.traceId}`)).body;
    expect(swapped.durationDeltaNs).toBe(-200 * MS);
    expect(swapped.faster.map((s) => s.deltaNs / MS)).toEqual([-200, -100, -98]);
    expect(swapped.slower.map((s) => s.deltaNs / MS)).toEqual([5]);
    expect(swapped.removed.map((g) => g.operation)).toEqual(['GET /api/fraud-check', 'POST /api/fraud-check']);
    expect(swapped.added.map((g) => g.operation)).toEqual(['GET /api/coupons']);
  });

  it('validates its query, answers 404 for an unknown trace, and never reads another tenant', async () => {
    const bad = await session.get<{ code: string; message: string }>('/api/v1/traces/compare?base=xyz&other=00000000000000000000000000000001');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
    expect(bad.body.message).toMatch(/32 hexadecimal/);
    expect((await session.get('/api/v1/traces/compare?base=00000000000000000000000000000001')).status).toBe(400);

    const mine = await sendSyntheticTrace(stack.urls.collector, stack.ingestKey, normalCheckout());
    await eventually(async () => ((await session.get(`/api/v1/traces/${mine.traceId}`)).status === 200 ? true : undefined), 'the trace indexed');
    const unknown = await session.get<{ code: string }>(`/api/v1/traces/compare?base=${mine.traceId}&other=ffffffffffffffffffffffffffffffff`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');

    // Another organisation names the demo tenant's trace ids: not found, as if they did not exist.
    const other = await createTenant(stack.urls.dashboard, 'cmp', runId());
    const foreign = await other.owner.get(`/api/v1/traces/compare?base=${mine.traceId}&other=${mine.traceId}`);
    expect(foreign.status).toBe(404);
    expect((await fetch(`${stack.urls.dashboard}/api/v1/traces/compare?base=${mine.traceId}&other=${mine.traceId}`)).status).toBe(401);
  });
});
