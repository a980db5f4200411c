import type { ChannelSecrets, ChannelSettings } from '@linkscope/domain';
import type { AlertMessage } from '../message/alert-message';
import type { MessageLanguage } from '../message/format';
import { renderMarkdown } from '../message/render-markdown';
import type { HttpReply, OutgoingRequest, SendOutcome } from './sender';

/** Slack limits a section block's text to 3000 characters; we keep to 3000 bytes to be safe with any script. */
export const SLACK_SECTION_MAX_BYTES = 3000;
/** Slack: "1 per second, short bursts allowed". */
export const SLACK_MESSAGES_PER_MINUTE = 60;

/** An incoming-webhook message: `text` (notification fallback) plus one mrkdwn section. */
export function buildSlackRequest(message: AlertMessage, settings: ChannelSettings<'slack'>, secrets: ChannelSecrets<'slack'>, language: MessageLanguage, nowMs = Date.now()): OutgoingRequest {
  const mentions = settings.mentionUserIds.map((id) => `<@${id}>`).join(' ');
  const reserve = mentions ? Buffer.byteLength(`\n${mentions}`) : 0;
  const { title, text } = renderMarkdown(message, 'slack', language, SLACK_SECTION_MAX_BYTES - reserve, nowMs);
  const section = mentions ? `${text}\n${mentions}` : text;
  return {
    method: 'POST',
    url: secrets.webhookUrl,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: title, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: section } }] }),
  };
}

/** Slack answers `ok` with 200; 429 is handled by the caller; other 4xx (invalid_payload, no_service…) cannot be retried. */
export function interpretSlackReply(reply: HttpReply): SendOutcome {
  if (reply.status === 200) return { status: 'sent', detail: reply.body.slice(0, 50) || 'ok' };
  return { status: 'rejected', reason: `HTTP ${reply.status} ${reply.body.slice(0, 200)}` };
}
