import {
  INFRA_COUNTERS,
  INFRA_GAUGES,
  type InfraCounter,
  type InfraFigures,
  type InfraGauge,
  type LatencyBucketCounts,
  type LayerFigures,
  type RollupTotals,
  latencyBucketLowerBoundUs,
  latencyPercentileUs,
} from '@linkscope/domain';

/** Requests at or above this latency count as slow unless the caller says otherwise. */
export const DEFAULT_SLOW_THRESHOLD_US = 1_000_000;

/**
 * Requests in buckets whose lower bound is at or above `thresholdUs`. Exact when the threshold is a
 * bucket boundary; otherwise the bucket holding the threshold is not counted (resolution ±9 %).
 */
export function slowCount(buckets: Readonly<LatencyBucketCounts>, thresholdUs: number): number {
  let slow = 0;
  for (const [index, count] of Object.entries(buckets)) if (latencyBucketLowerBoundUs(Number(index)) >= thresholdUs) slow += count;
  return slow;
}

/** The figures people read from summed rollups over a window of `windowMs`. */
export function figuresFromTotals(totals: RollupTotals, windowMs: number, slowThresholdUs: number = DEFAULT_SLOW_THRESHOLD_US): LayerFigures {
  const { count, errors } = totals;
  const counted = Object.values(totals.latencyBuckets).some((n) => n > 0);
  return {
    count,
    errors,
    errorRate: count > 0 ? errors / count : 0,
    ratePerS: windowMs > 0 ? count / (windowMs / 1000) : 0,
    p50Us: counted ? latencyPercentileUs(totals.latencyBuckets, 0.5) : null,
    p95Us: counted ? latencyPercentileUs(totals.latencyBuckets, 0.95) : null,
    p99Us: counted ? latencyPercentileUs(totals.latencyBuckets, 0.99) : null,
    avgUs: count > 0 && counted ? totals.latencySumUs / count : null,
    maxUs: counted ? totals.latencyMaxUs : null,
    slowCount: slowCount(totals.latencyBuckets, slowThresholdUs),
  };
}

/** Infrastructure figures: gauge averages and maxima, counter rates per second (null with one sample). */
export function infraFiguresFromTotals(totals: RollupTotals): InfraFigures {
  const averages: Partial<Record<InfraGauge, number>> = {};
  const maxima: Partial<Record<InfraGauge, number>> = {};
  for (const name of INFRA_GAUGES) {
    const stats = totals.gauges?.[name];
    if (!stats || stats.count === 0) continue;
    averages[name] = stats.sum / stats.count;
    maxima[name] = stats.max;
  }
  const rates: Partial<Record<InfraCounter, number>> = {};
  for (const name of INFRA_COUNTERS) {
    const stats = totals.counters?.[name];
    if (!stats || stats.maxTimeMs <= stats.minTimeMs) continue;
    rates[name] = Math.max(0, stats.maxValue - stats.minValue) / ((stats.maxTimeMs - stats.minTimeMs) / 1000);
  }
  return { averages, maxima, rates };
}

/** Orders rows worst first: highest error rate, then highest p95, then busiest. */
export function worstFirst<T extends { readonly figures: LayerFigures }>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      b.figures.errorRate - a.figures.errorRate ||
      (b.figures.p95Us ?? -1) - (a.figures.p95Us ?? -1) ||
      b.figures.count - a.figures.count,
  );
}

const MINUTE_MS = 60_000;
const INTERVALS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE_MS);

/** A time-series interval that fits a window: the smallest of 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12, 24 h giving at most `maxPoints` points. */
export function seriesIntervalMs(windowMs: number, maxPoints = 120): number {
  for (const interval of INTERVALS_MS) if (windowMs / interval <= maxPoints) return interval;
  return INTERVALS_MS[INTERVALS_MS.length - 1]!;
}
