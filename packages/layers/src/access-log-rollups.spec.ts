import type { AccessLogBatch, AccessLogStatsEntry } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { buildAccessLogRollups } from './access-log-rollups';

const MINUTE = Date.UTC(2026, 10, 23, 9, 16);

function entry(overrides: Partial<AccessLogStatsEntry> = {}): AccessLogStatsEntry {
  return {
    host: 'demo-gateway',
    method: 'GET',
    route: '/api/products/{num}',
    count: 10,
    statusCounts: { '200': 7, '404': 1, '502': 2 },
    bytes: 1000,
    slowCount: 1,
    requestTime: { count: 9, sumUs: 90_000, maxUs: 1_200_000, buckets: { '100': 8, '190': 1 } },
    upstreamTime: { count: 0, sumUs: 0, maxUs: 0, buckets: {} },
    ...overrides,
  };
}

function batch(entries: AccessLogStatsEntry[]): AccessLogBatch {
  return { batchId: 'web-1/abc/1/0', agentId: 'web-1', file: '/var/log/nginx/access.log', minuteEpochMs: MINUTE, entries, samples: [], unparsed: { count: 0, samples: [] } };
}

describe('buildAccessLogRollups', () => {
  it('turns each host + method + route of a closed minute into a URI rollup from the log, host as service, 5xx as errors', () => {
    expect(buildAccessLogRollups(batch([entry()]))).toEqual([
      {
        layer: 'uri',
        source: 'log',
        dims: { service: 'demo-gateway', method: 'GET', route: '/api/products/{num}' },
        minuteEpochMs: MINUTE,
        count: 10,
        errors: 2,
        statusCounts: { '200': 7, '404': 1, '502': 2 },
        latencySumUs: 90_000,
        latencyMaxUs: 1_200_000,
        latencyBuckets: { 100: 8, 190: 1 },
      },
    ]);
  });

  it('caps status codes as span rollups do, the smallest summed under "other"', () => {
    const statusCounts = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [String(500 + i), i + 1]));
    const count = Object.values(statusCounts).reduce((a, b) => a + b, 0);
    const [rollup] = buildAccessLogRollups(batch([entry({ count, statusCounts })]));
    expect(Object.keys(rollup!.statusCounts)).toHaveLength(16);
    expect(rollup!.statusCounts['other']).toBe(1 + 2 + 3 + 4 + 5);
    expect(Object.values(rollup!.statusCounts).reduce((a, b) => a + b, 0)).toBe(count);
    expect(rollup!.errors).toBe(count);
  });
});
