import type { ChannelSecrets, ChannelSettings } from '@linkscope/domain';
import type { AlertMessage } from '../message/alert-message';
import type { MessageLanguage } from '../message/format';
import { renderMarkdown } from '../message/render-markdown';
import { type HttpReply, type OutgoingRequest, parseJson, type SendOutcome } from './sender';

/** WeCom's limit on markdown `content`, in UTF-8 bytes. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;
/** WeCom group robots accept at most 20 messages a minute each. */
export const WECOM_MESSAGES_PER_MINUTE = 20;
/** errcode WeCom answers when a robot sends over its limit ("api freq out of limit"). */
export const WECOM_ERRCODE_FREQ_LIMIT = 45009;

/** A WeCom group-robot markdown message; mentions are `<@userid>` inside the content. */
export function buildWecomRequest(message: AlertMessage, settings: ChannelSettings<'wecom'>, secrets: ChannelSecrets<'wecom'>, language: MessageLanguage, nowMs = Date.now()): OutgoingRequest {
  const mentions = settings.mentionUserIds.map((id) => `<@${id}>`).join(' ');
  const reserve = mentions ? Buffer.byteLength(`\n${mentions}`) : 0;
  const { text } = renderMarkdown(message, 'wecom', language, WECOM_MARKDOWN_MAX_BYTES - reserve, nowMs);
  const content = mentions ? `${text}\n${mentions}` : text;
  const base = settings.baseUrl.replace(/\/+$/, '');
  return {
    method: 'POST',
    url: `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(secrets.key)}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
  };
}

/** `errcode` 0 is delivered; 45009 is throttling (wait out the minute); -1 is "system busy". */
export function interpretWecomReply(reply: HttpReply): SendOutcome {
  const body = parseJson(reply.body) as { errcode?: number; errmsg?: string } | undefined;
  if (reply.status !== 200 || typeof body?.errcode !== 'number') return { status: 'rejected', reason: `unexpected reply HTTP ${reply.status}: ${reply.body.slice(0, 200)}` };
  if (body.errcode === 0) return { status: 'sent', detail: 'errcode 0' };
  if (body.errcode === WECOM_ERRCODE_FREQ_LIMIT) return { status: 'retryable', reason: `errcode 45009 ${body.errmsg ?? ''}`.trim(), afterMs: 60_000, throttled: true };
  if (body.errcode === -1) return { status: 'retryable', reason: `errcode -1 ${body.errmsg ?? ''}`.trim(), afterMs: 5000, throttled: false };
  return { status: 'rejected', reason: `errcode ${body.errcode} ${body.errmsg ?? ''}`.trim() };
}
