import type { FastifyInstance, FastifyReply } from 'fastify';
import { accessLogBatchSchema } from '@linkscope/domain';
import { type IngestKeyRegistry, ingestKeyFromHeaders } from './ingest-keys';
import { decodeContentEncoding } from './request-body';
import type { IngestRefusal, TelemetryIngest } from './telemetry-ingest';

/** Largest access-log batch accepted (after decompression): 5000 route minutes fit in well under this. */
export const ACCESS_LOG_MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface AccessLogRouteDeps {
  readonly ingest: TelemetryIngest;
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

/**
 * POST /v1/accesslogs: one closed minute of per-route statistics from an access-log agent (JSON,
 * identity or gzip), authenticated by the ingest key like every other route. The job id derives
 * from the tenant and the agent's batch id (not the body), so a batch resent after a lost answer
 * is one job, and its documents one set.
 */
export function registerAccessLogRoutes(app: FastifyInstance, deps: AccessLogRouteDeps): void {
  const maxBytes = Math.min(deps.maxBodyBytes, ACCESS_LOG_MAX_BODY_BYTES);
  app.post('/v1/accesslogs', { logLevel: 'warn' }, async (request, reply) => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json') return fail(reply, 415, `unsupported Content-Type "${type}" (application/json)`);
    const key = await deps.keys.resolve(ingestKeyFromHeaders(request.headers));
    if (key.status === 'unavailable') return fail(reply.header('retry-after', '5'), 503, 'ingest keys cannot be checked right now; retry later');
    if (key.status !== 'ok') return fail(reply, 401, 'missing or unknown ingest key (x-linkscope-ingest-key or Authorization: Bearer)');
    const scope = key.scope;
    const refused = deps.ingest.admit(scope, 'accesslogs');
    if (refused) return throttled(reply, refused);

    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const body = await decodeContentEncoding(raw, request.headers['content-encoding'] as string | undefined, maxBytes);
    if (body.status === 'too_large') return fail(reply, 413, `decompressed body exceeds ${maxBytes} bytes`);
    if (body.status === 'bad_encoding') return fail(reply, 400, body.reason);

    let json: unknown;
    try {
      json = JSON.parse(body.body.toString('utf8'));
    } catch (error) {
      return fail(reply, 400, `body is not JSON: ${(error as Error).message}`);
    }
    const parsed = accessLogBatchSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return fail(reply, 400, `invalid access-log batch: ${issues.join('; ')}`);
    }
    const batch = parsed.data;
    const outcome = await deps.ingest.submit(scope, 'accesslogs', 'accesslogs', Buffer.from(`${batch.agentId}\0${batch.batchId}`), { signal: 'accesslogs', batch });
    if (outcome.status !== 'accepted') {
      if (outcome.status === 'unavailable') request.log.warn({ reason: outcome.reason }, 'queue unavailable; access-log batch refused with 503');
      return throttled(reply, outcome);
    }
    return reply.code(200).send({ batchId: batch.batchId });
  });
}
