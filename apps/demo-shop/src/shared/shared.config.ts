import { readHttpUrl, readString, type Env } from './env-values';

/** Settings every demo-shop process reads the same way. */
export interface SharedSettings {
  /** Base URL of the Linkscope collector (OTLP/HTTP). */
  linkscopeEndpoint: string;
  linkscopeApiKey: string;
  /** Base URL of the catalogue service, without trailing slash. */
  catalogueUrl: string;
  /** Base URL of the gateway service, without trailing slash. */
  gatewayUrl: string;
  /** Interface the HTTP services bind to; `0.0.0.0` in containers. */
  listenHost: string;
}

/** `deployment.environment.name` of every demo service. */
export const DEMO_ENVIRONMENT = 'demo';

/**
 * Reads the shared settings from `env`. Called only by the per-service config modules, which
 * are the only readers of `process.env`.
 */
export function readSharedSettings(env: Env): SharedSettings {
  return {
    linkscopeEndpoint: readHttpUrl(env, 'LINKSCOPE_ENDPOINT', 'http://127.0.0.1:4318'),
    linkscopeApiKey: readString(env, 'LINKSCOPE_API_KEY', 'ls_dev_local_ingest_key'),
    catalogueUrl: readHttpUrl(env, 'DEMO_CATALOGUE_URL', 'http://127.0.0.1:8082'),
    gatewayUrl: readHttpUrl(env, 'DEMO_GATEWAY_URL', 'http://127.0.0.1:8081'),
    listenHost: readString(env, 'DEMO_LISTEN_HOST', '127.0.0.1'),
  };
}
