/**
 * Counts events per key in a fixed window (login attempts). The api uses the Redis
 * implementation from `@linkscope/queue`, so every api instance shares the counts.
 */
export interface AttemptCounter {
  /** Adds one and returns the count in the current window (the window starts at the first event). */
  increment(key: string, windowSeconds: number): Promise<number>;
  /** The count in the current window, 0 when none. */
  count(key: string): Promise<number>;
  clear(key: string): Promise<void>;
}

/** A process-local counter for unit tests and single-process tools. Bounded to `maxKeys`. */
export class MemoryAttemptCounter implements AttemptCounter {
  private readonly windows = new Map<string, { count: number; endsAtMs: number }>();

  constructor(
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(key: string, windowSeconds: number): Promise<number> {
    const now = this.now();
    const current = this.windows.get(key);
    if (current && current.endsAtMs > now) {
      current.count += 1;
      return current.count;
    }
    if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
    this.windows.set(key, { count: 1, endsAtMs: now + windowSeconds * 1000 });
    return 1;
  }

  async count(key: string): Promise<number> {
    const current = this.windows.get(key);
    return current && current.endsAtMs > this.now() ? current.count : 0;
  }

  async clear(key: string): Promise<void> {
    this.windows.delete(key);
  }
}
