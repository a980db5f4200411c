import { describe, expect, it } from 'vitest';
import { spanIndexFor, spanIndicesBetween } from './index-names';

describe('daily span indices', () => {
  it('names the UTC day of the span start', () => {
    expect(spanIndexFor('ls', Date.UTC(2026, 10, 22, 23, 59, 59))).toBe('ls-spans-2026.11.22');
    expect(spanIndexFor('ls', Date.UTC(2026, 10, 23, 0, 0, 0))).toBe('ls-spans-2026.11.23');
  });

  it('lists only the days a time range touches', () => {
    expect(spanIndicesBetween('ls', Date.UTC(2026, 10, 22, 23, 0), Date.UTC(2026, 10, 23, 1, 0))).toEqual(['ls-spans-2026.11.22', 'ls-spans-2026.11.23']);
    expect(spanIndicesBetween('ls', Date.UTC(2026, 10, 22, 1, 0), Date.UTC(2026, 10, 22, 2, 0))).toEqual(['ls-spans-2026.11.22']);
    expect(spanIndicesBetween('ls', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 8))).toHaveLength(8);
  });
});
