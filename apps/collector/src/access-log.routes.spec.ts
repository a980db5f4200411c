import { gzipSync } from 'node:zlib';
import type { AccessLogBatch } from '@linkscope/domain';
import type { AccessLogBatchJob, EnqueueResult, IngestJob } from '@linkscope/queue';
import { afterEach, describe, expect, it } from 'vitest';
import { CollectorMetrics } from './collector-metrics';
import { IngestKeyRegistry } from './ingest-keys';
import { OtlpExportService } from './otlp-export.service';
import { buildCollectorServer } from './server';
import { type IngestSink, TelemetryIngest } from './telemetry-ingest';
import { TenantRateLimiter } from './tenant-rate-limiter';

const KEY = 'ls_test_key_0123456789';

class RecordingSink implements IngestSink {
  jobs: IngestJob[] = [];
  available = true;
  async enqueue(job: IngestJob): Promise<EnqueueResult> {
    if (!this.available) return { status: 'unavailable', reason: 'connection refused' };
    this.jobs.push(job);
    return { status: 'queued', jobId: job.batchId };
  }
  async backlog(): Promise<number> {
    return 0;
  }
  async isReady(): Promise<boolean> {
    return this.available;
  }
}

const batch: AccessLogBatch = {
  batchId: 'edge-1/3f2a9c1d7b4e/1763889360000/0',
  agentId: 'edge-1',
  file: '/var/log/nginx/access.log',
  minuteEpochMs: 1763889360000,
  entries: [
    {
      host: 'shop.example.com', method: 'GET', route: '/api/products/{num}', count: 3, statusCounts: { '200': 2, '503': 1 }, bytes: 900, slowCount: 1,
      requestTime: { count: 3, sumUs: 1_300_000, maxUs: 1_200_000, buckets: { '107': 1, '134': 1, '162': 1 } },
      upstreamTime: { count: 0, sumUs: 0, maxUs: 0, buckets: {} },
    },
  ],
  samples: [
    {
      reason: 'server_error', timeEpochMs: 1763889361000, host: 'shop.example.com', method: 'GET', route: '/api/products/{num}', path: '/api/products/7', status: 503,
      bytes: 0, requestTimeUs: 1_200_000, upstreamTimeUs: null, traceId: '4bf92f3577b34da6a3ce929d0e0e4736', line: '...',
    },
  ],
  unparsed: { count: 2, samples: ['garbage'] },
};

let sink: RecordingSink;
let ingest: TelemetryIngest | undefined;
let app: ReturnType<typeof buildCollectorServer> | undefined;
function server(maxBodyBytes = 1024 * 1024) {
  sink = new RecordingSink();
  const metrics = new CollectorMetrics();
  ingest = new TelemetryIngest(sink, 100, new TenantRateLimiter(1_000_000, 1), metrics, () => 1234);
  app = buildCollectorServer({ ingest, exporter: new OtlpExportService(ingest, metrics), metrics, keys: new IngestKeyRegistry([{ key: KEY, tenantId: 'acme', projectId: 'shop' }]), maxBodyBytes, logLevel: 'silent' });
  return app;
}
afterEach(async () => {
  await app?.close();
  ingest?.close();
});

function post(payload: string | Buffer, headers: Record<string, string> = {}) {
  return app!.inject({ method: 'POST', url: '/v1/accesslogs', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY, ...headers }, payload });
}

describe('POST /v1/accesslogs', () => {
  it('enqueues one access-log job stamped with the key\'s tenant, with an id from the agent\'s batch id', async () => {
    server();
    const response = await post(JSON.stringify(batch));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ batchId: batch.batchId });
    expect(sink.jobs).toHaveLength(1);
    const job = sink.jobs[0] as AccessLogBatchJob;
    expect(job).toMatchObject({ signal: 'accesslogs', scope: { tenantId: 'acme', projectId: 'shop' }, receivedAtMs: 1234, batch });
    // Resent with other samples (same batch id): the same job id, so one job and one set of documents.
    await post(JSON.stringify({ ...batch, samples: [] }));
    expect(sink.jobs[1]!.batchId).toBe(job.batchId);
    await post(JSON.stringify({ ...batch, batchId: 'edge-1/3f2a9c1d7b4e/1763889360000/1' }));
    expect(sink.jobs[2]!.batchId).not.toBe(job.batchId);
  });

  it('accepts gzip bodies', async () => {
    server();
    expect((await post(gzipSync(JSON.stringify(batch)), { 'content-encoding': 'gzip' })).statusCode).toBe(200);
  });

  it('answers 401 without a known ingest key and enqueues nothing', async () => {
    server();
    expect((await post(JSON.stringify(batch), { 'x-linkscope-ingest-key': 'ls_wrong_key_0123456789' })).statusCode).toBe(401);
    expect(sink.jobs).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{"batchId":', /^body is not JSON/],
    ['counts that do not add up', JSON.stringify({ ...batch, entries: [{ ...batch.entries[0], count: 4 }] }), /entries\.0\.statusCounts: status counts add up to 3, not count 4/],
    ['a bucket index out of range', JSON.stringify({ ...batch, entries: [{ ...batch.entries[0], requestTime: { count: 1, sumUs: 1, maxUs: 1, buckets: { '300': 1 } }, upstreamTime: { count: 0, sumUs: 0, maxUs: 0, buckets: {} } }] }), /bucket index must be below 256/],
    ['a minute that is not a minute', JSON.stringify({ ...batch, minuteEpochMs: 1763889360001 }), /minuteEpochMs: must be the start of a minute/],
    ['a trace id that is not 32 hex', JSON.stringify({ ...batch, samples: [{ ...batch.samples[0], traceId: 'xyz' }] }), /samples\.0\.traceId/],
    ['a status code outside 100-599', JSON.stringify({ ...batch, entries: [{ ...batch.entries[0], statusCounts: { '200': 2, '700': 1 } }] }), /entries\.0\.statusCounts\.700: Invalid key in record/],
    ['too many entries', JSON.stringify({ ...batch, entries: Array.from({ length: 5001 }, () => batch.entries[0]) }), /entries: Too big/i],
  ])('answers 400 for %s, saying what is wrong', async (_name, payload, message) => {
    server(64 * 1024 * 1024);
    const response = await post(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(message);
    expect(sink.jobs).toHaveLength(0);
  });

  it('answers 415 for another content type and 413 past the size limit', async () => {
    server(4096);
    expect((await post(JSON.stringify(batch), { 'content-type': 'text/plain' })).statusCode).toBe(415);
    const big = JSON.stringify({ ...batch, unparsed: { count: 1, samples: ['x'.repeat(4000)] } });
    expect((await post(gzipSync(big), { 'content-encoding': 'gzip' })).statusCode).toBe(413);
  });

  it('answers 503 with Retry-After when the queue is unreachable, so the agent keeps the batch', async () => {
    server();
    sink.available = false;
    const response = await post(JSON.stringify(batch));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });
});
