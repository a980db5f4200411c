import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { decodeTraceRequest, encodeStatus, encodeTraceExportResponse, OtlpDecodeError, type OtlpEncoding } from '@linkscope/otlp';
import type { EnqueueResult, SpanBatchJob } from '@linkscope/queue';
import { type IngestKeyRegistry, ingestKeyFromHeaders } from './ingest-keys';
import { decodeContentEncoding } from './request-body';

/** Where accepted batches go. The BullMQ producer in production; the interface keeps the routes testable. */
export interface SpanBatchSink {
  enqueue(job: SpanBatchJob): Promise<EnqueueResult>;
  backlog(): Promise<number>;
  isReady(): Promise<boolean>;
}

export interface CollectorDeps {
  readonly sink: SpanBatchSink;
  readonly keys: IngestKeyRegistry;
  readonly maxBodyBytes: number;
  readonly queueHighWater: number;
  readonly logLevel: string;
  readonly now?: () => number;
}

const CONTENT_TYPES: Record<string, OtlpEncoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};
const RETRY_AFTER_SECONDS = '5';
/** gRPC status codes used in google.rpc.Status bodies. */
const GRPC = { INVALID_ARGUMENT: 3, UNAUTHENTICATED: 16, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

function encodingOf(request: FastifyRequest): OtlpEncoding {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return CONTENT_TYPES[type] ?? 'json';
}

function fail(reply: FastifyReply, encoding: OtlpEncoding, http: number, grpc: number, message: string): FastifyReply {
  return reply
    .code(http)
    .header('content-type', encoding === 'json' ? 'application/json' : 'application/x-protobuf')
    .send(encodeStatus(encoding, grpc, message));
}

function describeRejections(reasons: Partial<Record<string, number>>): string {
  return Object.entries(reasons)
    .map(([reason, count]) => `${count} span(s) rejected: ${reason.replaceAll('_', ' ')}`)
    .join('; ');
}

/** Builds the OTLP/HTTP collector. It never writes to Elasticsearch: it answers 200 only once the batch is in Redis. */
export function buildCollectorServer(deps: CollectorDeps): FastifyInstance {
  const now = deps.now ?? Date.now;
  const app = Fastify({
    logger: { level: deps.logLevel, redact: ['req.headers.authorization', 'req.headers["x-linkscope-ingest-key"]'] },
    // Compressed bodies are limited here; the decompressed size is limited again after gunzip.
    bodyLimit: deps.maxBodyBytes,
  });

  let backlog = 0;
  const refreshBacklog = async (): Promise<void> => {
    backlog = await deps.sink.backlog().catch(() => backlog);
  };
  const backlogTimer = setInterval(() => void refreshBacklog(), 1000);
  backlogTimer.unref();
  app.addHook('onClose', async () => clearInterval(backlogTimer));

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const encoding = encodingOf(request);
    if (error.statusCode === 413) return fail(reply, encoding, 413, GRPC.RESOURCE_EXHAUSTED, `body exceeds ${deps.maxBodyBytes} bytes`);
    if (error.statusCode && error.statusCode < 500) return fail(reply, encoding, error.statusCode, GRPC.INVALID_ARGUMENT, error.message);
    request.log.error({ err: error }, 'unexpected error');
    return fail(reply, encoding, 500, GRPC.UNAVAILABLE, 'internal error');
  });

  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const ready = await deps.sink.isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'redis unavailable' });
  });

  // Per-request access lines would dwarf the telemetry itself; errors and warnings are still logged.
  app.post('/v1/traces', { logLevel: 'warn' }, async (request, reply) => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const encoding = encodingOf(request);
    if (!(type in CONTENT_TYPES)) {
      return fail(reply, 'json', 415, GRPC.INVALID_ARGUMENT, `unsupported Content-Type "${type}" (application/x-protobuf or application/json)`);
    }
    const scope = deps.keys.resolve(ingestKeyFromHeaders(request.headers));
    if (!scope) return fail(reply, encoding, 401, GRPC.UNAUTHENTICATED, 'missing or unknown ingest key (x-linkscope-ingest-key or Authorization: Bearer)');

    if (backlog >= deps.queueHighWater) {
      reply.header('retry-after', RETRY_AFTER_SECONDS);
      return fail(reply, encoding, 503, GRPC.UNAVAILABLE, 'ingest queue is above its high-water mark; retry later');
    }

    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const body = await decodeContentEncoding(raw, request.headers['content-encoding'] as string | undefined, deps.maxBodyBytes);
    if (body.status === 'too_large') return fail(reply, encoding, 413, GRPC.RESOURCE_EXHAUSTED, `decompressed body exceeds ${deps.maxBodyBytes} bytes`);
    if (body.status === 'bad_encoding') return fail(reply, encoding, 400, GRPC.INVALID_ARGUMENT, body.reason);

    let decoded;
    try {
      decoded = decodeTraceRequest(body.body, encoding);
    } catch (error) {
      if (error instanceof OtlpDecodeError) return fail(reply, encoding, 400, GRPC.INVALID_ARGUMENT, error.message);
      throw error;
    }

    if (decoded.spans.length > 0) {
      const batchId = createHash('sha256')
        .update(scope.tenantId).update('\0').update(scope.projectId).update('\0').update(body.body)
        .digest('hex')
        .slice(0, 40);
      const result = await deps.sink.enqueue({ batchId, scope, receivedAtMs: now(), spans: decoded.spans });
      if (result.status === 'unavailable') {
        request.log.warn({ reason: result.reason }, 'queue unavailable; batch refused with 503');
        reply.header('retry-after', RETRY_AFTER_SECONDS);
        return fail(reply, encoding, 503, GRPC.UNAVAILABLE, 'ingest queue unavailable; retry later');
      }
    }
    return reply
      .code(200)
      .header('content-type', encoding === 'json' ? 'application/json' : 'application/x-protobuf')
      .send(encodeTraceExportResponse(encoding, decoded.rejected, describeRejections(decoded.rejectReasons)));
  });

  return app;
}
