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

/** Longest an evaluation round may hold its project's lock (a crashed worker's lock expires). */
const EVAL_LOCK_MS = 15_000;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Runs alert evaluation for each scheduled tick, never two rounds of one project at once. */
export class AlertEvalConsumer {
  private readonly connection: Redis;
  private readonly worker: Worker<AlertEvalJob>;

  constructor(evaluate: (scope: TenantScope, tickAtMs: number) => Promise<void>, options: { redisUrl: string; concurrency?: number; onError?: (scope: TenantScope, error: Error) => void }) {
    this.connection = createWorkerConnection(options.redisUrl);
    this.worker = new Worker<AlertEvalJob>(
      ALERT_EVAL_QUEUE,
      async (job: Job<AlertEvalJob>) => {
        // One evaluation per project at a time across every worker: a round that overlaps the
        // previous one (slow Elasticsearch) is skipped rather than run twice on the same states.
        const lockKey = `${ALERT_EVAL_QUEUE}-lock|${job.data.scope.tenantId}|${job.data.scope.projectId}`;
        const token = `${process.pid}-${job.id ?? ''}`;
        if ((await this.connection.set(lockKey, token, 'PX', EVAL_LOCK_MS, 'NX')) !== 'OK') return { skipped: true };
        try {
          await evaluate(job.data.scope, Date.now());
          return { skipped: false };
        } catch (error) {
          options.onError?.(job.data.scope, error as Error);
          throw error;
        } finally {
          await this.connection.eval(RELEASE_SCRIPT, 1, lockKey, token).catch(() => undefined);
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
