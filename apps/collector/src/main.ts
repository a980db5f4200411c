import { IngestProducer } from '@linkscope/queue';
import { Storage } from '@linkscope/storage';
import { DEFAULT_INGEST_KEY_CACHE, IngestKeyResolver } from '@linkscope/tenancy';
import { CollectorMetrics } from './collector-metrics';
import { loadConfig } from './config';
import { IngestKeyRegistry } from './ingest-keys';
import { OtlpExportService } from './otlp-export.service';
import { buildOtlpGrpcServer, closeGrpc, listenGrpc } from './otlp-grpc.server';
import { buildCollectorServer, buildZipkinServer } from './server';
import { TelemetryIngest } from './telemetry-ingest';
import { TenantRateLimiter } from './tenant-rate-limiter';

async function main(): Promise<void> {
  const config = loadConfig();
  const producer = new IngestProducer(config.redisUrl);
  const metrics = new CollectorMetrics();
  const keyStore = new Storage(config.storage);
  const ingest = new TelemetryIngest(producer, config.queueHighWater, new TenantRateLimiter(config.tenantSpansPerSecond), metrics);
  const deps = { ingest, exporter: new OtlpExportService(ingest, metrics), metrics, keys: new IngestKeyRegistry([], new IngestKeyResolver(keyStore.configStore, { ...DEFAULT_INGEST_KEY_CACHE, ttlSeconds: config.keyCacheSeconds })), maxBodyBytes: config.maxBodyBytes, logLevel: config.logLevel };
  const otlp = buildCollectorServer(deps);
  const zipkin = buildZipkinServer(deps);
  await otlp.listen({ host: config.host, port: config.port });
  await zipkin.listen({ host: config.host, port: config.zipkinPort });
  const grpc = config.grpcPort === null ? null : buildOtlpGrpcServer(deps);
  const grpcPort = grpc && config.grpcPort !== null ? await listenGrpc(grpc, config.host, config.grpcPort) : null;
  otlp.log.info({ otlpHttpPort: config.port, otlpGrpcPort: grpcPort, zipkinPort: config.zipkinPort }, 'collector listening');

  const shutdown = async (signal: string): Promise<void> => {
    otlp.log.info({ signal }, 'collector shutting down: finishing in-flight requests');
    // close() stops accepting connections and waits for requests in flight, so nothing acknowledged is cut off.
    await Promise.all([otlp.close(), zipkin.close(), grpc ? closeGrpc(grpc) : Promise.resolve()]);
    ingest.close();
    await producer.close();
    await keyStore.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'collector failed to start', error: (error as Error).message }));
  process.exit(1);
});
