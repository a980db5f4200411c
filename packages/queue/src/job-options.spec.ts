import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, INGEST_ATTEMPTS, cappedExponentialBackoff } from './job-options';

describe('cappedExponentialBackoff', () => {
  it('doubles the ceiling each attempt, with jitter in its upper half', () => {
    expect(cappedExponentialBackoff(1, () => 0)).toBe(500);
    expect(cappedExponentialBackoff(1, () => 1)).toBe(1000);
    expect(cappedExponentialBackoff(4, () => 1)).toBe(8000);
  });

  it('never waits longer than the cap', () => {
    for (let attempt = 1; attempt <= INGEST_ATTEMPTS; attempt++) expect(cappedExponentialBackoff(attempt, () => 1)).toBeLessThanOrEqual(MAX_BACKOFF_MS);
  });

  it('keeps retrying through an outage of at least three hours', () => {
    let totalMs = 0;
    for (let attempt = 1; attempt < INGEST_ATTEMPTS; attempt++) totalMs += cappedExponentialBackoff(attempt, () => 0);
    expect(totalMs).toBeGreaterThan(3 * 3_600_000);
  });
});
