import type { ChannelType } from '@linkscope/domain';
import type { AlertMessage } from './message/alert-message';

/** A notification as stored: the rendered-from message, where it goes, and how delivery went. */
export interface NotificationBody {
  readonly notificationId: string;
  readonly channelId: string;
  readonly channelType: ChannelType | null;
  readonly kind: AlertMessage['kind'];
  readonly message: AlertMessage;
  readonly incidentIds: readonly string[];
  readonly attempts: number;
  /** The last outcome in words (provider code, HTTP status, reason). */
  readonly detail: string;
  readonly createdAtMs: number;
  readonly sentAtMs: number | null;
}
