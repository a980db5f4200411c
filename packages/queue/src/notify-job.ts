import type { TenantScope } from '@linkscope/domain';

/** The BullMQ queue that carries alert notifications from the evaluator to the senders. */
export const NOTIFY_QUEUE = 'ls-notify';

/**
 * One message to one channel. The job id is the notification id (deterministic from tenant,
 * channel, kind and the incidents it carries), so re-adding the same notification is a no-op;
 * the message itself is stored with the notification and reloaded by the consumer, and secrets
 * never travel through Redis.
 */
export interface NotifyJob {
  readonly scope: TenantScope;
  readonly notificationId: string;
  readonly channelId: string;
  /** The channel's budget of messages a minute, shared by every worker (e.g. 20 for a WeCom robot). */
  readonly perMinute: number;
  readonly enqueuedAtMs: number;
}

/** What one delivery attempt came to. */
export type NotifyOutcome =
  | { readonly status: 'sent' }
  /** Already delivered (a retried job after success, or a re-added id): nothing to do. */
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'retryable'; readonly reason: string; readonly afterMs: number }
  | { readonly status: 'rejected'; readonly reason: string };

/** Attempts per notification: with backoff from 1 s to 5 min, about 20 minutes of trying. */
export const NOTIFY_ATTEMPTS = 8;
/** Completed ids are kept a day: a notification re-added within it is recognised as a duplicate. */
export const NOTIFY_KEEP_COMPLETED_SECONDS = 24 * 3600;
