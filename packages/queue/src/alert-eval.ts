import { type Job, Queue, Worker } from 'bullmq';
import type { TenantScope } from '@linkscope/domain';
import type { Redis } from 'ioredis';
import { createProducerConnection, createWorkerConnection } from './redis-connection';

/** The BullMQ queue whose job schedulers trigger alert evaluation, one scheduler per project with rules. */
export const ALERT_EVAL_QUEUE = 'ls-alert-eval';

export interface AlertEvalJob {
  readonly scope: TenantScope;
}

/** Scheduler ids carry no `:`; tenant and project ids are restricted to safe characters upstream. */
function schedulerId(scope: TenantScope): string {
  return `eval|${scope.tenantId}|${scope.projectId}`;
}

function scopeOf(id: string): TenantScope | null {
  const [kind, tenantId, projectId] = id.split('|');
  return kind === 'eval' && tenantId && projectId ? { tenantId, projectId } : null;
}

/** Keeps one job scheduler per project that has enabled rules (idempotent upserts). */
export class AlertEvalScheduler {
  private readonly connection: Redis;
  private readonly queue: Queue<AlertEvalJob>;

  constructor(redisUrl: string) {
    this.connection = createProducerConnection(redisUrl);
    this.queue = new Queue<AlertEvalJob>(ALERT_EVAL_QUEUE, { connection: this.connection });
    this.queue.on('error', () => undefined);
  }

  /** Makes the set of schedulers exactly `scopes`, each running every `everyMs`. */
  async sync(scopes: readonly TenantScope[], everyMs: number): Promise<void> {
    const wanted = new Map(scopes.map((s) => [schedulerId(s), s]));
    for (const existing of await this.queue.getJobSchedulers(0, -1)) {
      const id = existing.key;
      const every = Number(existing.every);
      if (!wanted.has(id)) await this.queue.removeJobScheduler(id);
      else if (every === everyMs) wanted.delete(id);
    }
    for (const [id, scope] of wanted) {
      await this.queue.upsertJobScheduler(id, { every: everyMs }, { name: 'evaluate', data: { scope }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } });
    }
  }

  async scheduledScopes(): Promise<TenantScope[]> {
    return (await this.queue.getJobSchedulers(0, -1)).map((s) => scopeOf(s.key)).filter((s): s is TenantScope => s !== null);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}

/** Runs alert evaluation for each scheduled tick; one tick at a time per process. */
export class AlertEvalConsumer {
  private readonly connection: Redis;
  private readonly worker: Worker<AlertEvalJob>;

  constructor(evaluate: (scope: TenantScope, tickAtMs: number) => Promise<void>, options: { redisUrl: string; concurrency?: number; onError?: (scope: TenantScope, error: Error) => void }) {
    this.connection = createWorkerConnection(options.redisUrl);
    this.worker = new Worker<AlertEvalJob>(
      ALERT_EVAL_QUEUE,
      async (job: Job<AlertEvalJob>) => {
        try {
          await evaluate(job.data.scope, Date.now());
        } catch (error) {
          options.onError?.(job.data.scope, error as Error);
          throw error;
        }
      },
      { connection: this.connection, concurrency: options.concurrency ?? 2 },
    );
    this.worker.on('error', () => undefined);
  }

  async close(): Promise<void> {
    await this.worker.close();
    this.connection.disconnect();
  }
}
