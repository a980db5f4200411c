import { createHmac } from 'node:crypto';
import type { ChannelSecrets, ChannelSettings } from '@linkscope/domain';
import type { AlertMessage } from '../message/alert-message';
import { alertmanagerPayload } from '../message/alertmanager-payload';
import type { HttpReply, OutgoingRequest, SendOutcome } from './sender';

export const WEBHOOK_MESSAGES_PER_MINUTE = 600;
export const WEBHOOK_SIGNATURE_HEADER = 'x-linkscope-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-linkscope-timestamp';
/** Same value for every retry of one notification, so a receiver can drop repeats. */
export const WEBHOOK_IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * The webhook signature: hex HMAC-SHA256 keyed by the channel secret over `<timestamp>.<body>`
 * (timestamp in seconds), sent as `sha256=<hex>`; receivers should refuse timestamps more than
 * five minutes off (replay).
 */
export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex')}`;
}

export function buildWebhookRequest(message: AlertMessage, notificationId: string, settings: ChannelSettings<'webhook'>, secrets: ChannelSecrets<'webhook'>, nowMs = Date.now()): OutgoingRequest {
  const body = JSON.stringify(alertmanagerPayload(message, notificationId));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Linkscope-Alerting/0.1', [WEBHOOK_IDEMPOTENCY_HEADER]: notificationId };
  if (secrets.hmacSecret) {
    const ts = Math.floor(nowMs / 1000);
    headers[WEBHOOK_TIMESTAMP_HEADER] = String(ts);
    headers[WEBHOOK_SIGNATURE_HEADER] = webhookSignature(secrets.hmacSecret, ts, body);
  }
  return { method: 'POST', url: settings.url, headers, body };
}

/** Any 2xx is delivered; 408 may pass; other 4xx mean the receiver refuses this request for good. */
export function interpretWebhookReply(reply: HttpReply): SendOutcome {
  if (reply.status >= 200 && reply.status < 300) return { status: 'sent', detail: `HTTP ${reply.status}` };
  if (reply.status === 408) return { status: 'retryable', reason: 'HTTP 408', afterMs: 5000, throttled: false };
  return { status: 'rejected', reason: `HTTP ${reply.status} ${reply.body.slice(0, 200)}` };
}
