import { describe, expect, it } from 'vitest';
import { aggregateAnalyses } from './aggregate-analysis';
import type { AnalysisSpan } from './analysis-span';
import { analyseTrace } from './analyse-trace';
import { compareTraces } from './compare-traces';
import { dbCall, httpCall, ms, span } from './span-builders.spec-helpers';

/** An order-submit trace: handler, a stock call of `stockMs`, 8 ms of work (more than the 5 ms that still reads as back to back), then `lookups` item queries in series. */
function orderTrace(stockMs: number, lookups: number): AnalysisSpan[] {
  const spans = [span('h', { service: 'orders', kind: 'server', name: 'POST /order/submit', at: 0, ms: 8 + stockMs + lookups * 3 + 2 })];
  spans.push(httpCall('stock', 'h', 1, stockMs, '/stock', { service: 'orders', peer: 'inventory' }));
  for (let i = 0; i < lookups; i++) spans.push(dbCall(`q${i}`, 'h', 9 + stockMs + i * 3, 2, `select * from items where id = ${i}`, 'orders'));
  return spans;
}

describe('aggregate analysis', () => {
  it('names the operation that dominates the tail by critical-path time, and how often each finding occurs', () => {
    const traces = [];
    for (let t = 0; t < 19; t++) traces.push({ traceId: `t${t}`, analysis: analyseTrace(orderTrace(10, 2)) });
    traces.push({ traceId: 'slow', analysis: analyseTrace(orderTrace(400, 8)) });
    const aggregate = aggregateAnalyses(traces);
    expect(aggregate.traceCount).toBe(20);
    expect(aggregate.p95Ns).toBe(aggregate.p50Ns);
    expect(aggregate.p99Ns).toBe(ms(8 + 400 + 24 + 2));
    expect(aggregate.operations[0]).toMatchObject({ serviceName: 'orders', operation: 'GET /stock', traces: 20 });
    // In the p99 tail (the slow trace alone) the stock call is 400 of 434 ms.
    expect(aggregate.operations[0]!.p99Share).toBeCloseTo(400 / 434, 6);
    expect(aggregate.findings).toEqual([
      expect.objectContaining({ kind: 'n-plus-one', traces: 1, frequency: 0.05, meanCallCount: 8, exampleTraceId: 'slow' }),
    ]);
  });

  it('is empty for no traces', () => {
    expect(aggregateAnalyses([])).toEqual({ traceCount: 0, p50Ns: 0, p95Ns: 0, p99Ns: 0, operations: [], findings: [] });
  });
});

describe('trace comparison', () => {
  it('lists spans added and removed by operation, and matched spans that got slower or faster', () => {
    const comparison = compareTraces(orderTrace(10, 2), orderTrace(100, 6));
    expect(comparison.durationDeltaNs).toBe(ms(90 + 12));
    expect(comparison.added).toEqual([expect.objectContaining({ serviceName: 'orders', operation: 'SELECT', count: 4, spanIds: ['q2', 'q3', 'q4', 'q5'] })]);
    expect(comparison.removed).toEqual([]);
    expect(comparison.slower.map((d) => [d.baseSpanId, d.deltaNs])).toEqual([
      ['h', ms(102)],
      ['stock', ms(90)],
    ]);
    expect(comparison.faster).toEqual([]);
    const back = compareTraces(orderTrace(100, 6), orderTrace(10, 2));
    expect(back.removed[0]).toMatchObject({ operation: 'SELECT', count: 4 });
    expect(back.faster.map((d) => d.baseSpanId)).toEqual(['h', 'stock']);
  });

  it('ignores changes below both thresholds', () => {
    const comparison = compareTraces(orderTrace(10, 2), orderTrace(10.5, 2));
    expect(comparison.slower).toEqual([]);
    expect(comparison.faster).toEqual([]);
  });
});
