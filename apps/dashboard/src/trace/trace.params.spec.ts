import { describe, expect, it } from 'vitest';
import { readTraceView, traceHref } from './trace.params';

describe('trace URL state', () => {
  it('links to a trace with the start-time hint and the open span', () => {
    expect(traceHref('4bf92f3577b34da6a3ce929d0e0e4736', { startEpochMs: 1_763_800_000_000, spanId: '00f067aa0ba902b7' })).toBe(
      '/traces/4bf92f3577b34da6a3ce929d0e0e4736?startEpochMs=1763800000000&span=00f067aa0ba902b7',
    );
    expect(traceHref('4bf92f3577b34da6a3ce929d0e0e4736')).toBe('/traces/4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('ignores a start hint that is not a non-negative integer', () => {
    expect(readTraceView(new URLSearchParams('startEpochMs=-5&span=ab'))).toEqual({ startEpochMs: undefined, spanId: 'ab' });
    expect(readTraceView(new URLSearchParams('startEpochMs=12'))).toEqual({ startEpochMs: 12, spanId: undefined });
  });
});
