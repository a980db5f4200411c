import type { FastifyInstance, FastifyReply } from 'fastify';
import { ZipkinDecodeError, decodeZipkinSpans } from '@linkscope/zipkin';
import { type IngestKeyRegistry, ingestKeyFromHeaders } from './ingest-keys';
import { decodeContentEncoding } from './request-body';
import type { CollectorMetrics } from './collector-metrics';
import type { IngestRefusal, TelemetryIngest } from './telemetry-ingest';

export interface ZipkinRouteDeps {
  readonly ingest: TelemetryIngest;
  readonly metrics: CollectorMetrics;
  readonly keys: IngestKeyRegistry;
  readonly maxBodyBytes: number;
}

function fail(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send({ error: message });
}

function throttled(reply: FastifyReply, outcome: IngestRefusal): FastifyReply {
  reply.header('retry-after', String(outcome.retryAfterSeconds));
  if (outcome.status === 'rate_limited') return fail(reply, 429, 'this project is sending faster than its ingest rate limit; retry later');
  return fail(reply, 503, outcome.status === 'overloaded' ? 'ingest queue is above its high-water mark; retry later' : 'ingest queue unavailable; retry later');
}

/** Zipkin v2: POST /api/v2/spans with a JSON list of spans, answered 202 once queued. */
export function registerZipkinRoutes(app: FastifyInstance, deps: ZipkinRouteDeps): void {
  app.post('/api/v2/spans', { logLevel: 'warn' }, async (request, reply) => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return fail(reply, 415, `unsupported Content-Type "${type ?? ''}" (application/json)`);
    const key = await deps.keys.resolve(ingestKeyFromHeaders(request.headers));
    if (key.status === 'unavailable') return fail(reply.header('retry-after', '5'), 503, 'ingest keys cannot be checked right now; retry later');
    if (key.status !== 'ok') return fail(reply, 401, 'missing or unknown ingest key (x-linkscope-ingest-key or Authorization: Bearer)');
    const scope = key.scope;
    const refused = deps.ingest.admit(scope, 'zipkin');
    if (refused) return throttled(reply, refused);

    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const body = await decodeContentEncoding(raw, request.headers['content-encoding'] as string | undefined, deps.maxBodyBytes);
    if (body.status === 'too_large') return fail(reply, 413, `decompressed body exceeds ${deps.maxBodyBytes} bytes`);
    if (body.status === 'bad_encoding') return fail(reply, 400, body.reason);

    let decoded;
    try {
      decoded = decodeZipkinSpans(body.body);
    } catch (error) {
      if (error instanceof ZipkinDecodeError) return fail(reply, 400, error.message);
      throw error;
    }
    deps.metrics.rejectedItems('zipkin', decoded.rejectReasons);
    const outcome = await deps.ingest.submit(scope, 'zipkin', 'zipkin', body.body, { signal: 'spans', spans: decoded.spans });
    if (outcome.status !== 'accepted') return throttled(reply, outcome);
    if (decoded.rejected > 0) reply.header('x-linkscope-rejected-spans', String(decoded.rejected));
    return reply.code(202).send();
  });
}
