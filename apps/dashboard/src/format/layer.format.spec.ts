import { describe, expect, it } from 'vitest';
import { formatBytes, formatChange, formatLatencyUs, formatPercent, formatRate } from './layer.format';

describe('layer formats', () => {
  it('formats rates, percentages and latencies for people', () => {
    expect(formatRate(12.3456, 'en')).toBe('12.3');
    expect(formatRate(0, 'en')).toBe('0');
    expect(formatPercent(0.0234, 'en')).toBe('2.3%');
    expect(formatPercent(0.0012, 'en')).toBe('0.12%');
    expect(formatPercent(null, 'en')).toBe('–');
    expect(formatLatencyUs(1534.2, 'en')).toBe('1.53 ms');
    expect(formatLatencyUs(null, 'en')).toBe('–');
  });

  it('formats bytes in binary units', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1.5 * 1024 ** 3, 'en')).toBe('1.5 GiB');
  });

  it('shows the change against the comparison window, or nothing without one', () => {
    expect(formatChange(120, 100, 'en')).toBe('+20%');
    expect(formatChange(80, 100, 'en')).toBe('-20%');
    expect(formatChange(80, 0, 'en')).toBeNull();
    expect(formatChange(80, undefined, 'en')).toBeNull();
  });
});
