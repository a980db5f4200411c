import { describe, expect, it } from 'vitest';
import { readTraceListView, writeTraceListView } from './trace-list.params';

describe('trace list URL state', () => {
  it('reads lookback and service from the search params', () => {
    expect(readTraceListView(new URLSearchParams('lookback=6h&service=checkout'))).toEqual({ lookback: '6h', service: 'checkout' });
  });

  it('falls back to the last hour and all services for missing or unknown values', () => {
    expect(readTraceListView(new URLSearchParams('lookback=7y&service=%20'))).toEqual({ lookback: '1h', service: undefined });
  });

  it('leaves defaults out of the URL so /traces stays the canonical link', () => {
    expect(writeTraceListView({ lookback: '1h', service: undefined }).toString()).toBe('');
    expect(writeTraceListView({ lookback: '15m', service: 'cart' }).toString()).toBe('lookback=15m&service=cart');
  });
});
