import { describe, expect, it } from 'vitest';
import { hasIsolatedPoints } from './time-series-chart';

describe('hasIsolatedPoints', () => {
  it('is true when a value has no neighbour (a line could not be drawn to it)', () => {
    expect(hasIsolatedPoints([null, null, 5, null])).toBe(true);
    expect(hasIsolatedPoints([7])).toBe(true);
    expect(hasIsolatedPoints([null, 3, 4, null])).toBe(false);
    expect(hasIsolatedPoints([null, null])).toBe(false);
  });
});
