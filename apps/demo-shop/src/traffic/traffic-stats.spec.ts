import { describe, expect, it } from 'vitest';

import { countOutcome, emptyCounts, summarise } from './traffic-stats';

describe('traffic stats', () => {
  it('sorts outcomes by status class and averages latency over answered requests only', () => {
    const counts = emptyCounts();
    countOutcome(counts, { status: 200, latencyMs: 10 });
    countOutcome(counts, { status: 404, latencyMs: 20 });
    countOutcome(counts, { status: 502, latencyMs: 60 });
    countOutcome(counts, { status: 429, latencyMs: 30 });
    countOutcome(counts, { networkError: true });

    expect(summarise(counts)).toMatchObject({
      ok: 1,
      notFound: 1,
      serverErrors: 1,
      otherStatus: 1,
      networkErrors: 1,
      latencyMeanMs: 30,
      latencyMaxMs: 60,
    });
  });

  it('reports zero latency when nothing was answered', () => {
    const counts = emptyCounts();
    countOutcome(counts, { networkError: true });

    expect(summarise(counts).latencyMeanMs).toBe(0);
  });
});
