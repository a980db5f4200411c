import type { Redis } from 'ioredis';

/**
 * Sliding one-minute window per key in a Redis sorted set, checked and taken atomically in Lua,
 * shared by every worker process. Returns 0 when a slot was taken, else milliseconds until one frees.
 */
const TAKE_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local member = ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < max then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export class ChannelRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ls-notify-rate',
  ) {}

  /** Takes one send slot of `key` (at most `maxPerWindow` per `windowMs`); 0 on success, else the wait in ms. */
  async take(key: string, maxPerWindow: number, member: string, windowMs = 60_000, nowMs = Date.now()): Promise<number> {
    const result = await this.redis.eval(TAKE_SCRIPT, 1, `${this.prefix}:${key}`, nowMs, windowMs, maxPerWindow, `${member}:${nowMs}`);
    return Number(result);
  }
}
