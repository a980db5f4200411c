import type { TestServerUrls } from '@linkscope/devstack';
import { type StorageConfig, storageConfigFromEnv } from '@linkscope/storage';

/** What the global setup hands to every integration spec. */
export interface TestStack {
  readonly urls: { dashboard: string; collector: string; collectorGrpc: string; zipkin: string; gateway: string; catalogue: string };
  readonly ingestKey: string;
  /** The seeded owner of organisation "demo" (project "demo-shop"). */
  readonly demoLogin: { readonly email: string; readonly password: string };
  /** The environment the apps were started with (ES_URL, REDIS_URL, ES_INDEX_PREFIX, ...). */
  readonly env: Record<string, string>;
  /** Where the apps write their logs (`test-<app>.log`). */
  readonly logDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStack;
    /** The PostgreSQL, MariaDB (MySQL protocol), RabbitMQ, Kafka and FerretDB (MongoDB protocol) the global setup started for this slot. */
    servers: TestServerUrls;
  }
}

/** Storage settings pointing at the stack's Elasticsearch, optionally with a prefix of the spec's own. */
export function testStorageConfig(stack: TestStack, indexPrefix?: string): StorageConfig {
  return storageConfigFromEnv({ ...stack.env, ...(indexPrefix ? { ES_INDEX_PREFIX: indexPrefix } : {}) });
}

/** The tenant the development ingest key stamps. */
export const DEV_SCOPE = { tenantId: 'demo', projectId: 'demo-shop' } as const;

export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
