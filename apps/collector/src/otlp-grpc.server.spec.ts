import * as net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import type { EnqueueResult, IngestJob } from '@linkscope/queue';
import { protoType } from '@linkscope/otlp';
import { afterEach, describe, expect, it } from 'vitest';
import { CollectorMetrics } from './collector-metrics';
import { IngestKeyRegistry } from './ingest-keys';
import { OtlpExportService } from './otlp-export.service';
import { buildOtlpGrpcServer, closeGrpc, listenGrpc } from './otlp-grpc.server';
import { type IngestSink, TelemetryIngest } from './telemetry-ingest';
import { TenantRateLimiter } from './tenant-rate-limiter';

const KEY = 'ls_test_key_0123456789';
const TRACE_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const LOGS_PATH = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';

class RecordingSink implements IngestSink {
  readonly jobs: IngestJob[] = [];
  async enqueue(job: IngestJob): Promise<EnqueueResult> {
    this.jobs.push(job);
    return { status: 'queued', jobId: job.batchId };
  }
  async backlog(): Promise<number> {
    return 0;
  }
  async isReady(): Promise<boolean> {
    return true;
  }
}

function traceRequest(spanCount: number, attributeValue = 'x'): Buffer {
  const type = protoType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const spans = Array.from({ length: spanCount }, (_, i) => ({
    traceId: Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'),
    spanId: Buffer.from((i + 1).toString(16).padStart(16, '0'), 'hex'),
    name: 'GET /orders/{id}',
    kind: 2,
    startTimeUnixNano: 1_700_000_000_000_000_000n.toString(),
    endTimeUnixNano: 1_700_000_000_005_000_000n.toString(),
    attributes: [{ key: 'note', value: { stringValue: attributeValue } }],
  }));
  const message = type.fromObject({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'grpc-svc' } }] }, scopeSpans: [{ spans }] }] });
  return Buffer.from(type.encode(message).finish());
}

let server: grpc.Server | undefined;
let client: grpc.Client | undefined;
let ingest: TelemetryIngest | undefined;
let proxy: net.Server | undefined;
afterEach(async () => {
  client?.close();
  proxy?.close();
  proxy = undefined;
  if (server) await closeGrpc(server);
  ingest?.close();
});

async function start(options: { maxBodyBytes?: number; spansPerSecond?: number; clientOptions?: grpc.ChannelOptions } = {}) {
  const sink = new RecordingSink();
  const metrics = new CollectorMetrics();
  ingest = new TelemetryIngest(sink, 100, new TenantRateLimiter(options.spansPerSecond ?? 1_000_000, 1), metrics, () => 1234);
  server = buildOtlpGrpcServer({
    exporter: new OtlpExportService(ingest, metrics),
    keys: new IngestKeyRegistry([{ key: KEY, tenantId: 'acme', projectId: 'shop' }]),
    metrics,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
  });
  const port = await listenGrpc(server, '127.0.0.1', 0);
  // A TCP relay in front of the server counts the bytes clients really send.
  const wire = { clientBytes: 0 };
  proxy = net.createServer((socket) => {
    const upstream = net.connect(port, '127.0.0.1');
    socket.on('data', (chunk) => (wire.clientBytes += chunk.length));
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  const relayPort = (proxy.address() as net.AddressInfo).port;
  client = new grpc.Client(`127.0.0.1:${relayPort}`, grpc.credentials.createInsecure(), options.clientOptions ?? {});
  return { sink, metrics, wire };
}

interface CallResult {
  readonly error: grpc.ServiceError | null;
  readonly response: Buffer | undefined;
}

function call(path: string, body: Buffer, metadata: Record<string, string>): Promise<CallResult> {
  const md = new grpc.Metadata();
  for (const [key, value] of Object.entries(metadata)) md.set(key, value);
  return new Promise((resolve) => {
    client!.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, body, md, {}, (error, response) => resolve({ error: error ?? null, response }));
  });
}

describe('OTLP/gRPC receiver', () => {
  it('accepts a trace export with the ingest key in metadata and enqueues it under the key\'s tenant', async () => {
    const { sink } = await start();
    const { error, response } = await call(TRACE_PATH, traceRequest(3), { 'x-linkscope-ingest-key': KEY });
    expect(error).toBeNull();
    expect(response?.length).toBe(0); // ExportTraceServiceResponse with no partial success
    expect(sink.jobs).toHaveLength(1);
    expect(sink.jobs[0]).toMatchObject({ signal: 'spans', scope: { tenantId: 'acme', projectId: 'shop' } });
    expect(sink.jobs[0]?.signal === 'spans' && sink.jobs[0].spans.map((s) => s.serviceName)).toEqual(['grpc-svc', 'grpc-svc', 'grpc-svc']);
  });

  it('takes the key from authorization: Bearer too', async () => {
    const { sink } = await start();
    const { error } = await call(TRACE_PATH, traceRequest(1), { authorization: `Bearer ${KEY}` });
    expect(error).toBeNull();
    expect(sink.jobs).toHaveLength(1);
  });

  it('refuses a missing or unknown key with UNAUTHENTICATED and enqueues nothing', async () => {
    const { sink, metrics } = await start();
    const missing = await call(TRACE_PATH, traceRequest(1), {});
    const wrong = await call(TRACE_PATH, traceRequest(1), { 'x-linkscope-ingest-key': 'ls_wrong_key_0000000000' });
    expect(missing.error?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(wrong.error?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(wrong.error?.details).toContain('unknown ingest key');
    expect(sink.jobs).toHaveLength(0);
    expect(await metrics.registry.metrics()).toContain('linkscope_collector_refused_requests_total{signal="traces",status="401"} 2');
  });

  it('answers INVALID_ARGUMENT naming the problem for bytes that are not an export request', async () => {
    const { sink } = await start();
    const { error } = await call(TRACE_PATH, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'x-linkscope-ingest-key': KEY });
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details.length).toBeGreaterThan(0);
    expect(sink.jobs).toHaveLength(0);
  });

  it('throttles a tenant over its rate with RESOURCE_EXHAUSTED and a RetryInfo detail', async () => {
    await start({ spansPerSecond: 2 });
    const first = await call(TRACE_PATH, traceRequest(2), { 'x-linkscope-ingest-key': KEY });
    const second = await call(TRACE_PATH, traceRequest(2), { 'x-linkscope-ingest-key': KEY });
    expect(first.error).toBeNull();
    expect(second.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    const details = second.error?.metadata.get('grpc-status-details-bin')[0];
    expect(Buffer.isBuffer(details)).toBe(true);
    const status = protoType('google.rpc.Status');
    const decoded = status.toObject(status.decode(details as Buffer)) as { code: number; details: { typeUrl: string }[] };
    expect(decoded).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo' }] });
  });

  it('accepts gzip-compressed messages', async () => {
    const { sink, wire } = await start({ clientOptions: { 'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip } });
    const body = traceRequest(200, 'a'.repeat(200));
    const { error } = await call(TRACE_PATH, body, { 'x-linkscope-ingest-key': KEY });
    expect(error).toBeNull();
    expect(wire.clientBytes).toBeLessThan(body.length / 4); // it really travelled compressed
    expect(sink.jobs).toHaveLength(1);
    expect(sink.jobs[0]?.signal === 'spans' && sink.jobs[0].spans).toHaveLength(200);
  });

  it('refuses a message over the size limit', async () => {
    const { sink } = await start({ maxBodyBytes: 64 * 1024 });
    const { error } = await call(TRACE_PATH, traceRequest(1, 'y'.repeat(100 * 1024)), { 'x-linkscope-ingest-key': KEY });
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(sink.jobs).toHaveLength(0);
  });

  it('refuses a compressed message that exceeds the size limit only once decompressed', async () => {
    const { sink, wire } = await start({ maxBodyBytes: 64 * 1024, clientOptions: { 'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip } });
    const { error } = await call(TRACE_PATH, traceRequest(1, 'z'.repeat(1024 * 1024)), { 'x-linkscope-ingest-key': KEY });
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(wire.clientBytes).toBeLessThan(64 * 1024); // under the limit on the wire, over it decompressed
    expect(sink.jobs).toHaveLength(0);
  });

  it('serves the logs service on the same port', async () => {
    const { sink } = await start();
    const type = protoType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
    const body = Buffer.from(type.encode(type.fromObject({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1700000000000000000', body: { stringValue: 'hello' }, severityNumber: 9 }] }] }] })).finish());
    const { error } = await call(LOGS_PATH, body, { 'x-linkscope-ingest-key': KEY });
    expect(error).toBeNull();
    expect(sink.jobs.map((j) => j.signal)).toEqual(['logs']);
  });
});
