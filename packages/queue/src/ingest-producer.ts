import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createProducerConnection } from './redis-connection';
import { INGEST_QUEUE, type IngestJob } from './ingest-batch';
import { INGEST_JOB_OPTIONS } from './job-options';

export type EnqueueResult =
  | { readonly status: 'queued'; readonly jobId: string }
  | { readonly status: 'unavailable'; readonly reason: string };

/** Puts telemetry batches into Redis. `enqueue` resolves only once the job is stored. */
export class IngestProducer {
  private readonly connection: Redis;
  private readonly queue: Queue<IngestJob>;

  constructor(redisUrl: string) {
    this.connection = createProducerConnection(redisUrl);
    this.queue = new Queue<IngestJob>(INGEST_QUEUE, { connection: this.connection });
    this.queue.on('error', () => undefined);
  }

  /** Stores the batch as one job whose id is the batch id; a second add of the same id is a no-op. */
  async enqueue(job: IngestJob): Promise<EnqueueResult> {
    try {
      await this.queue.add(job.signal, job, { ...INGEST_JOB_OPTIONS, jobId: job.batchId });
      return { status: 'queued', jobId: job.batchId };
    } catch (error) {
      return { status: 'unavailable', reason: (error as Error).message };
    }
  }

  /** Jobs waiting or delayed: the backlog a high-water mark is checked against. */
  async backlog(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'prioritized');
    return (counts['waiting'] ?? 0) + (counts['delayed'] ?? 0) + (counts['prioritized'] ?? 0);
  }

  async isReady(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
