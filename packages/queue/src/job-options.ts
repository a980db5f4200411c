import type { JobsOptions } from 'bullmq';

/** Retries ride out an Elasticsearch outage of at least three hours: 100 attempts, backoff capped at 5 minutes with jitter. */
export const INGEST_ATTEMPTS = 100;
export const MAX_BACKOFF_MS = 5 * 60_000;
const FIRST_BACKOFF_MS = 1000;

export const INGEST_JOB_OPTIONS: JobsOptions = {
  attempts: INGEST_ATTEMPTS,
  backoff: { type: 'capped-exponential' },
  // A finished job carries its whole batch; keeping finished jobs would hold hundreds of MB in a
  // Redis that must not evict. A batch resent after its job finished is a new job whose documents
  // Elasticsearch already has (deterministic ids), so dropping finished jobs costs no correctness.
  removeOnComplete: true,
  // Batches refused for good stay for inspection, bounded in number and age.
  removeOnFail: { count: 200, age: 7 * 24 * 3600 },
};

/** Exponential backoff with full jitter, capped: the delay before retry number `attemptsMade`. */
export function cappedExponentialBackoff(attemptsMade: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
