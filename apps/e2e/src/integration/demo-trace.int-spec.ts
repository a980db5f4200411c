import type { SpanView, TraceDetailResponse, TraceListResponse } from '@linkscope/domain';
import { Storage } from '@linkscope/storage';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session';
import { DEV_SCOPE, eventually, testStorageConfig } from './test-stack';

const stack = inject('stack');
const storage = new Storage(testStorageConfig(stack));
afterAll(() => storage.close());
let api: ApiSession;
beforeAll(async () => {
  api = await ApiSession.login(stack.urls.dashboard, stack.demoLogin.email, stack.demoLogin.password);
});

/** W3C Trace Context Level 2: `traceresponse: 00-<trace id>-<span id>-<flags>`. */
function traceIdFrom(header: string | null): string {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(header ?? '');
  if (!match?.[1]) throw new Error(`no valid traceresponse header: ${header}`);
  return match[1];
}

describe('one request through the demo shop', () => {
  it('is stored in Elasticsearch as one trace across both services, with the right parent links', async () => {
    const response = await fetch(`${stack.urls.gateway}/api/products`);
    expect(response.status).toBe(200);
    const traceId = traceIdFrom(response.headers.get('traceresponse'));

    const spans = await eventually(async () => {
      const trace = await storage.spans.getTrace(DEV_SCOPE, traceId, { nowMs: Date.now(), lookbackDays: 1 });
      const services = new Set(trace?.spans.map((span) => span.serviceName));
      return services.has('demo-gateway') && services.has('demo-catalogue') && (trace?.spans.length ?? 0) >= 3 ? trace!.spans : undefined;
    }, `spans of trace ${traceId} from both services`);

    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([traceId]));
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const gatewayServer = spans.find((span) => span.serviceName === 'demo-gateway' && span.kind === 'server');
    const catalogueServer = spans.find((span) => span.serviceName === 'demo-catalogue' && span.kind === 'server');
    expect(gatewayServer?.parentSpanId).toBeNull();
    expect(catalogueServer?.parentSpanId).not.toBeNull();
    const outgoing: SpanView | undefined = byId.get(catalogueServer!.parentSpanId!);
    expect(outgoing).toMatchObject({ serviceName: 'demo-gateway', kind: 'client', parentSpanId: gatewayServer!.spanId });
    // The call sits inside its parent in time.
    expect(BigInt(outgoing!.startEpochNs)).toBeGreaterThanOrEqual(BigInt(gatewayServer!.startEpochNs));
    expect(BigInt(catalogueServer!.startEpochNs) + BigInt(catalogueServer!.durationNs)).toBeLessThanOrEqual(
      BigInt(outgoing!.startEpochNs) + BigInt(outgoing!.durationNs) + 5_000_000n,
    );
  });

  it('is listed by the api and served whole by id', async () => {
    const response = await fetch(`${stack.urls.gateway}/api/products/p-1002`);
    expect(response.status).toBe(200);
    const traceId = traceIdFrom(response.headers.get('traceresponse'));

    const listed = await eventually(async () => {
      const list = (await api.get<TraceListResponse>('/api/v1/traces?lookbackMinutes=15&limit=200')).body;
      const summary = list.traces.find((trace) => trace.traceId === traceId);
      return summary && summary.spanCount >= 3 ? summary : undefined;
    }, `trace ${traceId} in the api's list`);
    expect(listed).toMatchObject({ rootServiceName: 'demo-gateway', serviceNames: expect.arrayContaining(['demo-gateway', 'demo-catalogue']) });

    const detail = (await api.get<TraceDetailResponse>(`/api/v1/traces/${traceId}?startEpochMs=${listed.startEpochMs}`)).body;
    expect(detail.traceId).toBe(traceId);
    expect(detail.spans.length).toBe(listed.spanCount);
    expect(detail.truncated).toBe(false);
  });

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    expect((await api.get(`/api/v1/traces/${'ab'.repeat(16)}`)).status).toBe(404);
    const bad = await api.get('/api/v1/traces/not-a-trace');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
