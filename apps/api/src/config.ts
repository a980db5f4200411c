import * as path from 'node:path';
import { type StorageConfig, storageConfigFromEnv } from '@linkscope/storage';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const schema = z.object({
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DASHBOARD_DIR: z.string().default(path.resolve(__dirname, '..', '..', 'dashboard', 'dist')),
  TRACE_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  LINKSCOPE_SECRETS_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, '32 bytes as 64 hex characters or base64')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  API_COOKIE_SECURE: flag.default(true),
  API_TRUST_PROXY: z.string().max(200).default('false'),
  API_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(7 * 24),
  API_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(12 * 60),
  API_LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(10),
  API_LOGIN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
  API_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  LINKSCOPE_DEMO_EMAIL: z.string().email().default('demo@linkscope.local'),
  LINKSCOPE_DEMO_PASSWORD: z.string().min(12).max(256).optional(),
  LINKSCOPE_DEV_INGEST_KEY: z.string().min(16).default('ls_dev_local_ingest_key'),
  LINKSCOPE_DEV_TENANT: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/).default('demo'),
  LINKSCOPE_DEV_PROJECT: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/).default('demo-shop'),
});

export interface ApiConfig {
  readonly host: string;
  readonly port: number;
  readonly dashboardDir: string;
  readonly traceLookbackDays: number;
  /** AES-256-GCM key sealing alert channel secrets; channels with secrets cannot be saved without it. */
  readonly secretsKey: string | undefined;
  readonly storage: StorageConfig;
  readonly redisUrl: string;
  readonly auth: {
    /** Set the Secure attribute on cookies (false only for plain-HTTP local stacks). */
    readonly cookieSecure: boolean;
    /** Express "trust proxy": which hops' X-Forwarded-For to believe for the client address. */
    readonly trustProxy: string;
    readonly sessionTtlSeconds: number;
    readonly sessionIdleSeconds: number;
    readonly loginFailuresPerAccount: number;
    readonly loginAttemptsPerAddress: number;
  };
  readonly maxBodyBytes: number;
  /** Set by the development and test stacks only: the demo organisation to create at boot. */
  readonly demoSeed: { email: string; password: string; tenantId: string; projectId: string; ingestKey: string } | null;
}

export const API_CONFIG = Symbol('API_CONFIG');

/** Reads and validates the api's settings once at boot. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid api settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    host: e.API_HOST,
    port: e.API_PORT,
    dashboardDir: e.DASHBOARD_DIR,
    traceLookbackDays: e.TRACE_LOOKBACK_DAYS,
    secretsKey: e.LINKSCOPE_SECRETS_KEY,
    storage: storageConfigFromEnv(env),
    redisUrl: e.REDIS_URL,
    auth: {
      cookieSecure: e.API_COOKIE_SECURE,
      trustProxy: e.API_TRUST_PROXY,
      sessionTtlSeconds: e.API_SESSION_TTL_HOURS * 3600,
      sessionIdleSeconds: e.API_SESSION_IDLE_MINUTES * 60,
      loginFailuresPerAccount: e.API_LOGIN_FAILURES_PER_ACCOUNT,
      loginAttemptsPerAddress: e.API_LOGIN_ATTEMPTS_PER_ADDRESS,
    },
    maxBodyBytes: e.API_MAX_BODY_BYTES,
    demoSeed: e.LINKSCOPE_DEMO_PASSWORD
      ? { email: e.LINKSCOPE_DEMO_EMAIL, password: e.LINKSCOPE_DEMO_PASSWORD, tenantId: e.LINKSCOPE_DEV_TENANT, projectId: e.LINKSCOPE_DEV_PROJECT, ingestKey: e.LINKSCOPE_DEV_INGEST_KEY }
      : null,
  };
}
