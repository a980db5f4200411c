import type { SpanDelta } from '@linkscope/trace-analysis';
import { describe, expect, it } from 'vitest';
import { groupSpanDeltas } from './comparison-groups';

const delta = (serviceName: string, operation: string, baseMs: number, otherMs: number, id: string): SpanDelta => ({
  serviceName,
  operation,
  path: `${serviceName}:${operation}`,
  baseSpanId: `b-${id}`,
  otherSpanId: `o-${id}`,
  baseDurationNs: baseMs * 1e6,
  otherDurationNs: otherMs * 1e6,
  deltaNs: (otherMs - baseMs) * 1e6,
});

describe('groupSpanDeltas', () => {
  it('groups changed spans by service and operation, largest total change first, spans kept in order', () => {
    const groups = groupSpanDeltas([
      delta('orders', 'SELECT', 5, 25, '1'),
      delta('gateway', 'GET /pricing', 10, 40, '2'),
      delta('orders', 'SELECT', 5, 20, '3'),
      delta('orders', 'GET /stock', 2, 4, '4'),
    ]);
    expect(groups.map((g) => [g.serviceName, g.operation, g.count, g.totalDeltaNs / 1e6])).toEqual([
      ['orders', 'SELECT', 2, 35],
      ['gateway', 'GET /pricing', 1, 30],
      ['orders', 'GET /stock', 1, 2],
    ]);
    expect(groups[0]!.spans.map((s) => s.otherSpanId)).toEqual(['o-1', 'o-3']);
  });

  it('orders faster groups by the size of the change and breaks ties by name', () => {
    const groups = groupSpanDeltas([delta('b', 'x', 30, 10, '1'), delta('a', 'y', 30, 10, '2'), delta('c', 'z', 50, 10, '3')]);
    expect(groups.map((g) => `${g.serviceName}:${g.totalDeltaNs / 1e6}`)).toEqual(['c:-40', 'a:-20', 'b:-20']);
  });

  it('gives nothing for nothing', () => {
    expect(groupSpanDeltas([])).toEqual([]);
  });
});
