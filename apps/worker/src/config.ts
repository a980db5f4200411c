import { type StorageConfig, storageConfigFromEnv } from '@linkscope/storage';
import { z } from 'zod';

const schema = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  ALERTING_ENABLED: z.enum(['true', 'false']).default('true'),
  ALERT_EVAL_EVERY_MS: z.coerce.number().int().min(1000).max(10_000).default(5000),
  LINKSCOPE_PUBLIC_URL: z.url().default('http://127.0.0.1:8080'),
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

export type WorkerConfig = Readonly<{ redisUrl: string; concurrency: number; lockDurationMs: number; logLevel: string; storage: StorageConfig; alerting: AlertingConfig }>;

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
  };
}
