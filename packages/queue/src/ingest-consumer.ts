import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { cappedExponentialBackoff } from './job-options';
import { createWorkerConnection } from './redis-connection';
import { type BatchOutcome, INGEST_QUEUE, type IngestJob, type IngestJobData, fromJobData } from './ingest-batch';

export interface IngestConsumerOptions {
  readonly redisUrl: string;
  /** Batches processed at once by this process. */
  readonly concurrency: number;
  /**
   * How long a job stays locked to this worker without a renewal. A worker that dies mid-job
   * releases its jobs to others only after this, so it bounds recovery time (default 30 s).
   */
  readonly lockDurationMs?: number;
  readonly onOutcome?: (job: IngestJob, outcome: BatchOutcome, attemptsMade: number) => void;
}

/**
 * Runs `handle` for every telemetry batch. A `retryable` outcome retries with capped exponential
 * backoff; `rejected` fails the job for good (kept for inspection); `ok` completes it.
 */
export class IngestConsumer {
  private readonly connection: Redis;
  private readonly worker: Worker<IngestJobData>;

  constructor(handle: (job: IngestJob) => Promise<BatchOutcome>, options: IngestConsumerOptions) {
    this.connection = createWorkerConnection(options.redisUrl);
    this.worker = new Worker<IngestJobData>(
      INGEST_QUEUE,
      async (job: Job<IngestJobData>) => {
        let data: IngestJob;
        try {
          data = fromJobData(job.data);
        } catch (error) {
          // A job that cannot be read will not become readable by retrying.
          throw new UnrecoverableError(`unreadable ${job.name} job: ${(error as Error).message}`);
        }
        const outcome = await handle(data);
        options.onOutcome?.(data, outcome, job.attemptsMade);
        if (outcome.status === 'retryable') throw new Error(outcome.reason);
        if (outcome.status === 'rejected') throw new UnrecoverableError(outcome.reason);
        return { stored: outcome.stored, duplicates: outcome.duplicates };
      },
      {
        connection: this.connection,
        concurrency: options.concurrency,
        ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs } : {}),
        settings: { backoffStrategy: (attemptsMade: number) => cappedExponentialBackoff(attemptsMade) },
      },
    );
    this.worker.on('error', () => undefined);
  }

  /** Stops taking jobs and waits for the running ones to finish. */
  async close(): Promise<void> {
    await this.worker.close();
    this.connection.disconnect();
  }
}
