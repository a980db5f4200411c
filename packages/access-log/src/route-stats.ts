import { type AccessLogLatency, type AccessLogStatsEntry, LATENCY_BUCKET_COUNT, latencyBucketIndex } from '@linkscope/domain';

/** Largest whole-millisecond duration answered from the lookup table (60 s). */
const TABLE_MAX_MS = 60_000;
let msBuckets: Uint8Array | null = null;

/**
 * The shared latency bucket of a duration in µs. Access-log times have millisecond resolution, so
 * whole milliseconds up to a minute come from a table built once from `latencyBucketIndex` itself
 * (the same buckets exactly, without a logarithm per line).
 */
export function bucketOfUs(us: number): number {
  if (us % 1000 === 0 && us <= TABLE_MAX_MS * 1000) {
    if (msBuckets === null) {
      msBuckets = new Uint8Array(TABLE_MAX_MS + 1);
      for (let ms = 0; ms <= TABLE_MAX_MS; ms++) msBuckets[ms] = latencyBucketIndex(ms * 1000);
    }
    return msBuckets[us / 1000]!;
  }
  return latencyBucketIndex(us);
}

/** Durations of one kind: count, sum, max and bucket counts (dense while open). */
export class LatencyAccumulator {
  count = 0;
  sumUs = 0;
  maxUs = 0;
  readonly buckets = new Uint32Array(LATENCY_BUCKET_COUNT);

  add(us: number): void {
    this.count++;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
    this.buckets[bucketOfUs(us)]!++;
  }

  toJSON(): AccessLogLatency {
    const buckets: Record<string, number> = {};
    for (let i = 0; i < this.buckets.length; i++) if (this.buckets[i]! > 0) buckets[String(i)] = this.buckets[i]!;
    return { count: this.count, sumUs: this.sumUs, maxUs: this.maxUs, buckets };
  }

  restore(from: AccessLogLatency): void {
    this.count = from.count;
    this.sumUs = from.sumUs;
    this.maxUs = from.maxUs;
    for (const [index, n] of Object.entries(from.buckets)) this.buckets[Number(index)] = n;
  }
}

/** One minute of one host + method + route. */
export class RouteStats {
  count = 0;
  bytes = 0;
  slowCount = 0;
  /** Status codes seen and their counts, side by side (a route rarely sees more than a handful). */
  readonly codes: number[] = [];
  readonly codeCounts: number[] = [];
  readonly requestTime = new LatencyAccumulator();
  readonly upstreamTime = new LatencyAccumulator();

  constructor(
    readonly host: string,
    readonly method: string,
    readonly route: string,
  ) {}

  addStatus(status: number, n = 1): void {
    const codes = this.codes;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] === status) {
        this.codeCounts[i]! += n;
        return;
      }
    }
    codes.push(status);
    this.codeCounts.push(n);
  }

  toJSON(): AccessLogStatsEntry {
    const statusCounts: Record<string, number> = {};
    for (let i = 0; i < this.codes.length; i++) statusCounts[String(this.codes[i])] = this.codeCounts[i]!;
    return {
      host: this.host,
      method: this.method,
      route: this.route,
      count: this.count,
      statusCounts,
      bytes: this.bytes,
      slowCount: this.slowCount,
      requestTime: this.requestTime.toJSON(),
      upstreamTime: this.upstreamTime.toJSON(),
    };
  }

  static from(entry: AccessLogStatsEntry): RouteStats {
    const stats = new RouteStats(entry.host, entry.method, entry.route);
    stats.count = entry.count;
    stats.bytes = entry.bytes;
    stats.slowCount = entry.slowCount;
    for (const [code, n] of Object.entries(entry.statusCounts)) stats.addStatus(Number(code), n);
    stats.requestTime.restore(entry.requestTime);
    stats.upstreamTime.restore(entry.upstreamTime);
    return stats;
  }
}
