import { gzipSync } from 'node:zlib';
import type { EnqueueResult, IngestJob } from '@linkscope/queue';
import { protoType } from '@linkscope/otlp';
import { afterEach, describe, expect, it } from 'vitest';
import { CollectorMetrics } from './collector-metrics';
import { IngestKeyRegistry } from './ingest-keys';
import { OtlpExportService } from './otlp-export.service';
import { buildCollectorServer } from './server';
import { type IngestSink, TelemetryIngest } from './telemetry-ingest';
import { TenantRateLimiter } from './tenant-rate-limiter';

const KEY = 'ls_test_key_0123456789';
const MAX_BODY = 64 * 1024;
const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

class CountingSink implements IngestSink {
  jobs: IngestJob[] = [];
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

const span = (overrides: object = {}) => ({ traceId: TRACE, spanId: SPAN, name: 'GET /', kind: 2, startTimeUnixNano: '1000', endTimeUnixNano: '2000', ...overrides });
const json = (spans: object[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
const validProtobuf = (() => {
  const type = protoType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  return Buffer.from(type.encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...span(), traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.from(SPAN, 'hex') }] }] }] })).finish());
})();

interface Case {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
  readonly status: number;
  /** The exact JSON body answered, or for protobuf answers the decoded google.rpc.Status. */
  readonly answer: unknown;
  readonly queued: number;
}

const JSON_KEYED = { 'content-type': 'application/json', 'x-linkscope-ingest-key': KEY };
const PROTO_KEYED = { 'content-type': 'application/x-protobuf', 'x-linkscope-ingest-key': KEY };

const CASES: readonly Case[] = [
  { name: 'empty JSON object: success, nothing queued', headers: JSON_KEYED, body: '{}', status: 200, answer: {}, queued: 0 },
  { name: 'empty protobuf body: success, nothing queued', headers: PROTO_KEYED, body: Buffer.alloc(0), status: 200, answer: {}, queued: 0 },
  { name: 'empty JSON body', headers: JSON_KEYED, body: '', status: 400, answer: { code: 3, message: 'body is not valid JSON: Unexpected end of JSON input' }, queued: 0 },
  { name: 'wrong content type', headers: { 'content-type': 'text/plain', 'x-linkscope-ingest-key': KEY }, body: 'spans', status: 415, answer: { code: 3, message: 'unsupported Content-Type "text/plain" (application/x-protobuf or application/json)' }, queued: 0 },
  {
    name: 'truncated protobuf',
    headers: PROTO_KEYED,
    body: validProtobuf.subarray(0, validProtobuf.length - 7),
    status: 400,
    answer: { code: 3, message: expect.stringMatching(/^body is not a valid ExportTraceServiceRequest: /) },
    queued: 0,
  },
  { name: 'invalid JSON', headers: JSON_KEYED, body: '{"resourceSpans": [', status: 400, answer: { code: 3, message: expect.stringMatching(/^body is not valid JSON: /) }, queued: 0 },
  { name: 'JSON of the wrong shape', headers: JSON_KEYED, body: '{"resourceSpans": {"spans": []}}', status: 400, answer: { code: 3, message: 'resourceSpans must be an array' }, queued: 0 },
  { name: 'gzip header over plain bytes', headers: { ...JSON_KEYED, 'content-encoding': 'gzip' }, body: json([span()]), status: 400, answer: { code: 3, message: 'gzip body could not be inflated: incorrect header check' }, queued: 0 },
  { name: 'unsupported content encoding', headers: { ...JSON_KEYED, 'content-encoding': 'br' }, body: json([span()]), status: 400, answer: { code: 3, message: 'unsupported Content-Encoding "br" (identity or gzip)' }, queued: 0 },
  { name: 'oversize body', headers: JSON_KEYED, body: 'x'.repeat(MAX_BODY + 1), status: 413, answer: { code: 8, message: `body exceeds ${MAX_BODY} bytes` }, queued: 0 },
  { name: 'oversize after gzip inflation', headers: { ...JSON_KEYED, 'content-encoding': 'gzip' }, body: gzipSync(' '.repeat(MAX_BODY * 4)), status: 413, answer: { code: 8, message: `decompressed body exceeds ${MAX_BODY} bytes` }, queued: 0 },
  {
    name: 'wrong ids and times: partial success naming each reason',
    headers: JSON_KEYED,
    body: json([span(), span({ traceId: '0'.repeat(32) }), span({ spanId: 'xyz' }), span({ endTimeUnixNano: '500' })]),
    status: 200,
    answer: { partialSuccess: { rejectedSpans: '3', errorMessage: '1 span(s) rejected: invalid trace id; 1 span(s) rejected: invalid span id; 1 span(s) rejected: end before start' } },
    queued: 1,
  },
  { name: 'a span that is not an object', headers: JSON_KEYED, body: json([span(), 42 as unknown as object]), status: 200, answer: { partialSuccess: { rejectedSpans: '1', errorMessage: '1 span(s) rejected: malformed span' } }, queued: 1 },
  { name: 'huge attribute value: accepted, truncated', headers: JSON_KEYED, body: json([span({ attributes: [{ key: 'blob', value: { stringValue: 'x'.repeat(50_000) } }] })]), status: 200, answer: {}, queued: 1 },
  { name: 'unknown ingest key', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': 'not-a-real-key-000' }, body: json([span()]), status: 401, answer: { code: 16, message: 'missing or unknown ingest key (x-linkscope-ingest-key or Authorization: Bearer)' }, queued: 0 },
  { name: 'no ingest key', headers: { 'content-type': 'application/json' }, body: json([span()]), status: 401, answer: { code: 16, message: 'missing or unknown ingest key (x-linkscope-ingest-key or Authorization: Bearer)' }, queued: 0 },
];

let app: ReturnType<typeof buildCollectorServer> | undefined;
let ingest: TelemetryIngest | undefined;
afterEach(async () => {
  await app?.close();
  ingest?.close();
});

describe('bad input gets a precise answer and never takes good data down', () => {
  it.each(CASES)('$name → $status', async ({ headers, body, status, answer, queued }) => {
    const sink = new CountingSink();
    const metrics = new CollectorMetrics();
    ingest = new TelemetryIngest(sink, 100, new TenantRateLimiter(1_000_000), metrics);
    app = buildCollectorServer({ ingest, exporter: new OtlpExportService(ingest, metrics), metrics, keys: new IngestKeyRegistry([{ key: KEY, tenantId: 't', projectId: 'p' }]), maxBodyBytes: MAX_BODY, logLevel: 'silent' });
    const response = await app.inject({ method: 'POST', url: '/v1/traces', headers, payload: body });
    expect(response.statusCode).toBe(status);
    const protobufAnswer = response.headers['content-type'] === 'application/x-protobuf';
    if (protobufAnswer) {
      const type = protoType(status === 200 ? 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse' : 'google.rpc.Status');
      expect(type.toObject(type.decode(response.rawPayload), { longs: String })).toEqual(answer);
    } else {
      expect(response.json()).toEqual(answer);
    }
    expect(sink.jobs).toHaveLength(queued);
    if (queued) {
      const blob = (sink.jobs[0] as Extract<IngestJob, { signal: 'spans' }>).spans[0]?.attributes['blob'];
      if (blob !== undefined) expect(blob).toHaveLength(4096);
    }
  });
});
