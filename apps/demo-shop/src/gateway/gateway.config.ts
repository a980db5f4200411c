import { readPort, readString, type Env } from '../shared/env-values';
import { readSharedSettings, type SharedSettings } from '../shared/shared.config';

/** Settings of the gateway service. */
export interface GatewayConfig extends SharedSettings {
  port: number;
  /** A call to a service fails as `timeout` after this long without an answer, in milliseconds. */
  upstreamTimeoutMs: number;
  /** The payment call waits longer: the provider may take its time. */
  paymentTimeoutMs: number;
  /** File the nginx-style access log is appended to. */
  accessLogFile: string;
}

/** Reads and validates the gateway's settings; one of the only readers of `process.env`. */
export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  return {
    ...readSharedSettings(env),
    port: readPort(env, 'DEMO_GATEWAY_PORT', 8081),
    upstreamTimeoutMs: 2_000,
    paymentTimeoutMs: 8_000,
    accessLogFile: readString(env, 'DEMO_ACCESS_LOG', '.linkscope/logs/demo-gateway-access.log'),
  };
}
