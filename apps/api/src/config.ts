import * as path from 'node:path';
import { type StorageConfig, storageConfigFromEnv } from '@linkscope/storage';
import type { TenantScope } from '@linkscope/domain';
import { z } from 'zod';

const schema = z.object({
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DASHBOARD_DIR: z.string().default(path.resolve(__dirname, '..', '..', 'dashboard', 'dist')),
  LINKSCOPE_DEV_TENANT: z.string().min(1).default('demo'),
  LINKSCOPE_DEV_PROJECT: z.string().min(1).default('demo-shop'),
  TRACE_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  LINKSCOPE_SECRETS_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, '32 bytes as 64 hex characters or base64')
    .optional(),
});

export interface ApiConfig {
  readonly host: string;
  readonly port: number;
  readonly dashboardDir: string;
  /** The scope every request reads until accounts and sessions select it. */
  readonly devScope: TenantScope;
  readonly traceLookbackDays: number;
  /** AES-256-GCM key sealing alert channel secrets; channels with secrets cannot be saved without it. */
  readonly secretsKey: string | undefined;
  readonly storage: StorageConfig;
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
    devScope: { tenantId: e.LINKSCOPE_DEV_TENANT, projectId: e.LINKSCOPE_DEV_PROJECT },
    traceLookbackDays: e.TRACE_LOOKBACK_DAYS,
    secretsKey: e.LINKSCOPE_SECRETS_KEY,
    storage: storageConfigFromEnv(env),
  };
}
