import { type StorageConfig, storageConfigFromEnv } from '@linkscope/storage';
import { z } from 'zod';

const schema = z.object({
  COLLECTOR_HOST: z.string().default('127.0.0.1'),
  COLLECTOR_PORT: z.coerce.number().int().min(0).max(65535).default(4318),
  COLLECTOR_ZIPKIN_PORT: z.coerce.number().int().min(0).max(65535).default(9411),
  /** OTLP/gRPC port; 0 picks a free port, "off" disables the gRPC receiver. */
  COLLECTOR_GRPC_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(4317),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  COLLECTOR_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  COLLECTOR_QUEUE_HIGH_WATER: z.coerce.number().int().min(1).default(20_000),
  COLLECTOR_TENANT_SPANS_PER_SECOND: z.coerce.number().int().min(1).default(50_000),
  COLLECTOR_KEY_CACHE_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

export type CollectorConfig = Readonly<{
  host: string;
  port: number;
  zipkinPort: number;
  grpcPort: number | null;
  redisUrl: string;
  maxBodyBytes: number;
  queueHighWater: number;
  tenantSpansPerSecond: number;
  /** How long a key lookup is reused: a revoked key is refused at most this many seconds later. */
  keyCacheSeconds: number;
  /** Where ingest keys are looked up (read-only; the collector never writes to Elasticsearch). */
  storage: StorageConfig;
  logLevel: string;
}>;

/** Reads and validates the collector's settings once at boot. */
export function loadConfig(env: Record<string, string | undefined> = process.env): CollectorConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid collector settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    host: e.COLLECTOR_HOST,
    port: e.COLLECTOR_PORT,
    zipkinPort: e.COLLECTOR_ZIPKIN_PORT,
    grpcPort: e.COLLECTOR_GRPC_PORT === 'off' ? null : e.COLLECTOR_GRPC_PORT,
    redisUrl: e.REDIS_URL,
    maxBodyBytes: e.COLLECTOR_MAX_BODY_BYTES,
    queueHighWater: e.COLLECTOR_QUEUE_HIGH_WATER,
    tenantSpansPerSecond: e.COLLECTOR_TENANT_SPANS_PER_SECOND,
    keyCacheSeconds: e.COLLECTOR_KEY_CACHE_SECONDS,
    storage: storageConfigFromEnv(env),
    logLevel: e.LOG_LEVEL,
  };
}
