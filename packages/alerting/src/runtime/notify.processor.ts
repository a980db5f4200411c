import { openChannel, type StoredChannel } from '../channels/channel-record';
import { sendToChannel } from '../channels/channel-sender';
import type { HttpTransport } from '../channels/sender';
import type { NotificationBody } from '../notification-record';
import type { SecretBox } from '../secret-box';
import type { NotifyJob, NotifyOutcome } from '@linkscope/queue';
import type { Storage } from '@linkscope/storage';

export interface NotifyDeps {
  readonly storage: Storage;
  readonly secrets: SecretBox | null;
  readonly transport?: HttpTransport;
}

/**
 * Delivers one notification: reloads it (a sent one is skipped, so a retried job never sends twice),
 * opens the channel's secrets, sends, and records the outcome on the notification.
 */
export async function deliverNotification(deps: NotifyDeps, job: NotifyJob, attempt: number): Promise<NotifyOutcome> {
  const repo = deps.storage.alerts;
  const notification = await repo.getNotification<NotificationBody>(job.scope, job.notificationId);
  if (!notification) return { status: 'rejected', reason: 'notification not found' };
  if (notification.status === 'sent') return { status: 'skipped', reason: 'already sent' };
  if (notification.status === 'failed') return { status: 'skipped', reason: 'already given up' };
  const record = (status: 'queued' | 'sent' | 'failed', detail: string) =>
    repo.setNotificationStatus<NotificationBody>(job.scope, job.notificationId, status, (body) => ({ ...body, attempts: attempt, detail, sentAtMs: status === 'sent' ? Date.now() : body.sentAtMs }));

  const stored = await repo.getConfig<StoredChannel>(job.scope, 'channel', job.channelId);
  if (!stored) {
    await record('failed', 'channel deleted');
    return { status: 'rejected', reason: 'channel deleted' };
  }
  let channel;
  try {
    channel = openChannel(job.scope, stored.body, deps.secrets);
  } catch (error) {
    await record('failed', `channel secrets unreadable: ${(error as Error).message}`);
    return { status: 'rejected', reason: (error as Error).message };
  }
  const outcome = await sendToChannel(channel, notification.body.message, job.notificationId, deps.transport);
  if (outcome.status === 'sent') {
    await record('sent', outcome.detail);
    return { status: 'sent' };
  }
  if (outcome.status === 'retryable') {
    await record('queued', `attempt ${attempt}: ${outcome.reason}`);
    return { status: 'retryable', reason: outcome.reason, afterMs: outcome.afterMs };
  }
  await record('failed', outcome.reason);
  return { status: 'rejected', reason: outcome.reason };
}
