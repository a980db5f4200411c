/**
 * Fixed log-scaled latency buckets shared by every rollup (span layers and access-log statistics),
 * so counts from any number of stored documents merge by plain addition and percentiles over any
 * range come from the summed counts.
 *
 * Bucket `i` (1 ≤ i < LATENCY_BUCKET_COUNT) holds durations in [2^((i-1)/8), 2^(i/8)) microseconds;
 * bucket 0 holds everything under 1 µs; the last bucket also takes everything above its lower bound.
 * Eight buckets per doubling: a percentile reported as the bucket's geometric midpoint is within
 * ±4.4 % of the exact value (2^(1/16) − 1). 256 buckets cover 1 µs to 2^31.9 µs (about 67 minutes).
 */
export const LATENCY_BUCKETS_PER_DOUBLING = 8;
export const LATENCY_BUCKET_COUNT = 256;
/** Largest relative error of a percentile read from the buckets (half a bucket, geometrically). */
export const LATENCY_BUCKET_RELATIVE_ERROR = 2 ** (1 / (2 * LATENCY_BUCKETS_PER_DOUBLING)) - 1;

/** Sparse bucket counts: bucket index → count. Indices absent mean zero. */
export type LatencyBucketCounts = Record<number, number>;

/** The bucket a duration in microseconds falls into. Negative, NaN and sub-microsecond values go to bucket 0. */
export function latencyBucketIndex(durationUs: number): number {
  if (!(durationUs >= 1)) return 0;
  const index = Math.floor(Math.log2(durationUs) * LATENCY_BUCKETS_PER_DOUBLING) + 1;
  // Floating point can put an exact power boundary one bucket low; check against the bound itself.
  const corrected = durationUs >= latencyBucketLowerBoundUs(index + 1) ? index + 1 : index;
  return Math.min(corrected, LATENCY_BUCKET_COUNT - 1);
}

/** Inclusive lower bound of bucket `index`, in microseconds (0 for bucket 0). */
export function latencyBucketLowerBoundUs(index: number): number {
  return index <= 0 ? 0 : 2 ** ((index - 1) / LATENCY_BUCKETS_PER_DOUBLING);
}

/** Exclusive upper bound of bucket `index`, in microseconds (Infinity for the last bucket). */
export function latencyBucketUpperBoundUs(index: number): number {
  return index >= LATENCY_BUCKET_COUNT - 1 ? Number.POSITIVE_INFINITY : 2 ** (index / LATENCY_BUCKETS_PER_DOUBLING);
}

/** The value a percentile falling in bucket `index` is reported as: the geometric midpoint. */
export function latencyBucketRepresentativeUs(index: number): number {
  if (index <= 0) return 0;
  if (index >= LATENCY_BUCKET_COUNT - 1) return latencyBucketLowerBoundUs(index);
  return 2 ** ((index - 0.5) / LATENCY_BUCKETS_PER_DOUBLING);
}

/** Adds `from` into `into` (mutating `into`) and returns it. */
export function mergeLatencyBuckets(into: LatencyBucketCounts, from: Readonly<LatencyBucketCounts>): LatencyBucketCounts {
  for (const [key, count] of Object.entries(from)) {
    const index = Number(key);
    into[index] = (into[index] ?? 0) + count;
  }
  return into;
}

/**
 * The q-quantile (0 < q ≤ 1) of the durations counted, in microseconds, or null when nothing was
 * counted. Uses the nearest-rank definition: the smallest bucket whose cumulative count reaches q·total.
 */
export function latencyPercentileUs(counts: Readonly<LatencyBucketCounts>, q: number): number | null {
  if (!(q > 0 && q <= 1)) throw new RangeError(`quantile must be in (0, 1], got ${q}`);
  const indices = Object.keys(counts)
    .map(Number)
    .filter((i) => (counts[i] ?? 0) > 0)
    .sort((a, b) => a - b);
  let total = 0;
  for (const i of indices) total += counts[i] ?? 0;
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const i of indices) {
    seen += counts[i] ?? 0;
    if (seen >= rank) return latencyBucketRepresentativeUs(i);
  }
  return latencyBucketRepresentativeUs(indices[indices.length - 1] ?? 0);
}
