import { describe, expect, it } from 'vitest';
import { aggregateHref, readAggregateView } from './aggregate.params';

describe('aggregate page URL', () => {
  it('round-trips a route and falls back to an operation when there is no route', () => {
    const href = aggregateHref('demo-gateway', '/api/orders/:id/pay', 'POST /api/orders/:id/pay', 360);
    expect(readAggregateView(new URL(href, 'http://x').searchParams)).toEqual({ service: 'demo-gateway', route: '/api/orders/:id/pay', operation: undefined, lookbackMinutes: 360 });
    const byOperation = aggregateHref('worker', null, 'process job');
    expect(readAggregateView(new URL(byOperation, 'http://x').searchParams)).toEqual({ service: 'worker', route: undefined, operation: 'process job', lookbackMinutes: 60 });
  });

  it('names nothing without a service or a URI, and ignores unknown windows', () => {
    expect(readAggregateView(new URLSearchParams('route=/x'))).toBeNull();
    expect(readAggregateView(new URLSearchParams('service=a'))).toBeNull();
    expect(readAggregateView(new URLSearchParams('service=a&route=/x&lookback=7'))?.lookbackMinutes).toBe(60);
  });
});
