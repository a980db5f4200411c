import { describe, expect, it } from 'vitest';
import { epochMsAt } from './precise-clock';

const preciseEpochMs = (): number => epochMsAt(performance.now());

describe('epochMsAt', () => {
  it('reads the wall clock to within a couple of milliseconds, with sub-millisecond steps that never go back', () => {
    let previous = preciseEpochMs();
    let fractional = 0;
    for (let i = 0; i < 10_000; i++) {
      const now = preciseEpochMs();
      expect(now).toBeGreaterThanOrEqual(previous);
      if (now % 1 !== 0) fractional++;
      previous = now;
    }
    expect(Math.abs(preciseEpochMs() - Date.now())).toBeLessThanOrEqual(2);
    expect(fractional).toBeGreaterThan(9_000);
  });
});
