import { latencyBucketIndex } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { figuresFromTotals, infraFiguresFromTotals, seriesIntervalMs, slowCount, worstFirst } from './figures';

const totals = (count: number, errors: number, durationsUs: number[]) => {
  const latencyBuckets: Record<number, number> = {};
  for (const d of durationsUs) latencyBuckets[latencyBucketIndex(d)] = (latencyBuckets[latencyBucketIndex(d)] ?? 0) + 1;
  return { count, errors, statusCounts: {}, latencySumUs: durationsUs.reduce((s, d) => s + d, 0), latencyMaxUs: Math.max(0, ...durationsUs), latencyBuckets };
};

describe('figuresFromTotals', () => {
  it('derives rate, error rate, average and max from the sums', () => {
    const f = figuresFromTotals(totals(4, 1, [1000, 2000, 3000, 4000]), 60_000);
    expect(f).toMatchObject({ count: 4, errors: 1, errorRate: 0.25, avgUs: 2500, maxUs: 4000 });
    expect(f.ratePerS).toBeCloseTo(4 / 60, 10);
  });

  it('reports no latency when nothing was counted', () => {
    expect(figuresFromTotals(totals(0, 0, []), 60_000)).toMatchObject({ errorRate: 0, p50Us: null, p95Us: null, avgUs: null, maxUs: null });
  });

  it('counts slow requests from the buckets at or above the threshold', () => {
    const t = totals(3, 0, [100_000, 1_500_000, 3_000_000]);
    expect(slowCount(t.latencyBuckets, 1_000_000)).toBe(2);
    expect(figuresFromTotals(t, 1000, 2_000_000).slowCount).toBe(1);
  });
});

describe('infraFiguresFromTotals', () => {
  it('averages gauges and turns counters into rates per second', () => {
    const f = infraFiguresFromTotals({
      ...totals(0, 0, []),
      gauges: { cpu_utilization: { sum: 1.2, count: 4, max: 0.5 } },
      counters: { network_receive_bytes: { minValue: 1000, maxValue: 61_000, minTimeMs: 0, maxTimeMs: 60_000 }, network_transmit_bytes: { minValue: 5, maxValue: 5, minTimeMs: 10, maxTimeMs: 10 } },
    });
    expect(f.averages.cpu_utilization).toBeCloseTo(0.3, 10);
    expect(f.maxima.cpu_utilization).toBe(0.5);
    expect(f.rates).toEqual({ network_receive_bytes: 1000 });
  });
});

describe('worstFirst', () => {
  it('orders by error rate, then p95, then volume', () => {
    const row = (id: string, count: number, errors: number, p95: number) => ({ id, figures: { ...figuresFromTotals(totals(count, errors, []), 1), p95Us: p95 } });
    const sorted = worstFirst([row('calm', 100, 0, 10), row('slow', 10, 0, 900), row('failing', 10, 5, 1), row('busy', 1000, 0, 10)]);
    expect(sorted.map((r) => r.id)).toEqual(['failing', 'slow', 'busy', 'calm']);
  });
});

describe('seriesIntervalMs', () => {
  it('fits the resolution to the window: minutes for an hour, 15 minutes for a day', () => {
    expect(seriesIntervalMs(3_600_000)).toBe(60_000);
    expect(seriesIntervalMs(6 * 3_600_000)).toBe(5 * 60_000);
    expect(seriesIntervalMs(86_400_000)).toBe(15 * 60_000);
    expect(seriesIntervalMs(7 * 86_400_000)).toBe(2 * 3_600_000);
  });
});
