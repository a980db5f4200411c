import { type StorageConfig, storageConfigFromEnv } from '@linkscope/storage';
import { z } from 'zod';

const schema = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  // Batches in flight per process. Each waits on Elasticsearch most of its time (span bulk, then
  // summary write), so 8 keep Elasticsearch busier than 4 did; memory holds at most this many jobs,
  // each one export request (500 spans: about 275 KB as packed in Redis, a few times that as objects).
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  ALERTING_ENABLED: z.enum(['true', 'false']).default('true'),
  ALERT_EVAL_EVERY_MS: z.coerce.number().int().min(1000).max(10_000).default(5000),
  LINKSCOPE_PUBLIC_URL: z.url().default('http://127.0.0.1:8080'),
  ROLLUP_SEAL_EVERY_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  ROLLUP_SEAL_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).default(120_000),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  RETENTION_EVERY_MS: z.coerce.number().int().min(60_000).max(86_400_000).default(3_600_000),
  LINKSCOPE_SECRETS_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, '32 bytes as 64 hex characters or base64')
    .optional(),
});

/** Alert evaluation and delivery settings. */
export interface AlertingConfig {
  readonly enabled: boolean;
  /** Evaluation period of every project with rules (1–10 s). */
  readonly evalEveryMs: number;
  /** The dashboard's address as people reach it, for links in messages. */
  readonly publicUrl: string;
  /** AES-256-GCM key of channel secrets; without it channels with secrets cannot send. */
  readonly secretsKey: string | undefined;
}

/** Storage upkeep: rollup sealing and the retention of daily indices. */
export interface MaintenanceConfig {
  /** How often per-batch rollups are sealed into per-minute documents. */
  readonly sealEveryMs: number;
  /** Minutes younger than this are left unsealed (spans still arriving for them). */
  readonly sealLagMs: number;
  /** Daily span, rollup, metric and log indices are deleted this many days after their day ended. */
  readonly retentionDays: number;
  readonly retentionEveryMs: number;
}

export type WorkerConfig = Readonly<{ redisUrl: string; concurrency: number; lockDurationMs: number; logLevel: string; storage: StorageConfig; alerting: AlertingConfig; maintenance: MaintenanceConfig }>;

/** Reads and validates the worker's settings once at boot. */
export function loadConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid worker settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return {
    redisUrl: parsed.data.REDIS_URL,
    concurrency: parsed.data.WORKER_CONCURRENCY,
    lockDurationMs: parsed.data.WORKER_LOCK_MS,
    logLevel: parsed.data.LOG_LEVEL,
    storage: storageConfigFromEnv(env),
    alerting: {
      enabled: parsed.data.ALERTING_ENABLED === 'true',
      evalEveryMs: parsed.data.ALERT_EVAL_EVERY_MS,
      publicUrl: parsed.data.LINKSCOPE_PUBLIC_URL,
      secretsKey: parsed.data.LINKSCOPE_SECRETS_KEY,
    },
    maintenance: {
      sealEveryMs: parsed.data.ROLLUP_SEAL_EVERY_MS,
      sealLagMs: parsed.data.ROLLUP_SEAL_LAG_MS,
      retentionDays: parsed.data.RETENTION_DAYS,
      retentionEveryMs: parsed.data.RETENTION_EVERY_MS,
    },
  };
}
