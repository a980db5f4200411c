import * as grpc from '@grpc/grpc-js';
import { type OtlpSignal, encodeExportResponse, encodeRetryStatus } from '@linkscope/otlp';
import type { CollectorMetrics } from './collector-metrics';
import { type IngestKeyRegistry, ingestKeyFromHeaders } from './ingest-keys';
import type { ExportOutcome, OtlpExportService } from './otlp-export.service';

/** The three OTLP/gRPC services, each with its one unary Export method. */
const SERVICES: Record<OtlpSignal, string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
};

/** gRPC refusals counted beside OTLP/HTTP's, under the HTTP status they correspond to. */
const REFUSED_AS_HTTP: Partial<Record<grpc.status, number>> = {
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.UNAUTHENTICATED]: 401,
  [grpc.status.INTERNAL]: 500,
};

const identity = (buffer: Buffer): Buffer => buffer;

/**
 * A service definition that hands the raw request bytes to our own decoders (the same ones
 * OTLP/HTTP protobuf uses) instead of letting grpc-js build message objects first.
 */
function exportDefinition(signal: OtlpSignal): grpc.ServiceDefinition {
  return {
    Export: {
      path: `/${SERVICES[signal]}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}

export interface OtlpGrpcDeps {
  readonly exporter: OtlpExportService;
  readonly keys: IngestKeyRegistry;
  readonly metrics: CollectorMetrics;
  readonly maxBodyBytes: number;
}

/** Metadata values as the HTTP header helper reads them (grpc-js lower-cases keys already). */
function metadataHeaders(metadata: grpc.Metadata): Record<string, string | undefined> {
  const pick = (key: string): string | undefined => {
    const value = metadata.get(key)[0];
    return typeof value === 'string' ? value : undefined;
  };
  return { 'x-linkscope-ingest-key': pick('x-linkscope-ingest-key'), authorization: pick('authorization') };
}

function failure(outcome: Exclude<ExportOutcome, { status: 'accepted' }>): Partial<grpc.StatusObject> {
  if (outcome.status === 'invalid') return { code: grpc.status.INVALID_ARGUMENT, details: outcome.message };
  // Both throttling answers are retryable for OTLP clients; RetryInfo says how long to wait.
  const code = outcome.refusal.status === 'rate_limited' ? grpc.status.RESOURCE_EXHAUSTED : grpc.status.UNAVAILABLE;
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', encodeRetryStatus(code, outcome.message, outcome.refusal.retryAfterSeconds));
  return { code, details: outcome.message, metadata };
}

/**
 * OTLP/gRPC (default port 4317): the trace, metrics and logs Export methods, authenticated by the
 * same ingest key as OTLP/HTTP (metadata `x-linkscope-ingest-key` or `authorization: Bearer`).
 * Message size is bounded by grpc-js before our code sees a byte, after gzip decompression too.
 */
export function buildOtlpGrpcServer(deps: OtlpGrpcDeps): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': deps.maxBodyBytes,
    'grpc.max_send_message_length': 1024 * 1024,
    // Idle clients are dropped eventually; keepalive pings from SDKs are allowed at their default rate.
    'grpc.max_connection_idle_ms': 5 * 60_000,
  });
  for (const signal of Object.keys(SERVICES) as OtlpSignal[]) {
    const route = `grpc:${SERVICES[signal]}/Export`;
    const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      const started = process.hrtime.bigint();
      const done = (error: Partial<grpc.StatusObject> | null, response?: Buffer): void => {
        const code = error?.code ?? grpc.status.OK;
        deps.metrics.observeRequest(route, grpc.status[code], Number(process.hrtime.bigint() - started) / 1e9);
        const refusedAs = REFUSED_AS_HTTP[code];
        if (refusedAs) deps.metrics.refusedRequest(signal, refusedAs);
        if (error) callback(error as grpc.ServiceError);
        else callback(null, response);
      };
      void (async () => {
        const key = await deps.keys.resolve(ingestKeyFromHeaders(metadataHeaders(call.metadata)));
        if (key.status === 'unavailable') return done({ code: grpc.status.UNAVAILABLE, details: 'ingest keys cannot be checked right now; retry later' });
        if (key.status !== 'ok') return done({ code: grpc.status.UNAUTHENTICATED, details: 'missing or unknown ingest key (x-linkscope-ingest-key or authorization: Bearer)' });
        const scope = key.scope;
        const refused = deps.exporter.admit(scope, signal);
        if (refused && refused.status !== 'accepted') return done(failure(refused));
        const outcome = await deps.exporter.export(scope, signal, call.request, 'protobuf');
        if (outcome.status !== 'accepted') return done(failure(outcome));
        return done(null, encodeExportResponse(signal, 'protobuf', outcome.rejected, outcome.message));
      })().catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'error', service: 'collector', msg: 'unexpected error in OTLP/gRPC export', error: (error as Error).message }));
        done({ code: grpc.status.INTERNAL, details: 'internal error' });
      });
    };
    server.addService(exportDefinition(signal), { Export: handler });
  }
  return server;
}

/** Binds the server; resolves with the port actually bound (useful with port 0). */
export function listenGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
}

/** Stops accepting calls and waits for the ones in flight, like Fastify's close(). */
export function closeGrpc(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => server.tryShutdown(() => resolve()));
}
