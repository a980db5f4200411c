import { readPort, type Env } from '../shared/env-values';
import { readSharedSettings, type SharedSettings } from '../shared/shared.config';

/** Settings of the orders service. */
export interface OrdersConfig extends SharedSettings {
  port: number;
  /** Calls to the catalogue and users services give up after this long, in milliseconds. */
  callTimeoutMs: number;
  /** Carts expire after this long, in seconds. */
  cartTtlSeconds: number;
}

/** Reads and validates the orders service's settings; one of the only readers of `process.env`. */
export function loadOrdersConfig(env: Env = process.env): OrdersConfig {
  return { ...readSharedSettings(env), port: readPort(env, 'DEMO_ORDERS_PORT', 8084), callTimeoutMs: 2_000, cartTtlSeconds: 3_600 };
}
