import { readPort, type Env } from '../shared/env-values';
import { readSharedSettings, type SharedSettings } from '../shared/shared.config';

/** Settings of the gateway service. */
export interface GatewayConfig extends SharedSettings {
  port: number;
  /** A catalogue call fails as `timeout` after this long without a byte from the catalogue, in milliseconds. */
  catalogueTimeoutMs: number;
}

/** Reads and validates the gateway's settings; one of the only readers of `process.env`. */
export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  return {
    ...readSharedSettings(env),
    port: readPort(env, 'DEMO_GATEWAY_PORT', 8081),
    catalogueTimeoutMs: 2_000,
  };
}
