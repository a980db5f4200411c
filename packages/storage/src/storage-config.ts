import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** How to reach Elasticsearch and how to name indices. Parsed once at boot by each app. */
export interface StorageConfig {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly apiKey?: string;
  /** PEM text of the CA that signed the cluster's certificate. */
  readonly caPem?: string;
  readonly tlsRejectUnauthorized: boolean;
  /** Prefix of every index and template name; lets tests and tenants groups live side by side. */
  readonly indexPrefix: string;
  /** Replicas of each new index: 0 for a single local node, 1 or more in production. */
  readonly replicas: number;
}

const envSchema = z.object({
  ES_URL: z.url().default('http://127.0.0.1:9200'),
  ES_USERNAME: z.string().min(1).optional(),
  ES_PASSWORD: z.string().min(1).optional(),
  ES_API_KEY: z.string().min(1).optional(),
  ES_CA_FILE: z.string().min(1).optional(),
  ES_TLS_REJECT_UNAUTHORIZED: z.enum(['true', 'false']).default('true'),
  ES_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,40}$/, 'lower-case letters, digits, - and _, starting with a letter')
    .default('ls'),
  ES_REPLICAS: z.coerce.number().int().min(0).max(5).default(0),
});

/** Reads the ES_* settings from an environment record. Throws a readable error naming each bad setting. */
export function storageConfigFromEnv(env: Record<string, string | undefined>): StorageConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid Elasticsearch settings: ${problems}`);
  }
  const e = parsed.data;
  if ((e.ES_USERNAME === undefined) !== (e.ES_PASSWORD === undefined)) {
    throw new Error('invalid Elasticsearch settings: ES_USERNAME and ES_PASSWORD go together');
  }
  return {
    url: e.ES_URL,
    ...(e.ES_USERNAME ? { username: e.ES_USERNAME, password: e.ES_PASSWORD } : {}),
    ...(e.ES_API_KEY ? { apiKey: e.ES_API_KEY } : {}),
    ...(e.ES_CA_FILE ? { caPem: readFileSync(e.ES_CA_FILE, 'utf8') } : {}),
    tlsRejectUnauthorized: e.ES_TLS_REJECT_UNAUTHORIZED === 'true',
    indexPrefix: e.ES_INDEX_PREFIX,
    replicas: e.ES_REPLICAS,
  };
}
