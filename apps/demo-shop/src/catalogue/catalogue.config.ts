import { readNumber, readPort, type Env } from '../shared/env-values';
import { readSharedSettings, type SharedSettings } from '../shared/shared.config';

/** Settings of the catalogue service. */
export interface CatalogueConfig extends SharedSettings {
  port: number;
  /** Share of requests, 0..1, answered with an injected 500 even without the error-burst switch. */
  errorRate: number;
  /** Share of requests answered 500 while the error-burst switch is on. */
  burstErrorRate: number;
  /** The product list stays in the Redis cache this long, in seconds. */
  listCacheSeconds: number;
}

/** Reads and validates the catalogue's settings; one of the only readers of `process.env`. */
export function loadCatalogueConfig(env: Env = process.env): CatalogueConfig {
  return {
    ...readSharedSettings(env),
    port: readPort(env, 'DEMO_CATALOGUE_PORT', 8082),
    errorRate: readNumber(env, 'DEMO_CATALOGUE_ERROR_RATE', 0.05, 0, 1),
    burstErrorRate: 0.5,
    listCacheSeconds: 10,
  };
}
