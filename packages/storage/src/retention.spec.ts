import { describe, expect, it } from 'vitest';
import { dailyIndexDay } from './retention';

describe('dailyIndexDay', () => {
  it('reads the UTC day of an index named <prefix>-<signal>-YYYY.MM.DD', () => {
    expect(dailyIndexDay('ls', 'spans', 'ls-spans-2026.11.23')).toBe(Date.UTC(2026, 10, 23));
    expect(dailyIndexDay('ls', 'rollups1m', 'ls-rollups1m-2026.01.02')).toBe(Date.UTC(2026, 0, 2));
  });

  it('ignores names of another prefix or signal, and anything not a day', () => {
    expect(dailyIndexDay('ls', 'spans', 'ls3-spans-2026.11.23')).toBeNull();
    expect(dailyIndexDay('ls', 'rollups', 'ls-rollups1m-2026.11.23')).toBeNull();
    expect(dailyIndexDay('ls', 'spans', 'ls-spans-2026.11.23-restored')).toBeNull();
    expect(dailyIndexDay('ls', 'spans', 'ls-spans-latest')).toBeNull();
  });
});
