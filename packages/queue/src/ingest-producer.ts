import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createProducerConnection } from './redis-connection';
import { INGEST_QUEUE, type IngestJob, type IngestJobData, toJobData } from './ingest-batch';
import { INGEST_JOB_OPTIONS } from './job-options';

/** Longest wait for Redis to confirm a job before the collector answers 503. */
const ENQUEUE_TIMEOUT_MS = 5000;

export type EnqueueResult =
  | { readonly status: 'queued'; readonly jobId: string }
  | { readonly status: 'unavailable'; readonly reason: string };

/** Puts telemetry batches into Redis. `enqueue` resolves only once the job is stored. */
export class IngestProducer {
  private readonly connection: Redis;
  private readonly queue: Queue<IngestJobData>;

  constructor(redisUrl: string) {
    this.connection = createProducerConnection(redisUrl);
    this.queue = new Queue<IngestJobData>(INGEST_QUEUE, { connection: this.connection });
    this.queue.on('error', () => undefined);
  }

  /**
   * Stores the batch as one job whose id is the batch id; a second add of the same id is a no-op.
   * Answers `unavailable` at once while Redis is disconnected, and after ENQUEUE_TIMEOUT_MS if
   * Redis stops answering mid-way, so no request waits on a dead Redis.
   */
  async enqueue(job: IngestJob): Promise<EnqueueResult> {
    if (this.connection.status !== 'ready') return { status: 'unavailable', reason: `redis connection is ${this.connection.status}` };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not confirm the job within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.queue.add(job.signal, toJobData(job), { ...INGEST_JOB_OPTIONS, jobId: job.batchId }), timeout]);
      return { status: 'queued', jobId: job.batchId };
    } catch (error) {
      return { status: 'unavailable', reason: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Jobs waiting or delayed: the backlog a high-water mark is checked against. */
  async backlog(): Promise<number> {
    if (this.connection.status !== 'ready') return 0;
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'prioritized');
    return (counts['waiting'] ?? 0) + (counts['delayed'] ?? 0) + (counts['prioritized'] ?? 0);
  }

  async isReady(): Promise<boolean> {
    if (this.connection.status !== 'ready') return false;
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
