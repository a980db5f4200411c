import { describe, expect, it } from 'vitest';
import {
  LATENCY_BUCKET_COUNT,
  LATENCY_BUCKET_RELATIVE_ERROR,
  latencyBucketIndex,
  latencyBucketLowerBoundUs,
  latencyBucketUpperBoundUs,
  latencyPercentileUs,
  mergeLatencyBuckets,
  type LatencyBucketCounts,
} from './latency-buckets';

describe('latency buckets', () => {
  it('puts every duration inside its bucket bounds', () => {
    for (const us of [0.5, 1, 1.09, 2, 3, 10, 999, 1000, 1024, 65_536, 1e6, 3.7e7, 1e9]) {
      const i = latencyBucketIndex(us);
      expect(us).toBeGreaterThanOrEqual(latencyBucketLowerBoundUs(i));
      expect(us).toBeLessThan(latencyBucketUpperBoundUs(i));
    }
  });

  it('sends exact powers of two to the bucket they open', () => {
    expect(latencyBucketIndex(1)).toBe(1);
    expect(latencyBucketIndex(2)).toBe(9);
    expect(latencyBucketIndex(1024)).toBe(81);
  });

  it('clamps nonsense and huge values instead of throwing', () => {
    expect(latencyBucketIndex(Number.NaN)).toBe(0);
    expect(latencyBucketIndex(-5)).toBe(0);
    expect(latencyBucketIndex(1e15)).toBe(LATENCY_BUCKET_COUNT - 1);
  });

  it('reads percentiles within the stated resolution of the exact values', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 100 + ((i * 7919) % 10_000) * 37.3);
    const counts: LatencyBucketCounts = {};
    for (const v of values) {
      const i = latencyBucketIndex(v);
      counts[i] = (counts[i] ?? 0) + 1;
    }
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99, 1]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1] ?? 0;
      const estimate = latencyPercentileUs(counts, q) ?? 0;
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(LATENCY_BUCKET_RELATIVE_ERROR + 1e-12);
    }
  });

  it('merges documents by addition, so merged percentiles equal percentiles of the union', () => {
    const a: LatencyBucketCounts = { 10: 3, 20: 1 };
    const b: LatencyBucketCounts = { 20: 2, 30: 5 };
    const merged = mergeLatencyBuckets(mergeLatencyBuckets({}, a), b);
    expect(merged).toEqual({ 10: 3, 20: 3, 30: 5 });
    expect(latencyPercentileUs(merged, 0.5)).toBe(latencyPercentileUs({ 10: 3, 20: 3, 30: 5 }, 0.5));
  });

  it('answers null for an empty histogram and refuses a bad quantile', () => {
    expect(latencyPercentileUs({}, 0.5)).toBeNull();
    expect(() => latencyPercentileUs({ 1: 1 }, 0)).toThrow(RangeError);
  });
});
