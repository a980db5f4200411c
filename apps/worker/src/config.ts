import { type StorageConfig, storageConfigFromEnv } from '@linkscope/storage';
import { z } from 'zod';

const schema = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

export type WorkerConfig = Readonly<{ redisUrl: string; concurrency: number; lockDurationMs: number; logLevel: string; storage: StorageConfig }>;

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
  };
}
