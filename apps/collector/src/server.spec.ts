import { gzipSync } from 'node:zlib';
import type { EnqueueResult, IngestJob, SpanBatchJob } from '@linkscope/queue';
import { protoType } from '@linkscope/otlp';
import { afterEach, describe, expect, it } from 'vitest';
import { CollectorMetrics } from './collector-metrics';
import { IngestKeyRegistry } from './ingest-keys';
import { OtlpExportService } from './otlp-export.service';
import { TenantRateLimiter } from './tenant-rate-limiter';
import { buildCollectorServer, buildZipkinServer } from './server';
import { type IngestSink, TelemetryIngest } from './telemetry-ingest';

const KEY = 'ls_test_key_0123456789';
const TRACE = '5b8efff798038103d269b633813fc60c';

/** Records what would have gone to Redis; `available` switches the answer. */
class RecordingSink implements IngestSink {
  jobs: SpanBatchJob[] = [];
  all: IngestJob[] = [];
  available = true;
  depth = 0;
  async enqueue(job: IngestJob): Promise<EnqueueResult> {
    if (!this.available) return { status: 'unavailable', reason: 'connection refused' };
    this.all.push(job);
    if (job.signal === 'spans') this.jobs.push(job);
    return { status: 'queued', jobId: job.batchId };
  }
  async backlog(): Promise<number> {
    return this.depth;
  }
  async isReady(): Promise<boolean> {
    return this.available;
  }
}

function jsonBody(spans: object[]): string {
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans }] }],
  });
}
const goodSpan = { traceId: TRACE, spanId: 'eee19b7ec3c1b174', name: 'GET /', kind: 2, startTimeUnixNano: '1000', endTimeUnixNano: '2000' };

let sink: RecordingSink;
let ingest: TelemetryIngest | undefined;
let metrics: CollectorMetrics;
function deps(maxBodyBytes: number, spansPerSecond = 1_000_000) {
  sink = new RecordingSink();
  metrics = new CollectorMetrics();
  ingest = new TelemetryIngest(sink, 100, new TenantRateLimiter(spansPerSecond, 1), metrics, () => 1234);
  return { ingest, exporter: new OtlpExportService(ingest, metrics), metrics, keys: new IngestKeyRegistry([{ key: KEY, tenantId: 'acme', projectId: 'shop' }]), maxBodyBytes, logLevel: 'silent' };
}
function server(maxBodyBytes = 1024 * 1024, spansPerSecond?: number) {
  return buildCollectorServer(deps(maxBodyBytes, spansPerSecond));
}
let app: ReturnType<typeof server> | undefined;
afterEach(async () => {
  await app?.close();
  ingest?.close();
});

describe('POST /v1/traces', () => {
  it('acknowledges a valid batch only after enqueueing it, stamped with the key\'s tenant', async () => {
    app = server();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY },
      payload: jsonBody([goodSpan]),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual({});
    expect(sink.jobs).toHaveLength(1);
    expect(sink.jobs[0]).toMatchObject({ scope: { tenantId: 'acme', projectId: 'shop' }, receivedAtMs: 1234 });
    expect(sink.jobs[0]?.spans[0]?.traceId).toBe(TRACE);
  });

  it('ignores any tenant named inside the payload', async () => {
    app = server();
    const payload = JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: 'tenant.id', value: { stringValue: 'other' } }] }, scopeSpans: [{ spans: [goodSpan] }] }],
    });
    await app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, payload });
    expect(sink.jobs[0]?.scope).toEqual({ tenantId: 'acme', projectId: 'shop' });
  });

  it('gives the same batch id to the same request twice, so a resend is one job', async () => {
    app = server();
    for (let i = 0; i < 2; i++) {
      await app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY }, payload: jsonBody([goodSpan]) });
    }
    expect(sink.jobs[0]?.batchId).toBe(sink.jobs[1]?.batchId);
  });

  it('answers 401 with a google.rpc.Status for a missing or unknown key', async () => {
    app = server();
    for (const headers of [{}, { 'x-linkscope-ingest-key': 'wrong-key-wrong-key' }, { authorization: 'Basic abc' }]) {
      const response = await app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/json', ...headers }, payload: jsonBody([goodSpan]) });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 16 });
    }
    expect(sink.jobs).toHaveLength(0);
  });

  it('answers 415 for an unsupported content type', async () => {
    app = server();
    const response = await app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'text/plain', 'x-linkscope-ingest-key': KEY }, payload: 'hi' });
    expect(response.statusCode).toBe(415);
  });

  it('answers 400 with a Status naming the problem for a malformed protobuf body, in protobuf', async () => {
    app = server();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf', 'x-linkscope-ingest-key': KEY },
      payload: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/x-protobuf');
    const status = protoType('google.rpc.Status');
    expect(status.toObject(status.decode(response.rawPayload))).toMatchObject({ code: 3, message: expect.stringContaining('ExportTraceServiceRequest') });
  });

  it('accepts gzip and refuses with 413 a body whose decompressed size passes the limit', async () => {
    app = server(64 * 1024);
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-linkscope-ingest-key': KEY },
      payload: gzipSync(jsonBody([goodSpan])),
    });
    expect(ok.statusCode).toBe(200);
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const refused = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-linkscope-ingest-key': KEY },
      payload: bomb,
    });
    expect(refused.statusCode).toBe(413);
    expect(sink.jobs).toHaveLength(1);
  });

  it('answers 400 for a gzip header over a body that is not gzip', async () => {
    app = server();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-linkscope-ingest-key': KEY },
      payload: jsonBody([goodSpan]),
    });
    expect(response.statusCode).toBe(400);
  });

  it('reports a partial success naming rejected spans, and enqueues the good ones', async () => {
    app = server();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY },
      payload: jsonBody([goodSpan, { ...goodSpan, traceId: '00000000000000000000000000000000' }]),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: '1 span(s) rejected: invalid trace id' } });
    expect(sink.jobs[0]?.spans).toHaveLength(1);
  });

  it('answers 503 with Retry-After, never 200, when the queue cannot take the batch', async () => {
    app = server();
    sink.available = false;
    const response = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY },
      payload: jsonBody([goodSpan]),
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
  });
});

describe('POST /v1/metrics and /v1/logs', () => {
  it('queues metric points as a metrics job', async () => {
    app = server();
    const payload = JSON.stringify({
      resourceMetrics: [{ resource: { attributes: [{ key: 'host.name', value: { stringValue: 'h1' } }] }, scopeMetrics: [{ metrics: [{ name: 'system.memory.usage', gauge: { dataPoints: [{ timeUnixNano: '1795000000000000000', asInt: '1024' }] } }] }] }],
    });
    const response = await app.inject({ method: 'POST', url: '/v1/metrics', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY }, payload });
    expect(response.statusCode).toBe(200);
    expect(sink.all[0]).toMatchObject({ signal: 'metrics', scope: { tenantId: 'acme', projectId: 'shop' }, points: [{ name: 'system.memory.usage', value: 1024, hostName: 'h1' }] });
  });

  it('answers a logs request with a partial success naming rejected log records', async () => {
    app = server();
    const payload = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '5', body: { stringValue: 'ok' } }, { body: { stringValue: 'no time' } }] }] }] });
    const response = await app.inject({ method: 'POST', url: '/v1/logs', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY }, payload });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ partialSuccess: { rejectedLogRecords: '1', errorMessage: '1 log record(s) rejected: invalid time' } });
    expect(sink.all[0]).toMatchObject({ signal: 'logs', records: [{ body: 'ok' }] });
  });
});

describe('rate limits and self-monitoring', () => {
  it('answers 429 with Retry-After when a tenant sends faster than its rate', async () => {
    app = server(1024 * 1024, 2);
    const send = () => app!.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY }, payload: jsonBody([goodSpan, { ...goodSpan, spanId: 'eee19b7ec3c1b175' }]) });
    expect((await send()).statusCode).toBe(200);
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(sink.jobs).toHaveLength(1);
  });

  it('counts accepted, rejected and refused items in /metrics', async () => {
    app = server();
    await app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY }, payload: jsonBody([goodSpan, { ...goodSpan, spanId: '0000000000000000' }]) });
    await app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/json' }, payload: jsonBody([goodSpan]) });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('linkscope_collector_accepted_items_total{signal="traces"} 1');
    expect(text).toContain('linkscope_collector_rejected_items_total{signal="traces",reason="invalid_span_id"} 1');
    expect(text).toContain('linkscope_collector_refused_requests_total{signal="traces",status="401"} 1');
    expect(text).toMatch(/linkscope_collector_request_duration_seconds_count\{route="\/v1\/traces",status="200"\} 1/);
  });
});

describe('POST /api/v2/spans (Zipkin)', () => {
  const zipkinSpan = { traceId: '86154a4ba6e91385', id: '4d1e00c0db9010db', name: 'get', timestamp: 1_795_000_000_000_000, duration: 10, localEndpoint: { serviceName: 'legacy' } };

  it('answers 202 once the spans are queued under the key\'s tenant', async () => {
    app = buildZipkinServer(deps(1024 * 1024));
    const response = await app.inject({ method: 'POST', url: '/api/v2/spans', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY }, payload: JSON.stringify([zipkinSpan]) });
    expect(response.statusCode).toBe(202);
    expect(sink.jobs[0]?.scope).toEqual({ tenantId: 'acme', projectId: 'shop' });
    expect(sink.jobs[0]?.spans[0]).toMatchObject({ serviceName: 'legacy', traceId: '000000000000000086154a4ba6e91385' });
  });

  it('refuses a bad key with 401 and a body that is not a span list with 400', async () => {
    app = buildZipkinServer(deps(1024 * 1024));
    const unauthorised = await app.inject({ method: 'POST', url: '/api/v2/spans', headers: { 'content-type': 'application/json' }, payload: '[]' });
    expect(unauthorised.statusCode).toBe(401);
    const malformed = await app.inject({ method: 'POST', url: '/api/v2/spans', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY }, payload: '{"spans":[]}' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ error: 'body must be a JSON array of Zipkin v2 spans' });
  });

  it('answers 503 with Retry-After when the queue cannot take the spans', async () => {
    app = buildZipkinServer(deps(1024 * 1024));
    sink.available = false;
    const response = await app.inject({ method: 'POST', url: '/api/v2/spans', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY }, payload: JSON.stringify([zipkinSpan]) });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });
});
