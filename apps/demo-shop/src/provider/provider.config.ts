import { readNumber, readPort, type Env } from '../shared/env-values';
import { readSharedSettings, type SharedSettings } from '../shared/shared.config';

/** Settings of the payment provider stub. */
export interface ProviderConfig extends SharedSettings {
  port: number;
  /** Share of charges declined (402), 0..1. */
  declineRate: number;
  /** How long a charge takes under the provider-timeout fault, in milliseconds. */
  stallMs: number;
}

export function loadProviderConfig(env: Env = process.env): ProviderConfig {
  return {
    ...readSharedSettings(env),
    port: readPort(env, 'DEMO_PROVIDER_PORT', 8086),
    declineRate: readNumber(env, 'DEMO_PROVIDER_DECLINE_RATE', 0.03, 0, 1),
    stallMs: 3_000,
  };
}
