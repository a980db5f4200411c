import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ChannelRateLimiter } from './channel-rate-limiter';
import { cappedExponentialBackoff } from './job-options';
import { NOTIFY_QUEUE, type NotifyJob, type NotifyOutcome } from './notify-job';
import { createWorkerConnection } from './redis-connection';

/** Carries a provider's "wait this long" into the backoff of the next attempt. */
class RetryAfterError extends Error {
  constructor(
    message: string,
    readonly afterMs: number,
  ) {
    super(message);
  }
}

/** The delay before retry `attemptsMade`: what the provider asked for, never less than our own backoff. */
export function notifyBackoff(attemptsMade: number, error: Error | undefined, random: () => number = Math.random): number {
  const own = Math.min(5 * 60_000, cappedExponentialBackoff(attemptsMade, random));
  return error instanceof RetryAfterError ? Math.max(own, error.afterMs) : own;
}

export interface NotifyConsumerOptions {
  readonly redisUrl: string;
  readonly concurrency?: number;
  readonly onOutcome?: (job: NotifyJob, outcome: NotifyOutcome, attemptsMade: number) => void;
  /** Called when a job failed for good (rejected, or out of attempts). */
  readonly onGiveUp?: (job: NotifyJob, reason: string, attemptsMade: number) => Promise<void>;
  readonly lockDurationMs?: number;
  /** BullMQ key prefix (tests run their own queue beside a running stack). */
  readonly prefix?: string;
}

/**
 * Delivers notifications. Before each send it takes a slot of the channel's per-minute budget;
 * a channel over budget has its job moved to delayed until a slot frees (not counted as an
 * attempt). A `retryable` outcome retries with backoff (at least the provider's Retry-After);
 * `rejected` fails for good.
 */
export class NotifyConsumer {
  private readonly connection: Redis;
  private readonly worker: Worker<NotifyJob>;
  private readonly limiter: ChannelRateLimiter;

  constructor(deliver: (job: NotifyJob, attempt: number) => Promise<NotifyOutcome>, options: NotifyConsumerOptions) {
    this.connection = createWorkerConnection(options.redisUrl);
    this.limiter = new ChannelRateLimiter(this.connection, `${options.prefix ?? 'bull'}:ls-notify-rate`);
    this.worker = new Worker<NotifyJob>(
      NOTIFY_QUEUE,
      async (job: Job<NotifyJob>, token?: string) => {
        const { scope, channelId, perMinute, notificationId } = job.data;
        if (perMinute > 0) {
          const waitMs = await this.limiter.take(`${scope.tenantId}|${scope.projectId}|${channelId}`, perMinute, notificationId);
          if (waitMs > 0) {
            await job.moveToDelayed(Date.now() + waitMs, token);
            throw new DelayedError();
          }
        }
        const outcome = await deliver(job.data, job.attemptsMade + 1);
        options.onOutcome?.(job.data, outcome, job.attemptsMade + 1);
        if (outcome.status === 'retryable') {
          if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await options.onGiveUp?.(job.data, outcome.reason, job.attemptsMade + 1);
          throw new RetryAfterError(outcome.reason, outcome.afterMs);
        }
        if (outcome.status === 'rejected') {
          await options.onGiveUp?.(job.data, outcome.reason, job.attemptsMade + 1);
          throw new UnrecoverableError(outcome.reason);
        }
        return outcome;
      },
      {
        connection: this.connection,
        ...(options.prefix ? { prefix: options.prefix } : {}),
        concurrency: options.concurrency ?? 8,
        ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs } : {}),
        settings: { backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) => notifyBackoff(attemptsMade, error) },
      },
    );
    this.worker.on('error', () => undefined);
  }

  async close(): Promise<void> {
    await this.worker.close();
    this.connection.disconnect();
  }
}
