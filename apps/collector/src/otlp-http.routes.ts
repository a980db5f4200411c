import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type OtlpEncoding, type OtlpSignal, encodeExportResponse, encodeStatus } from '@linkscope/otlp';
import { type IngestKeyRegistry, ingestKeyFromHeaders } from './ingest-keys';
import type { ExportOutcome, OtlpExportService } from './otlp-export.service';
import { decodeContentEncoding } from './request-body';

const CONTENT_TYPES: Record<string, OtlpEncoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};
const PATHS: Record<OtlpSignal, string> = { traces: '/v1/traces', metrics: '/v1/metrics', logs: '/v1/logs' };
/** gRPC status codes used in google.rpc.Status bodies. */
const GRPC = { INVALID_ARGUMENT: 3, UNAUTHENTICATED: 16, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

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

/** 400 for an unreadable body; 429 for a tenant over its rate, 503 for a full or unreachable queue, with Retry-After. */
function failed(reply: FastifyReply, encoding: OtlpEncoding, outcome: Exclude<ExportOutcome, { status: 'accepted' }>): FastifyReply {
  if (outcome.status === 'invalid') return otlpFail(reply, encoding, 400, GRPC.INVALID_ARGUMENT, outcome.message);
  reply.header('retry-after', String(outcome.refusal.retryAfterSeconds));
  const limited = outcome.refusal.status === 'rate_limited';
  return otlpFail(reply, encoding, limited ? 429 : 503, limited ? GRPC.RESOURCE_EXHAUSTED : GRPC.UNAVAILABLE, outcome.message);
}

export interface OtlpRouteDeps {
  readonly exporter: OtlpExportService;
  readonly keys: IngestKeyRegistry;
  readonly maxBodyBytes: number;
}

/**
 * OTLP/HTTP: POST /v1/traces, /v1/metrics and /v1/logs in protobuf or JSON, gzip or identity,
 * answered in the request's content type.
 */
export function registerOtlpHttpRoutes(app: FastifyInstance, deps: OtlpRouteDeps): void {
  for (const [signal, path] of Object.entries(PATHS) as [OtlpSignal, string][]) {
    // Per-request access lines would dwarf the telemetry itself; warnings and errors are still logged.
    app.post(path, { logLevel: 'warn' }, async (request, reply) => {
      const type = mediaType(request);
      const encoding = otlpEncodingOf(request);
      if (!(type in CONTENT_TYPES)) {
        return otlpFail(reply, 'json', 415, GRPC.INVALID_ARGUMENT, `unsupported Content-Type "${type}" (application/x-protobuf or application/json)`);
      }
      const key = await deps.keys.resolve(ingestKeyFromHeaders(request.headers));
      if (key.status === 'unavailable') return otlpFail(reply.header('retry-after', '5'), encoding, 503, GRPC.UNAVAILABLE, 'ingest keys cannot be checked right now; retry later');
      if (key.status !== 'ok') return otlpFail(reply, encoding, 401, GRPC.UNAUTHENTICATED, 'missing or unknown ingest key (x-linkscope-ingest-key or Authorization: Bearer)');
      const scope = key.scope;
      const refused = deps.exporter.admit(scope, signal);
      if (refused && refused.status !== 'accepted') return failed(reply, encoding, refused);

      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const body = await decodeContentEncoding(raw, request.headers['content-encoding'] as string | undefined, deps.maxBodyBytes);
      if (body.status === 'too_large') return otlpFail(reply, encoding, 413, GRPC.RESOURCE_EXHAUSTED, `decompressed body exceeds ${deps.maxBodyBytes} bytes`);
      if (body.status === 'bad_encoding') return otlpFail(reply, encoding, 400, GRPC.INVALID_ARGUMENT, body.reason);

      const outcome = await deps.exporter.export(scope, signal, body.body, encoding);
      if (outcome.status !== 'accepted') {
        if (outcome.status === 'refused' && outcome.refusal.status === 'unavailable') request.log.warn({ reason: outcome.refusal.reason }, 'queue unavailable; batch refused with 503');
        return failed(reply, encoding, outcome);
      }
      return reply
        .code(200)
        .header('content-type', encoding === 'json' ? 'application/json' : 'application/x-protobuf')
        .send(encodeExportResponse(signal, encoding, outcome.rejected, outcome.message));
    });
  }
}
