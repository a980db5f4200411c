import { describe, expect, it } from 'vitest';
import { FIXTURE_EPOCH_NS, spanView } from '../testing/span-view.fixture';
import { buildSpanTree } from '../waterfall/span-tree';
import { traceStats } from './trace-stats';

describe('traceStats', () => {
  it('names the true root even when an orphan starts earlier, and counts services and errors', () => {
    const stats = traceStats(
      buildSpanTree([
        spanView({ spanId: 'orphan', parentSpanId: 'gone', serviceName: 'worker', startOffsetNs: 0, durationNs: 5 }),
        spanView({ spanId: 'root', name: 'GET /checkout', serviceName: 'frontend', startOffsetNs: 10, durationNs: 90 }),
        spanView({ spanId: 'db', parentSpanId: 'root', serviceName: 'db', statusCode: 'error', startOffsetNs: 20, durationNs: 10 }),
        spanView({ spanId: 'db2', parentSpanId: 'root', serviceName: 'db', statusCode: 'error', startOffsetNs: 30, durationNs: 10 }),
      ]),
    );
    expect(stats).toEqual({
      rootServiceName: 'frontend',
      rootOperation: 'GET /checkout',
      durationNs: 100,
      spanCount: 4,
      serviceCount: 3,
      errorCount: 2,
      startEpochMs: Number(FIXTURE_EPOCH_NS / 1_000_000n),
    });
  });
});
