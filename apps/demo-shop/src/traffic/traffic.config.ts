import { readNumber, readOptionalInteger, type Env } from '../shared/env-values';
import { readSharedSettings, type SharedSettings } from '../shared/shared.config';

/** Settings of the traffic generator. */
export interface TrafficConfig extends SharedSettings {
  /** Requests started per second, 0.1–200. */
  requestsPerSecond: number;
  /** Stop after this many requests; `undefined` runs until SIGTERM. */
  maxRequests: number | undefined;
  /** Interval of the summary log line, in milliseconds. */
  summaryIntervalMs: number;
  /** Abandon one request after this long, in milliseconds. */
  requestTimeoutMs: number;
  /** Simulated shoppers, each with at most one request in flight; a tick with none idle is skipped and counted. */
  maxInFlight: number;
}

/** Reads and validates the generator's settings; one of the only readers of `process.env`. */
export function loadTrafficConfig(env: Env = process.env): TrafficConfig {
  return {
    ...readSharedSettings(env),
    requestsPerSecond: readNumber(env, 'DEMO_TRAFFIC_RPS', 2, 0.1, 200),
    maxRequests: readOptionalInteger(env, 'DEMO_TRAFFIC_MAX_REQUESTS', 1, 1_000_000_000),
    summaryIntervalMs: 30_000,
    requestTimeoutMs: 10_000,
    maxInFlight: 16,
  };
}
