import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createProducerConnection } from './redis-connection';
import { NOTIFY_ATTEMPTS, NOTIFY_KEEP_COMPLETED_SECONDS, NOTIFY_QUEUE, type NotifyJob } from './notify-job';

/** Adds notifications to the notify queue; the job id is the notification id, so adding twice is one job. */
export class NotifyProducer {
  private readonly connection: Redis;
  private readonly queue: Queue<NotifyJob>;

  /** `prefix` (BullMQ key prefix) lets tests run their own queue beside a running stack. */
  constructor(redisUrl: string, prefix?: string) {
    this.connection = createProducerConnection(redisUrl);
    this.queue = new Queue<NotifyJob>(NOTIFY_QUEUE, { connection: this.connection, ...(prefix ? { prefix } : {}) });
    this.queue.on('error', () => undefined);
  }

  /** Adds all jobs atomically. Ids already in the queue (waiting, active, done within a day) are ignored. */
  async enqueue(jobs: readonly NotifyJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: 'notify',
        data: job,
        opts: {
          jobId: job.notificationId,
          attempts: NOTIFY_ATTEMPTS,
          backoff: { type: 'notify' },
          removeOnComplete: { age: NOTIFY_KEEP_COMPLETED_SECONDS, count: 100_000 },
          removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
        },
      })),
    );
  }

  /** Jobs in each state (tests and metrics). */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
