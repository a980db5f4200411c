import { readHttpUrl, readString, type Env } from './env-values';

/** Settings every demo-shop process reads the same way. */
export interface SharedSettings {
  /** Base URL of the Linkscope collector (OTLP/HTTP). */
  linkscopeEndpoint: string;
  linkscopeApiKey: string;
  /** Base URLs of the services, without trailing slash. */
  gatewayUrl: string;
  catalogueUrl: string;
  usersUrl: string;
  ordersUrl: string;
  paymentsUrl: string;
  /** The external payment provider the payments service calls (not instrumented: a third party). */
  providerUrl: string;
  /** The shop's own Redis (cache, sessions, carts, queue, fault switches), database included. */
  redisUrl: string;
  /** Prefix of every Redis key the shop writes, so it never meets Linkscope's own keys. */
  redisKeyPrefix: string;
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
    gatewayUrl: readHttpUrl(env, 'DEMO_GATEWAY_URL', 'http://127.0.0.1:8081'),
    catalogueUrl: readHttpUrl(env, 'DEMO_CATALOGUE_URL', 'http://127.0.0.1:8082'),
    usersUrl: readHttpUrl(env, 'DEMO_USERS_URL', 'http://127.0.0.1:8083'),
    ordersUrl: readHttpUrl(env, 'DEMO_ORDERS_URL', 'http://127.0.0.1:8084'),
    paymentsUrl: readHttpUrl(env, 'DEMO_PAYMENTS_URL', 'http://127.0.0.1:8085'),
    providerUrl: readHttpUrl(env, 'DEMO_PROVIDER_URL', 'http://127.0.0.1:8086'),
    redisUrl: readString(env, 'DEMO_REDIS_URL', readString(env, 'REDIS_URL', 'redis://127.0.0.1:6379/0')),
    redisKeyPrefix: readString(env, 'DEMO_REDIS_PREFIX', 'demo-shop:'),
    listenHost: readString(env, 'DEMO_LISTEN_HOST', '127.0.0.1'),
  };
}

/** `host:port` → service name for every instrumented shop service, for the SDK's `peerServices`. */
export function demoPeerServices(settings: SharedSettings): Record<string, string> {
  const services: [string, string][] = [
    [settings.gatewayUrl, 'demo-gateway'],
    [settings.catalogueUrl, 'demo-catalogue'],
    [settings.usersUrl, 'demo-users'],
    [settings.ordersUrl, 'demo-orders'],
    [settings.paymentsUrl, 'demo-payments'],
  ];
  return Object.fromEntries(services.map(([url, name]) => [new URL(url).host, name]));
}
