import type { TenantScope } from '@linkscope/domain';
import type { AlertMessage, AlertNotice } from '../message/alert-message';
import { notificationId } from './fingerprint';

/** One alert that must reach some channels in this evaluation round. */
export interface PendingNotice {
  readonly notice: AlertNotice;
  readonly incidentId: string;
  readonly kind: 'firing' | 'resolved' | 'escalation';
  readonly channelIds: readonly string[];
}

export interface GroupedNotification {
  readonly notificationId: string;
  readonly channelId: string;
  readonly message: AlertMessage;
  readonly incidentIds: readonly string[];
}

/** Most alerts in one message; more become further messages (each within provider size limits). */
export const MAX_ALERTS_PER_MESSAGE = 20;

/**
 * Groups what fired, resolved or escalated in one round into one message per channel and kind
 * (critical first, then by rule and entity), chunked to MAX_ALERTS_PER_MESSAGE.
 */
export function groupNotifications(scope: TenantScope, pending: readonly PendingNotice[], externalUrl: string): GroupedNotification[] {
  const byKey = new Map<string, PendingNotice[]>();
  for (const p of pending) {
    for (const channelId of new Set(p.channelIds)) {
      const key = `${channelId}\u0000${p.kind}`;
      byKey.set(key, [...(byKey.get(key) ?? []), p]);
    }
  }
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  const out: GroupedNotification[] = [];
  for (const [key, items] of byKey) {
    const [channelId = '', kind = 'firing'] = key.split('\u0000');
    const sorted = [...items].sort(
      (a, b) => rank[a.notice.severity] - rank[b.notice.severity] || a.notice.ruleName.localeCompare(b.notice.ruleName) || a.notice.entity.localeCompare(b.notice.entity),
    );
    for (let i = 0; i < sorted.length; i += MAX_ALERTS_PER_MESSAGE) {
      const chunk = sorted.slice(i, i + MAX_ALERTS_PER_MESSAGE);
      const incidentIds = chunk.map((c) => c.incidentId);
      const id = notificationId(scope, channelId, kind, incidentIds);
      out.push({
        notificationId: id,
        channelId,
        incidentIds,
        message: { kind: kind as AlertMessage['kind'], groupKey: id, alerts: chunk.map((c) => c.notice), externalUrl, receiver: channelId },
      });
    }
  }
  return out;
}
