import { readPort, type Env } from '../shared/env-values';
import { readSharedSettings, type SharedSettings } from '../shared/shared.config';

/** Settings of the payments service. */
export interface PaymentsConfig extends SharedSettings {
  port: number;
  /** One call to the payment provider gives up after this long, in milliseconds. */
  providerTimeoutMs: number;
  callTimeoutMs: number;
}

/** Reads and validates the payments service's settings; one of the only readers of `process.env`. */
export function loadPaymentsConfig(env: Env = process.env): PaymentsConfig {
  return { ...readSharedSettings(env), port: readPort(env, 'DEMO_PAYMENTS_PORT', 8085), providerTimeoutMs: 1_500, callTimeoutMs: 2_000 };
}
