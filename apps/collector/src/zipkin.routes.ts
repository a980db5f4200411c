import type { FastifyInstance, FastifyReply } from 'fastify';
import { ZipkinDecodeError, decodeZipkinSpans } from '@linkscope/zipkin';
import { type IngestKeyRegistry, ingestKeyFromHeaders } from './ingest-keys';
import { decodeContentEncoding } from './request-body';
import type { SpanIngest } from './span-ingest';

export interface ZipkinRouteDeps {
  readonly ingest: SpanIngest;
  readonly keys: IngestKeyRegistry;
  readonly maxBodyBytes: number;
}

function fail(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send({ error: message });
}

/** Zipkin v2: POST /api/v2/spans with a JSON list of spans, answered 202 once queued. */
export function registerZipkinRoutes(app: FastifyInstance, deps: ZipkinRouteDeps): void {
  app.post('/api/v2/spans', { logLevel: 'warn' }, async (request, reply) => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return fail(reply, 415, `unsupported Content-Type "${type ?? ''}" (application/json)`);
    const scope = deps.keys.resolve(ingestKeyFromHeaders(request.headers));
    if (!scope) return fail(reply, 401, 'missing or unknown ingest key (x-linkscope-ingest-key or Authorization: Bearer)');
    if (deps.ingest.isOverloaded()) return fail(reply.header('retry-after', '5'), 503, 'ingest queue is above its high-water mark; retry later');

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
    const outcome = await deps.ingest.submit(scope, 'zipkin', body.body, decoded.spans);
    if (outcome.status !== 'accepted') {
      return fail(reply.header('retry-after', String(outcome.retryAfterSeconds)), 503, 'ingest queue unavailable; retry later');
    }
    if (decoded.rejected > 0) reply.header('x-linkscope-rejected-spans', String(decoded.rejected));
    return reply.code(202).send();
  });
}
