import { SpanBatchProducer } from '@linkscope/queue';
import { loadConfig } from './config';
import { IngestKeyRegistry } from './ingest-keys';
import { buildCollectorServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const producer = new SpanBatchProducer(config.redisUrl);
  const app = buildCollectorServer({
    sink: producer,
    keys: new IngestKeyRegistry([config.devIngestKey]),
    maxBodyBytes: config.maxBodyBytes,
    queueHighWater: config.queueHighWater,
    logLevel: config.logLevel,
  });
  await app.listen({ host: config.host, port: config.port });
  app.log.info({ port: config.port }, 'collector listening (OTLP/HTTP)');

  const shutdown = async (signal: string): Promise<void> => {
    app.log.info({ signal }, 'collector shutting down');
    await app.close();
    await producer.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'collector failed to start', error: (error as Error).message }));
  process.exit(1);
});
