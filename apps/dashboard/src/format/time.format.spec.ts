import { describe, expect, it } from 'vitest';
import { formatCalendarTime, formatClockTime, formatDateTime } from './time.format';

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

describe('formatCalendarTime', () => {
  it('gives the date once, with the year, and the time to the second', () => {
    const moment = new Date(2026, 10, 30, 16, 59, 53).getTime();
    expect(formatCalendarTime(moment, 'en')).toBe('11/30/2026, 16:59:53');
    expect(formatCalendarTime(moment, 'zh-CN')).toBe('2026/11/30 16:59:53');
  });
});
