import type { Redis } from 'ioredis';
import { createProducerConnection } from './redis-connection';

const KEY_PREFIX = 'ls:attempts:';

/**
 * Fixed-window counters in Redis (the expiry set when the window opens), shared by every
 * api instance. Commands fail fast when Redis is unreachable; callers decide whether to refuse.
 */
export class RedisAttemptCounter {
  private readonly redis: Redis;

  constructor(redisUrl: string) {
    this.redis = createProducerConnection(redisUrl);
  }

  async increment(key: string, windowSeconds: number): Promise<number> {
    const name = KEY_PREFIX + key;
    // SET NX EX starts the window (with its expiry) only if none is running; INCR counts in it.
    const results = (await this.redis.multi().set(name, '0', 'EX', windowSeconds, 'NX').incr(name).exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    return Number(results[1]?.[1] ?? 0);
  }

  async count(key: string): Promise<number> {
    return Number((await this.redis.get(KEY_PREFIX + key)) ?? 0);
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(KEY_PREFIX + key);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
