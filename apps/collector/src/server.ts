import Fastify, { type FastifyInstance } from 'fastify';
import type { CollectorMetrics, Signal } from './collector-metrics';
import type { IngestKeyRegistry } from './ingest-keys';
import type { OtlpExportService } from './otlp-export.service';
import { otlpEncodingOf, otlpFail, registerOtlpHttpRoutes } from './otlp-http.routes';
import type { TelemetryIngest } from './telemetry-ingest';
import { registerZipkinRoutes } from './zipkin.routes';
import { registerAccessLogRoutes } from './access-log.routes';

export interface CollectorDeps {
  readonly ingest: TelemetryIngest;
  readonly exporter: OtlpExportService;
  readonly metrics: CollectorMetrics;
  readonly keys: IngestKeyRegistry;
  readonly maxBodyBytes: number;
  readonly logLevel: string;
}

const ROUTE_SIGNALS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs', '/api/v2/spans': 'zipkin', '/v1/accesslogs': 'accesslogs' };

function baseServer(deps: CollectorDeps): FastifyInstance {
  const app = Fastify({
    logger: { level: deps.logLevel, redact: ['req.headers.authorization', 'req.headers["x-linkscope-ingest-key"]'] },
    // Compressed bodies are limited here; the decompressed size is limited again after gunzip.
    bodyLimit: deps.maxBodyBytes,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    deps.metrics.observeRequest(route, reply.statusCode, reply.elapsedTime / 1000);
    const signal = ROUTE_SIGNALS[route];
    if (signal && reply.statusCode >= 400 && reply.statusCode !== 429 && reply.statusCode !== 503) deps.metrics.refusedRequest(signal, reply.statusCode);
  });
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) =>
    reply.header('content-type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const ready = await deps.ingest.isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'redis unavailable' });
  });
  return app;
}

/** The OTLP/HTTP receiver (default port 4318). It never writes to Elasticsearch. */
export function buildCollectorServer(deps: CollectorDeps): FastifyInstance {
  const app = baseServer(deps);
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const encoding = otlpEncodingOf(request);
    if (error.statusCode === 413) return otlpFail(reply, encoding, 413, 8, `body exceeds ${deps.maxBodyBytes} bytes`);
    if (error.statusCode && error.statusCode < 500) return otlpFail(reply, encoding, error.statusCode, 3, error.message);
    request.log.error({ err: error }, 'unexpected error');
    return otlpFail(reply, encoding, 500, 14, 'internal error');
  });
  registerOtlpHttpRoutes(app, deps);
  registerAccessLogRoutes(app, deps);
  return app;
}

/** The Zipkin v2 receiver (default port 9411). */
export function buildZipkinServer(deps: CollectorDeps): FastifyInstance {
  const app = baseServer(deps);
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'unexpected error');
    return reply.code(status).send({ error: status === 413 ? `body exceeds ${deps.maxBodyBytes} bytes` : status === 500 ? 'internal error' : error.message });
  });
  registerZipkinRoutes(app, deps);
  return app;
}
