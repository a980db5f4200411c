import { describe, expect, it } from 'vitest';
import { formatDurationNs } from './duration.format';

describe('formatDurationNs', () => {
  it.each([
    [0, '0 ns'],
    [850, '850 ns'],
    [1_000, '1 µs'],
    [12_345, '12.3 µs'],
    [999_400, '999 µs'],
    [1_234_567, '1.23 ms'],
    [250_000_000, '250 ms'],
    [1_500_000_000, '1.5 s'],
    [59_000_000_000, '59 s'],
    [90_000_000_000, '1.5 min'],
    [7_200_000_000_000, '2 h'],
  ])('formats %d ns as %s in English', (ns, expected) => {
    expect(formatDurationNs(ns, 'en')).toBe(expected);
  });

  it('moves to the next unit when rounding reaches it, never printing 1,000 of a unit', () => {
    expect(formatDurationNs(999_999, 'en')).toBe('1 ms');
    expect(formatDurationNs(999_999_999, 'en')).toBe('1 s');
    expect(formatDurationNs(59_990_000_000, 'en')).toBe('1 min');
  });

  it('follows the locale for digits and decimal separator, keeping SI unit symbols', () => {
    expect(formatDurationNs(12_345_678, 'de-DE')).toBe('12,3 ms');
    expect(formatDurationNs(12_345_678, 'zh-CN')).toBe('12.3 ms');
  });

  it('keeps the sign of a negative duration and shows a dash for a non-number', () => {
    expect(formatDurationNs(-2_500_000, 'en')).toBe('-2.5 ms');
    expect(formatDurationNs(Number.NaN, 'en')).toBe('–');
  });
});
