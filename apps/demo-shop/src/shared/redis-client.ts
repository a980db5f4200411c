import { Redis } from 'ioredis';

/**
 * The shop's Redis connection, every key under `keyPrefix`. Commands fail fast (one retry, no
 * offline queue growth) so a Redis outage shows up as errors in traces instead of hung requests.
 * Load this module only after the SDK started: the ioredis instrumentation patches it on load.
 */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false });
}

export type { Redis };
