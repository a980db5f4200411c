import { Redis, type RedisOptions } from 'ioredis';

/** How long a producer waits for Redis before answering that it is unavailable. */
const PRODUCER_COMMAND_TIMEOUT_MS = 2000;

/**
 * A connection for producers: it fails fast when Redis is unreachable (no offline queue),
 * so the collector can answer 503 instead of acknowledging what it could not store.
 */
export function createProducerConnection(redisUrl: string): Redis {
  const options: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
    lazyConnect: false,
  };
  const connection = new Redis(redisUrl, options);
  // Errors surface on each command; the listener keeps ioredis from crashing the process.
  connection.on('error', () => undefined);
  return connection;
}

/** A connection for workers: BullMQ requires blocking commands to wait indefinitely. */
export function createWorkerConnection(redisUrl: string): Redis {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  return connection;
}
