import { describe, expect, it } from 'vitest';
import { formatOffsetNs } from './offset.format';

describe('formatOffsetNs', () => {
  it.each([
    [0, '0.000 ms'],
    [850, '+0.001 ms'],
    [12_345, '+0.012 ms'],
    [4_321_000, '+4.321 ms'],
    [12_040_000, '+12.04 ms'],
    [234_567_000, '+234.57 ms'],
    [1_234_500_000, '+1,234.5 ms'],
    [12_345_678_901, '+12.346 s'],
    [754_321_000_000, '+754.321 s'],
  ])('formats %d ns as %s in English', (ns, expected) => {
    expect(formatOffsetNs(ns, 'en')).toBe(expected);
  });

  it('tells apart sibling starts that three significant digits would merge', () => {
    expect(formatOffsetNs(12_040_000, 'en')).not.toBe(formatOffsetNs(12_049_000, 'en'));
    expect(formatOffsetNs(1_234_500_000, 'en')).not.toBe(formatOffsetNs(1_230_100_000, 'en'));
    expect(formatOffsetNs(3_001_000, 'en')).not.toBe(formatOffsetNs(3_002_000, 'en'));
  });

  it('moves to the next tier when rounding reaches its bound', () => {
    expect(formatOffsetNs(9_999_600, 'en')).toBe('+10.00 ms');
    expect(formatOffsetNs(999_996_000, 'en')).toBe('+1,000.0 ms');
    expect(formatOffsetNs(9_999_960_000, 'en')).toBe('+10.000 s');
  });

  it('follows the locale for digits, grouping and decimal separator, keeping SI unit symbols', () => {
    expect(formatOffsetNs(12_040_000, 'de-DE')).toBe('+12,04 ms');
    expect(formatOffsetNs(1_234_500_000, 'de-DE')).toBe('+1.234,5 ms');
    expect(formatOffsetNs(1_234_500_000, 'zh-CN')).toBe('+1,234.5 ms');
  });

  it('gives a negative offset its minus, an offset that rounds to zero no sign, and a non-number a dash', () => {
    expect(formatOffsetNs(-2_500_000, 'en')).toBe('-2.500 ms');
    expect(formatOffsetNs(-400, 'en')).toBe('0.000 ms');
    expect(formatOffsetNs(Number.NaN, 'en')).toBe('–');
    expect(formatOffsetNs(Number.POSITIVE_INFINITY, 'en')).toBe('–');
  });
});
