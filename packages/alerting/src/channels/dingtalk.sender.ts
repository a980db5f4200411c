import { createHmac } from 'node:crypto';
import type { ChannelSecrets, ChannelSettings } from '@linkscope/domain';
import type { AlertMessage } from '../message/alert-message';
import type { MessageLanguage } from '../message/format';
import { renderMarkdown } from '../message/render-markdown';
import { type HttpReply, type OutgoingRequest, parseJson, type SendOutcome } from './sender';

/** Our own cap on a DingTalk markdown text (the documented limit was not found; this is conservative). */
export const DINGTALK_MARKDOWN_MAX_BYTES = 4096;
export const DINGTALK_MESSAGES_PER_MINUTE = 20;
/** errcode DingTalk answers when a robot sends more than 20 a minute; the robot is then throttled for 10 minutes. */
export const DINGTALK_ERRCODE_TOO_FAST = 130101;

/**
 * DingTalk's 加签: HMAC-SHA256 keyed by the secret over `timestamp + "\n" + secret` (timestamp in
 * ms), Base64, then URL-encoded into the query string.
 */
export function dingtalkSignature(timestampMs: number, secret: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

/** A DingTalk markdown message; mentioned mobiles must also appear as `@mobile` in the text to be highlighted. */
export function buildDingtalkRequest(message: AlertMessage, settings: ChannelSettings<'dingtalk'>, secrets: ChannelSecrets<'dingtalk'>, language: MessageLanguage, nowMs = Date.now()): OutgoingRequest {
  const mentions = settings.atMobiles.map((m) => `@${m}`).join(' ');
  const reserve = mentions ? Buffer.byteLength(`\n\n${mentions}`) : 0;
  const { title, text } = renderMarkdown(message, 'dingtalk', language, DINGTALK_MARKDOWN_MAX_BYTES - reserve, nowMs);
  const base = settings.baseUrl.replace(/\/+$/, '');
  let url = `${base}/robot/send?access_token=${encodeURIComponent(secrets.accessToken)}`;
  if (secrets.signSecret) url += `&timestamp=${nowMs}&sign=${dingtalkSignature(nowMs, secrets.signSecret)}`;
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      msgtype: 'markdown',
      markdown: { title, text: mentions ? `${text}\n\n${mentions}` : text },
      at: { atMobiles: settings.atMobiles, isAtAll: settings.atAll },
    }),
  };
}

export function interpretDingtalkReply(reply: HttpReply): SendOutcome {
  const body = parseJson(reply.body) as { errcode?: number; errmsg?: string } | undefined;
  if (reply.status !== 200 || typeof body?.errcode !== 'number') return { status: 'rejected', reason: `unexpected reply HTTP ${reply.status}: ${reply.body.slice(0, 200)}` };
  if (body.errcode === 0) return { status: 'sent', detail: 'errcode 0' };
  if (body.errcode === DINGTALK_ERRCODE_TOO_FAST) return { status: 'retryable', reason: `errcode ${body.errcode} ${body.errmsg ?? ''}`.trim(), afterMs: 10 * 60_000, throttled: true };
  if (body.errcode === -1) return { status: 'retryable', reason: `errcode -1 ${body.errmsg ?? ''}`.trim(), afterMs: 5000, throttled: false };
  return { status: 'rejected', reason: `errcode ${body.errcode} ${body.errmsg ?? ''}`.trim() };
}
