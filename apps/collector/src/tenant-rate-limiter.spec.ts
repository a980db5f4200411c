import { describe, expect, it } from 'vitest';
import { TenantRateLimiter } from './tenant-rate-limiter';

function limiter(itemsPerSecond: number, burstSeconds = 2, maxTenants = 100) {
  let nowMs = 0;
  const subject = new TenantRateLimiter(itemsPerSecond, burstSeconds, maxTenants, () => nowMs);
  return { subject, advance: (ms: number) => (nowMs += ms) };
}

describe('TenantRateLimiter', () => {
  it('lets a tenant spend its burst, then refuses with the seconds until enough tokens return', () => {
    const { subject, advance } = limiter(100);
    expect(subject.take('a', 150)).toBe(0);
    expect(subject.take('a', 50)).toBe(0);
    expect(subject.take('a', 100)).toBe(1);
    expect(subject.take('a', 300)).toBe(3);
    advance(1000);
    expect(subject.take('a', 100)).toBe(0);
  });

  it('keeps tenants apart', () => {
    const { subject } = limiter(10);
    expect(subject.take('a', 20)).toBe(0);
    expect(subject.take('a', 1)).toBeGreaterThan(0);
    expect(subject.take('b', 20)).toBe(0);
  });

  it('lets a batch larger than the burst through on a full bucket, then makes the tenant wait', () => {
    const { subject, advance } = limiter(10);
    expect(subject.take('a', 50)).toBe(0);
    expect(subject.retryAfterSeconds('a')).toBe(3);
    advance(3000);
    expect(subject.retryAfterSeconds('a')).toBe(0);
  });

  it('forgets the least recently seen tenant when full', () => {
    const { subject } = limiter(10, 1, 2);
    subject.take('a', 10);
    subject.take('b', 10);
    subject.take('c', 10);
    expect(subject.take('a', 10)).toBe(0);
  });
});
