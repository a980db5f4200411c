import type { ChannelSecrets, ChannelSettings, ChannelType } from '@linkscope/domain';
import type { AlertMessage } from '../message/alert-message';
import type { MessageLanguage } from '../message/format';
import { buildAliyunSmsRequest, interpretAliyunSmsReply } from './aliyun-sms.sender';
import { buildDingtalkRequest, DINGTALK_MESSAGES_PER_MINUTE, interpretDingtalkReply } from './dingtalk.sender';
import { buildFeishuRequest, FEISHU_MESSAGES_PER_MINUTE, interpretFeishuReply } from './feishu.sender';
import { fetchTransport, type HttpReply, type HttpTransport, type OutgoingRequest, sendWith, type SendOutcome } from './sender';
import { buildSlackRequest, interpretSlackReply, SLACK_MESSAGES_PER_MINUTE } from './slack.sender';
import { buildTencentSmsRequest, interpretTencentSmsReply } from './tencent-sms.sender';
import { buildWebhookRequest, interpretWebhookReply, WEBHOOK_MESSAGES_PER_MINUTE } from './webhook.sender';
import { buildWecomRequest, interpretWecomReply, WECOM_MESSAGES_PER_MINUTE } from './wecom.sender';

/** A channel with its secrets decrypted: exists only inside the worker while sending. */
export type ResolvedChannel = {
  [T in ChannelType]: { readonly id: string; readonly name: string; readonly type: T; readonly language: MessageLanguage; readonly settings: ChannelSettings<T>; readonly secrets: ChannelSecrets<T> };
}[ChannelType];

/**
 * Messages a minute we allow ourselves per channel. Chat robots' documented limits; SMS kept low
 * because every message costs money and wakes someone.
 */
export const CHANNEL_MESSAGES_PER_MINUTE: Readonly<Record<ChannelType, number>> = {
  wecom: WECOM_MESSAGES_PER_MINUTE,
  dingtalk: DINGTALK_MESSAGES_PER_MINUTE,
  feishu: FEISHU_MESSAGES_PER_MINUTE,
  slack: SLACK_MESSAGES_PER_MINUTE,
  webhook: WEBHOOK_MESSAGES_PER_MINUTE,
  sms_aliyun: 10,
  sms_tencent: 10,
};

/** Builds the provider request for a message. Pure apart from the clock (and Aliyun's nonce). */
export function buildChannelRequest(channel: ResolvedChannel, message: AlertMessage, notificationId: string, nowMs = Date.now()): OutgoingRequest {
  switch (channel.type) {
    case 'wecom':
      return buildWecomRequest(message, channel.settings, channel.secrets, channel.language, nowMs);
    case 'dingtalk':
      return buildDingtalkRequest(message, channel.settings, channel.secrets, channel.language, nowMs);
    case 'feishu':
      return buildFeishuRequest(message, channel.settings, channel.secrets, channel.language, nowMs);
    case 'slack':
      return buildSlackRequest(message, channel.settings, channel.secrets, channel.language, nowMs);
    case 'webhook':
      return buildWebhookRequest(message, notificationId, channel.settings, channel.secrets, nowMs);
    case 'sms_aliyun':
      return buildAliyunSmsRequest(message, notificationId, channel.settings, channel.secrets, channel.language, nowMs);
    case 'sms_tencent':
      return buildTencentSmsRequest(message, notificationId, channel.settings, channel.secrets, channel.language, nowMs);
  }
}

const INTERPRETERS: Readonly<Record<ChannelType, (reply: HttpReply) => SendOutcome>> = {
  wecom: interpretWecomReply,
  dingtalk: interpretDingtalkReply,
  feishu: interpretFeishuReply,
  slack: interpretSlackReply,
  webhook: interpretWebhookReply,
  sms_aliyun: interpretAliyunSmsReply,
  sms_tencent: interpretTencentSmsReply,
};

/** Sends one message to one channel and says what came of it; never throws. */
export async function sendToChannel(channel: ResolvedChannel, message: AlertMessage, notificationId: string, transport: HttpTransport = fetchTransport, nowMs = Date.now()): Promise<SendOutcome> {
  let request: OutgoingRequest;
  try {
    request = buildChannelRequest(channel, message, notificationId, nowMs);
  } catch (error) {
    return { status: 'rejected', reason: `cannot build the request: ${(error as Error).message}` };
  }
  return sendWith(transport, request, INTERPRETERS[channel.type]);
}
