import { execFileSync } from 'node:child_process';
import { Metadata } from '@grpc/grpc-js';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OtlpGrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanView } from '@linkscope/domain';
import { cacheDir } from '@linkscope/devstack';
import { Storage } from '@linkscope/storage';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PYTHON_SENDER, ensurePythonOtel } from './interop/python-otel';
import { DEV_SCOPE, eventually, testStorageConfig } from './test-stack';

const stack = inject('stack');
const storage = new Storage(testStorageConfig(stack));
afterAll(() => storage.close());
const headers = { 'x-linkscope-ingest-key': stack.ingestKey };

/** Emits a server span with a client child through the real OpenTelemetry JS SDK and the given exporter. */
async function sendTrace(exporter: SpanExporter, serviceName: string): Promise<string> {
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('interop');
  const root = tracer.startSpan('GET /orders/{id}', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'http.route': '/orders/{id}', 'http.response.status_code': 200 } });
  const child = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM orders WHERE id = $1' } }, trace.setSpan(ROOT_CONTEXT, root));
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
  child.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

async function storedTrace(traceId: string, spanCount: number): Promise<SpanView[]> {
  return eventually(async () => {
    const found = await storage.spans.getTrace(DEV_SCOPE, traceId, { nowMs: Date.now(), lookbackDays: 1 });
    return found && found.spans.length >= spanCount ? found.spans : undefined;
  }, `${spanCount} spans of trace ${traceId} in Elasticsearch`);
}

function expectServerAndClient(spans: SpanView[], serviceName: string): void {
  const server = spans.find((s) => s.kind === 'server');
  const client = spans.find((s) => s.kind === 'client');
  expect(server).toMatchObject({ serviceName, parentSpanId: null, name: 'GET /orders/{id}', attributes: expect.objectContaining({ 'http.route': '/orders/{id}' }) });
  expect(client).toMatchObject({ serviceName, parentSpanId: server!.spanId, statusCode: 'error', attributes: expect.objectContaining({ 'db.system.name': 'postgresql' }) });
}

describe('real OpenTelemetry SDKs send to the collector', () => {
  it('JS SDK, OTLP/HTTP protobuf exporter: both spans stored with attributes, status and parent link', async () => {
    const traceId = await sendTrace(new OtlpProtoTraceExporter({ url: `${stack.urls.collector}/v1/traces`, headers }), 'js-proto');
    expectServerAndClient(await storedTrace(traceId, 2), 'js-proto');
  });

  it('JS SDK, OTLP/HTTP JSON exporter: the same', async () => {
    const traceId = await sendTrace(new OtlpJsonTraceExporter({ url: `${stack.urls.collector}/v1/traces`, headers }), 'js-json');
    expectServerAndClient(await storedTrace(traceId, 2), 'js-json');
  });

  it('JS SDK, Zipkin exporter to the Zipkin v2 endpoint: the same', async () => {
    const traceId = await sendTrace(new ZipkinExporter({ url: `${stack.urls.zipkin}/api/v2/spans`, headers }), 'js-zipkin');
    expectServerAndClient(await storedTrace(traceId, 2), 'js-zipkin');
  });

  it('JS SDK, OTLP/gRPC exporter with gzip: the same', async () => {
    const metadata = new Metadata();
    metadata.set('x-linkscope-ingest-key', stack.ingestKey);
    const traceId = await sendTrace(new OtlpGrpcTraceExporter({ url: `http://${stack.urls.collectorGrpc}`, metadata, compression: CompressionAlgorithm.GZIP }), 'js-grpc');
    expectServerAndClient(await storedTrace(traceId, 2), 'js-grpc');
  });

  for (const protocol of ['http', 'grpc'] as const) {
    it(`Python SDK with its OTLP/${protocol === 'http' ? 'HTTP' : 'gRPC'} exporter: spans stored, pre-1.20 attribute names normalised`, async () => {
      const python = ensurePythonOtel(cacheDir(process.env));
      const endpoint = protocol === 'http' ? stack.urls.collector : `http://${stack.urls.collectorGrpc}`;
      const traceId = execFileSync(python, ['-c', PYTHON_SENDER, protocol], {
        encoding: 'utf8',
        env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_HEADERS: `x-linkscope-ingest-key=${stack.ingestKey}` },
      }).trim();
      const spans = await storedTrace(traceId, 2);
      const server = spans.find((s) => s.kind === 'server');
      const client = spans.find((s) => s.kind === 'client');
      expect(server).toMatchObject({ serviceName: 'py-billing', parentSpanId: null, attributes: expect.objectContaining({ 'http.request.method': 'POST', 'http.route': '/invoices' }) });
      expect(server?.resourceAttributes).toMatchObject({ 'deployment.environment.name': 'interop', 'telemetry.sdk.language': 'python' });
      expect(client).toMatchObject({ parentSpanId: server!.spanId, attributes: expect.objectContaining({ 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM invoices WHERE id = $1' }) });
    });
  }

  it('JS SDK metrics (OTLP protobuf): a counter and a histogram are stored as points', async () => {
    const meterName = `interop.orders.${Date.now()}`;
    const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${stack.urls.collector}/v1/metrics`, headers }), exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'js-metrics', 'host.name': 'interop-host' }), readers: [reader] });
    const meter = provider.getMeter('interop');
    meter.createCounter(`${meterName}.placed`).add(3, { region: 'eu' });
    const histogram = meter.createHistogram(`${meterName}.latency`, { unit: 'ms' });
    for (const ms of [5, 15, 150]) histogram.record(ms);
    await provider.forceFlush();
    await provider.shutdown();

    const counter = await eventually(async () => {
      const points = await storage.metrics.listRecent(DEV_SCOPE, { name: `${meterName}.placed`, nowMs: Date.now() + 60_000, lookbackMinutes: 10, limit: 10 });
      return points[0];
    }, 'the counter point');
    expect(counter).toMatchObject({ kind: 'sum', value: 3, serviceName: 'js-metrics', hostName: 'interop-host', attributes: { region: 'eu' } });
    const latency = await eventually(async () => (await storage.metrics.listRecent(DEV_SCOPE, { name: `${meterName}.latency`, nowMs: Date.now() + 60_000, lookbackMinutes: 10, limit: 10 }))[0], 'the histogram point');
    expect(latency).toMatchObject({ kind: 'histogram', unit: 'ms', count: 3, sum: 170 });
  });

  it('JS SDK logs (OTLP protobuf): records stored and found by the trace they belong to', async () => {
    const tracerProvider = new TracerProvider();
    const span = tracerProvider.getTracer('interop').startSpan('checkout');
    const context = trace.setSpan(ROOT_CONTEXT, span);
    const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'js-logs' }), processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${stack.urls.collector}/v1/logs`, headers }) })] });
    provider.getLogger('interop').emit({ body: 'payment declined', severityNumber: 17, severityText: 'ERROR', attributes: { 'order.id': 42 }, context });
    await provider.forceFlush();
    await provider.shutdown();
    span.end();

    const records = await eventually(async () => {
      const found = await storage.logs.listForTrace(DEV_SCOPE, span.spanContext().traceId, { aroundEpochMs: Date.now(), limit: 10 });
      return found.length > 0 ? found : undefined;
    }, 'the log record');
    expect(records).toEqual([
      expect.objectContaining({ body: 'payment declined', severityNumber: 17, severityText: 'ERROR', serviceName: 'js-logs', spanId: span.spanContext().spanId, attributes: { 'order.id': 42 } }),
    ]);
  });
});

describe('retries never duplicate', () => {
  it('the same export request sent three times stores each span once', async () => {
    const traceId = 'c'.repeat(31) + '7';
    const payload = JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'retrier' } }] }, scopeSpans: [{ spans: [
        { traceId, spanId: '1111111111111111', name: 'root', kind: 2, startTimeUnixNano: `${Date.now()}000000`, endTimeUnixNano: `${Date.now() + 5}000000` },
        { traceId, spanId: '2222222222222222', parentSpanId: '1111111111111111', name: 'child', kind: 3, startTimeUnixNano: `${Date.now()}000001`, endTimeUnixNano: `${Date.now() + 4}000000` },
      ] }] }],
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(`${stack.urls.collector}/v1/traces`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: payload });
      expect(response.status).toBe(200);
    }
    // The same spans inside a different request body (another batch id) must not duplicate either.
    const regrouped = JSON.parse(payload) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
    regrouped.resourceSpans[0]!.scopeSpans[0]!.spans.reverse();
    expect((await fetch(`${stack.urls.collector}/v1/traces`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(regrouped) })).status).toBe(200);

    await storedTrace(traceId, 2);
    // Give the worker time to process every copy before counting.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await storage.refreshSpans();
    const trace = await storage.spans.getTrace(DEV_SCOPE, traceId, { nowMs: Date.now(), lookbackDays: 1 });
    expect(trace?.spans.map((s) => s.spanId).sort()).toEqual(['1111111111111111', '2222222222222222']);
  });
});
