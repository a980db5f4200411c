import type { SpanView } from '@linkscope/domain';
import { analyseTrace } from '@linkscope/trace-analysis';
import { describe, expect, it } from 'vitest';
import { spanView } from '../testing/span-view.fixture';
import { serviceSummary } from './service-summary';

describe('serviceSummary', () => {
  it('totals spans, errors, self time and critical-path time per service, most critical first', () => {
    const spans: SpanView[] = [
      spanView({ spanId: 'r', serviceName: 'gateway', startOffsetNs: 0e6, durationNs: 100e6 }),
      spanView({ spanId: 'a', parentSpanId: 'r', serviceName: 'catalogue', startOffsetNs: 10e6, durationNs: 70e6, statusCode: 'error' }),
      spanView({ spanId: 'b', parentSpanId: 'a', serviceName: 'catalogue', startOffsetNs: 20e6, durationNs: 20e6 }),
    ];
    const rows = serviceSummary(spans, analyseTrace(spans, { includeSelfTimes: true }));
    expect(rows).toEqual([
      { serviceName: 'catalogue', spanCount: 2, errorCount: 1, selfTimeNs: 70e6, criticalNs: 70e6 },
      { serviceName: 'gateway', spanCount: 1, errorCount: 0, selfTimeNs: 30e6, criticalNs: 30e6 },
    ]);
  });
});
