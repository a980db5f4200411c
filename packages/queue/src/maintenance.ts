import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createProducerConnection, createWorkerConnection } from './redis-connection';

/** The BullMQ queue whose job schedulers trigger storage upkeep: sealing rollups and deleting expired indices. */
export const MAINTENANCE_QUEUE = 'ls-maintenance';

/** The upkeep tasks: `seal-rollups` (every `sealEveryMs`) and `retention` (every `retentionEveryMs`). */
export type MaintenanceTask = 'seal-rollups' | 'retention';

export interface MaintenanceOptions {
  readonly redisUrl: string;
  readonly sealEveryMs: number;
  readonly retentionEveryMs: number;
  /** BullMQ key prefix (tests run their own queue beside a running stack). */
  readonly prefix?: string;
  readonly onError?: (task: MaintenanceTask, error: Error) => void;
}

/**
 * Runs storage upkeep on BullMQ job schedulers, so that with any number of workers each tick
 * runs once. The tasks must be idempotent: a tick that fails is simply done again next time.
 */
export class MaintenanceRunner {
  private readonly producer: Redis;
  private readonly consumer: Redis;
  private readonly queue: Queue;
  private readonly worker: Worker;

  private constructor(run: (task: MaintenanceTask) => Promise<unknown>, options: MaintenanceOptions) {
    const prefix = options.prefix ? { prefix: options.prefix } : {};
    this.producer = createProducerConnection(options.redisUrl);
    this.consumer = createWorkerConnection(options.redisUrl);
    this.queue = new Queue(MAINTENANCE_QUEUE, { connection: this.producer, ...prefix });
    this.queue.on('error', () => undefined);
    this.worker = new Worker(
      MAINTENANCE_QUEUE,
      async (job: Job) => {
        const task = job.name as MaintenanceTask;
        try {
          return await run(task);
        } catch (error) {
          options.onError?.(task, error as Error);
          throw error;
        }
      },
      { connection: this.consumer, concurrency: 1, ...prefix },
    );
    this.worker.on('error', () => undefined);
  }

  /** Installs (or updates) both schedulers and starts consuming their ticks. */
  static async start(run: (task: MaintenanceTask) => Promise<unknown>, options: MaintenanceOptions): Promise<MaintenanceRunner> {
    const runner = new MaintenanceRunner(run, options);
    const opts = { removeOnComplete: { count: 20 }, removeOnFail: { count: 100 } };
    await runner.queue.upsertJobScheduler('seal-rollups', { every: options.sealEveryMs }, { name: 'seal-rollups', opts });
    await runner.queue.upsertJobScheduler('retention', { every: options.retentionEveryMs }, { name: 'retention', opts });
    return runner;
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
    this.consumer.disconnect();
    this.producer.disconnect();
  }
}
