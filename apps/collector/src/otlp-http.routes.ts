import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  OtlpDecodeError,
  type OtlpEncoding,
  type OtlpSignal,
  decodeLogsRequest,
  decodeMetricsRequest,
  decodeTraceRequest,
  encodeExportResponse,
  encodeStatus,
} from '@linkscope/otlp';
import type { CollectorMetrics } from './collector-metrics';
import { type IngestKeyRegistry, ingestKeyFromHeaders } from './ingest-keys';
import { decodeContentEncoding } from './request-body';
import type { IngestPayload, IngestRefusal, TelemetryIngest } from './telemetry-ingest';

const CONTENT_TYPES: Record<string, OtlpEncoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};
/** gRPC status codes used in google.rpc.Status bodies. */
const GRPC = { INVALID_ARGUMENT: 3, UNAUTHENTICATED: 16, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

interface Decoded {
  readonly payload: IngestPayload;
  readonly rejected: number;
  readonly rejectReasons: Partial<Record<string, number>>;
  readonly truncated: number;
}

/** Each OTLP signal: its path, what its items are called in messages, and its decoder. */
const SIGNALS: readonly { signal: OtlpSignal; path: string; noun: string; decode: (body: Buffer, encoding: OtlpEncoding) => Decoded }[] = [
  {
    signal: 'traces',
    path: '/v1/traces',
    noun: 'span',
    decode: (body, encoding) => {
      const d = decodeTraceRequest(body, encoding);
      return { payload: { signal: 'spans', spans: d.spans }, rejected: d.rejected, rejectReasons: d.rejectReasons, truncated: d.truncation.attributesDropped + d.truncation.valuesTruncated };
    },
  },
  {
    signal: 'metrics',
    path: '/v1/metrics',
    noun: 'data point',
    decode: (body, encoding) => {
      const d = decodeMetricsRequest(body, encoding);
      return { payload: { signal: 'metrics', points: d.points }, rejected: d.rejected, rejectReasons: d.rejectReasons, truncated: d.truncation.attributesDropped + d.truncation.valuesTruncated };
    },
  },
  {
    signal: 'logs',
    path: '/v1/logs',
    noun: 'log record',
    decode: (body, encoding) => {
      const d = decodeLogsRequest(body, encoding);
      return { payload: { signal: 'logs', records: d.records }, rejected: d.rejected, rejectReasons: d.rejectReasons, truncated: d.truncation.attributesDropped + d.truncation.valuesTruncated };
    },
  },
];

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The request's encoding; errors about an unsupported type are answered in JSON. */
export function otlpEncodingOf(request: FastifyRequest): OtlpEncoding {
  return CONTENT_TYPES[mediaType(request)] ?? 'json';
}

export function otlpFail(reply: FastifyReply, encoding: OtlpEncoding, http: number, grpc: number, message: string): FastifyReply {
  return reply
    .code(http)
    .header('content-type', encoding === 'json' ? 'application/json' : 'application/x-protobuf')
    .send(encodeStatus(encoding, grpc, message));
}

function describeRejections(noun: string, reasons: Partial<Record<string, number>>): string {
  return Object.entries(reasons)
    .map(([reason, count]) => `${count} ${noun}(s) rejected: ${reason.replaceAll('_', ' ')}`)
    .join('; ');
}

const THROTTLE_MESSAGES: Record<IngestRefusal['status'], string> = {
  rate_limited: 'this project is sending faster than its ingest rate limit; retry later',
  overloaded: 'ingest queue is above its high-water mark; retry later',
  unavailable: 'ingest queue unavailable; retry later',
};

/** 429 for a tenant over its rate, 503 for a full or unreachable queue; both retryable, with Retry-After. */
function throttled(reply: FastifyReply, encoding: OtlpEncoding, outcome: IngestRefusal): FastifyReply {
  reply.header('retry-after', String(outcome.retryAfterSeconds));
  const http = outcome.status === 'rate_limited' ? 429 : 503;
  return otlpFail(reply, encoding, http, outcome.status === 'rate_limited' ? GRPC.RESOURCE_EXHAUSTED : GRPC.UNAVAILABLE, THROTTLE_MESSAGES[outcome.status]);
}

export interface OtlpRouteDeps {
  readonly ingest: TelemetryIngest;
  readonly metrics: CollectorMetrics;
  readonly keys: IngestKeyRegistry;
  readonly maxBodyBytes: number;
}

/**
 * OTLP/HTTP: POST /v1/traces, /v1/metrics and /v1/logs in protobuf or JSON, gzip or identity,
 * answered in the request's content type.
 */
export function registerOtlpHttpRoutes(app: FastifyInstance, deps: OtlpRouteDeps): void {
  for (const { signal, path, noun, decode } of SIGNALS) {
    // Per-request access lines would dwarf the telemetry itself; warnings and errors are still logged.
    app.post(path, { logLevel: 'warn' }, async (request, reply) => {
      const type = mediaType(request);
      const encoding = otlpEncodingOf(request);
      if (!(type in CONTENT_TYPES)) {
        return otlpFail(reply, 'json', 415, GRPC.INVALID_ARGUMENT, `unsupported Content-Type "${type}" (application/x-protobuf or application/json)`);
      }
      const scope = deps.keys.resolve(ingestKeyFromHeaders(request.headers));
      if (!scope) return otlpFail(reply, encoding, 401, GRPC.UNAUTHENTICATED, 'missing or unknown ingest key (x-linkscope-ingest-key or Authorization: Bearer)');
      const refused = deps.ingest.admit(scope, signal);
      if (refused) return throttled(reply, encoding, refused);

      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const body = await decodeContentEncoding(raw, request.headers['content-encoding'] as string | undefined, deps.maxBodyBytes);
      if (body.status === 'too_large') return otlpFail(reply, encoding, 413, GRPC.RESOURCE_EXHAUSTED, `decompressed body exceeds ${deps.maxBodyBytes} bytes`);
      if (body.status === 'bad_encoding') return otlpFail(reply, encoding, 400, GRPC.INVALID_ARGUMENT, body.reason);

      let decoded: Decoded;
      try {
        decoded = decode(body.body, encoding);
      } catch (error) {
        if (error instanceof OtlpDecodeError) return otlpFail(reply, encoding, 400, GRPC.INVALID_ARGUMENT, error.message);
        throw error;
      }
      deps.metrics.rejectedItems(signal, decoded.rejectReasons);
      deps.metrics.truncatedValues(signal, decoded.truncated);
      const outcome = await deps.ingest.submit(scope, signal, `otlp-${signal}-${encoding}`, body.body, decoded.payload);
      if (outcome.status !== 'accepted') {
        if (outcome.status === 'unavailable') request.log.warn({ reason: outcome.reason }, 'queue unavailable; batch refused with 503');
        return throttled(reply, encoding, outcome);
      }
      return reply
        .code(200)
        .header('content-type', encoding === 'json' ? 'application/json' : 'application/x-protobuf')
        .send(encodeExportResponse(signal, encoding, decoded.rejected, describeRejections(noun, decoded.rejectReasons)));
    });
  }
}
