import type { SpanView } from '@linkscope/domain';
import { Storage } from '@linkscope/storage';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BatchRecorder, ExplicitContext, Instrumentation, jsonEncoder, Tracer, type TraceId } from 'zipkin';
import { HttpLogger } from 'zipkin-transport-http';
import { DEV_SCOPE, eventually, testStorageConfig } from './test-stack';

const stack = inject('stack');
const storage = new Storage(testStorageConfig(stack));
afterAll(() => storage.close());

/**
 * A Zipkin-era client: zipkin-js (the OpenZipkin library) with its HTTP client instrumentation,
 * which sends B3 multi headers (64-bit trace ids by default) and reports its span as Zipkin v2
 * JSON to the collector's Zipkin port. The demo gateway it calls runs our SDK and exports OTLP.
 */
function zipkinClient(traceId128Bit: boolean): { tracer: Tracer; http: Instrumentation.HttpClient; logger: HttpLogger } {
  const logger = new HttpLogger({
    endpoint: `${stack.urls.zipkin}/api/v2/spans`,
    jsonEncoder: jsonEncoder.JSON_V2,
    headers: { 'x-linkscope-ingest-key': stack.ingestKey },
    httpInterval: 200,
  });
  const tracer = new Tracer({ ctxImpl: new ExplicitContext(), recorder: new BatchRecorder({ logger }), localServiceName: 'zipkin-storefront', traceId128Bit });
  return { tracer, http: new Instrumentation.HttpClient({ tracer, remoteServiceName: 'demo-gateway' }), logger };
}

async function callThroughZipkin(traceId128Bit: boolean): Promise<{ zipkinTraceId: string; zipkinSpanId: string; response: Response }> {
  const { tracer, http } = zipkinClient(traceId128Bit);
  const url = `${stack.urls.gateway}/api/products`;
  return tracer.scoped(async () => {
    const request = http.recordRequest<{ headers: Record<string, string> }>({ headers: {} }, url, 'GET');
    const id: TraceId = tracer.id;
    const response = await fetch(url, { headers: request.headers });
    await response.arrayBuffer();
    http.recordResponse(id, String(response.status));
    return { zipkinTraceId: id.traceId, zipkinSpanId: id.spanId, response };
  });
}

async function connectedTrace(traceId: string, zipkinSpanId: string): Promise<SpanView[]> {
  return eventually(async () => {
    const trace = await storage.spans.getTrace(DEV_SCOPE, traceId, { nowMs: Date.now(), lookbackDays: 1 });
    const spans = trace?.spans ?? [];
    const services = new Set(spans.map((span) => span.serviceName));
    const ready = spans.some((span) => span.spanId === zipkinSpanId) && services.has('demo-gateway') && services.has('demo-catalogue');
    return ready ? spans : undefined;
  }, `the Zipkin span and the SDK's spans of trace ${traceId}`);
}

/** Every span's parent is in the trace, and exactly one span (the Zipkin client's) has none. */
function expectOneConnectedTree(spans: readonly SpanView[], rootSpanId: string): void {
  const ids = new Set(spans.map((span) => span.spanId));
  const roots = spans.filter((span) => span.parentSpanId === null);
  expect(roots.map((span) => span.spanId)).toEqual([rootSpanId]);
  expect(spans.filter((span) => span.parentSpanId !== null && !ids.has(span.parentSpanId))).toEqual([]);
}

describe('a Zipkin-instrumented (B3) client calling a service that runs the Linkscope SDK', () => {
  it('with a 64-bit Zipkin trace id: one connected trace, the SDK server span a child of the Zipkin client span', async () => {
    const { zipkinTraceId, zipkinSpanId, response } = await callThroughZipkin(false);
    expect(zipkinTraceId).toMatch(/^[0-9a-f]{16}$/);
    // A 64-bit B3 trace id is the low half of the 128-bit id, left-padded with zeros, everywhere.
    const traceId = zipkinTraceId.padStart(32, '0');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-trace-id')).toBe(traceId);

    const spans = await connectedTrace(traceId, zipkinSpanId);

    const zipkinSpan = spans.find((span) => span.spanId === zipkinSpanId);
    expect(zipkinSpan).toMatchObject({ serviceName: 'zipkin-storefront', kind: 'client', parentSpanId: null });
    const gatewayServer = spans.find((span) => span.serviceName === 'demo-gateway' && span.kind === 'server');
    expect(gatewayServer?.parentSpanId).toBe(zipkinSpanId);
    const catalogueServer = spans.find((span) => span.serviceName === 'demo-catalogue' && span.kind === 'server');
    expect(catalogueServer).toBeDefined();
    expectOneConnectedTree(spans, zipkinSpanId);
  });

  it('with a 128-bit Zipkin trace id: the same, under the full id', async () => {
    const { zipkinTraceId, zipkinSpanId, response } = await callThroughZipkin(true);
    expect(zipkinTraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get('x-trace-id')).toBe(zipkinTraceId);

    const spans = await connectedTrace(zipkinTraceId, zipkinSpanId);

    expect(spans.find((span) => span.serviceName === 'demo-gateway' && span.kind === 'server')?.parentSpanId).toBe(zipkinSpanId);
    expectOneConnectedTree(spans, zipkinSpanId);
  });
});
