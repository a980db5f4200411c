import { LATENCY_BUCKET_RELATIVE_ERROR, entityKey, latencyPercentileUs } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { MAX_STATUS_CODES, buildSpanRollups } from './span-rollups';
import { testSpan } from './test-span.fixture';

const T0 = 1_700_000_040_000; // a minute boundary
const route = (r: string, status = 200) => ({ 'http.request.method': 'GET', 'http.route': r, 'http.response.status_code': status });

describe('buildSpanRollups', () => {
  it('makes one rollup per layer, entity and minute with exact counts, errors, status codes and latency sums', () => {
    const spans = [
      testSpan({ startMs: T0 + 1_000, durationMs: 10, attributes: route('/a') }),
      testSpan({ startMs: T0 + 59_999, durationMs: 30, attributes: route('/a', 500) }),
      testSpan({ startMs: T0 + 60_000, durationMs: 20, attributes: route('/a') }),
      testSpan({ startMs: T0 + 2_000, durationMs: 5, attributes: route('/b', 404) }),
    ];
    const { rollups, spanEntities } = buildSpanRollups(spans);
    expect(rollups).toHaveLength(3);
    const a0 = rollups.find((r) => r.dims.route === '/a' && r.minuteEpochMs === T0);
    expect(a0).toMatchObject({ layer: 'uri', source: 'trace', count: 2, errors: 1, statusCounts: { '200': 1, '500': 1 }, latencySumUs: 40_000, latencyMaxUs: 30_000 });
    expect(Object.values(a0!.latencyBuckets).reduce((s, n) => s + n, 0)).toBe(2);
    expect(rollups.find((r) => r.dims.route === '/a' && r.minuteEpochMs === T0 + 60_000)).toMatchObject({ count: 1, errors: 0 });
    expect(rollups.find((r) => r.dims.route === '/b')).toMatchObject({ count: 1, errors: 0, statusCounts: { '404': 1 } });
    expect(spanEntities[0]).toEqual([`uri:${entityKey('uri', { service: 'svc', method: 'GET', route: '/a' })}`]);
  });

  it('is a pure function of the batch: the same spans give the same rollups', () => {
    const spans = [testSpan({ attributes: route('/a') }), testSpan({ kind: 'client', attributes: { 'db.system.name': 'redis' } })];
    expect(buildSpanRollups(spans)).toEqual(buildSpanRollups(spans));
  });

  it('gives percentiles within the bucket resolution of the exact values', () => {
    const durations = Array.from({ length: 1000 }, (_, i) => 1 + i * 0.731); // 1 ms … 731 ms
    const spans = durations.map((ms) => testSpan({ startMs: T0, durationMs: ms, attributes: route('/p') }));
    const [rollup] = buildSpanRollups(spans).rollups;
    const sorted = [...durations].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exactUs = sorted[Math.ceil(q * sorted.length) - 1]! * 1000;
      const reported = latencyPercentileUs(rollup!.latencyBuckets, q)!;
      expect(Math.abs(reported - exactUs) / exactUs).toBeLessThanOrEqual(LATENCY_BUCKET_RELATIVE_ERROR + 1e-9);
    }
  });

  it('bounds the distinct status codes of one rollup, counting the rest as other', () => {
    const spans = Array.from({ length: MAX_STATUS_CODES + 4 }, (_, i) => testSpan({ startMs: T0, attributes: route('/s', 200 + i) }));
    const [rollup] = buildSpanRollups(spans).rollups;
    expect(Object.keys(rollup!.statusCounts)).toHaveLength(MAX_STATUS_CODES + 1);
    expect(rollup!.statusCounts['other']).toBe(4);
    expect(Object.values(rollup!.statusCounts).reduce((s, n) => s + n, 0)).toBe(spans.length);
  });
});
