import { describe, expect, it } from 'vitest';
import { formatClockTime, formatDateTime } from './time.format';

const moment = new Date(2026, 10, 22, 14, 3, 27, 45).getTime(); // local time

describe('formatClockTime', () => {
  it('shows only the 24-hour time for a moment on the same local day', () => {
    expect(formatClockTime(moment, 'en', new Date(2026, 10, 22, 23, 0).getTime())).toBe('14:03:27');
  });

  it('puts the date in front for a moment on another day', () => {
    expect(formatClockTime(moment, 'en', new Date(2026, 10, 23, 0, 5).getTime())).toBe('11/22 14:03:27');
  });
});

describe('formatDateTime', () => {
  it('includes the date and the milliseconds', () => {
    const text = formatDateTime(moment, 'en');
    expect(text).toContain('2026');
    expect(text).toContain('14:03:27.045');
  });
});
