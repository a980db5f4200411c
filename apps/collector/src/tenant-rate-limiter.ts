/**
 * A token bucket per tenant, in items (spans) per second, held by this collector process.
 * With N collectors behind a load balancer a tenant's effective limit is about N times this.
 * The map of buckets is bounded: idle tenants' buckets are dropped first.
 */
export class TenantRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    private readonly itemsPerSecond: number,
    private readonly burstSeconds = 2,
    private readonly maxTenants = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private bucket(tenantId: string): { tokens: number; updatedMs: number } {
    const nowMs = this.now();
    const capacity = this.itemsPerSecond * this.burstSeconds;
    let bucket = this.buckets.get(tenantId);
    if (!bucket) {
      if (this.buckets.size >= this.maxTenants) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      bucket = { tokens: capacity, updatedMs: nowMs };
    } else {
      // Re-inserting keeps the Map in least-recently-used order for the eviction above.
      this.buckets.delete(tenantId);
      bucket.tokens = Math.min(capacity, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * this.itemsPerSecond);
      bucket.updatedMs = nowMs;
    }
    this.buckets.set(tenantId, bucket);
    return bucket;
  }

  /** Seconds to wait before the tenant may send anything, or 0 when it may send now. */
  retryAfterSeconds(tenantId: string): number {
    const bucket = this.bucket(tenantId);
    return bucket.tokens >= 0 ? 0 : Math.max(1, Math.ceil(-bucket.tokens / this.itemsPerSecond));
  }

  /**
   * Takes `items` tokens. A batch larger than what is left is refused whole (0 = allowed, else
   * seconds to wait); a batch larger than the whole burst is let through on a full bucket and
   * drives it negative, so an oversized batch is delayed, never refused for ever.
   */
  take(tenantId: string, items: number): number {
    const bucket = this.bucket(tenantId);
    const capacity = this.itemsPerSecond * this.burstSeconds;
    if (bucket.tokens >= items || bucket.tokens >= capacity) {
      bucket.tokens -= items;
      return 0;
    }
    return Math.max(1, Math.ceil((items - bucket.tokens) / this.itemsPerSecond));
  }
}
