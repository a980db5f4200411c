import { createHmac } from 'node:crypto';
import type { ChannelSecrets, ChannelSettings } from '@linkscope/domain';
import type { AlertMessage, AlertNotice } from '../message/alert-message';
import { formatDuration, formatTime, formatValue, type MessageLanguage, messageTitle, words } from '../message/format';
import { type HttpReply, type OutgoingRequest, parseJson, type SendOutcome, utf8Bytes } from './sender';

/** Feishu's limit on a request body. */
export const FEISHU_BODY_MAX_BYTES = 20 * 1024;
/** Feishu allows 100 a minute and 5 a second per bot. */
export const FEISHU_MESSAGES_PER_MINUTE = 100;
export const FEISHU_CODE_THROTTLED = 11232;

/**
 * Feishu's signature: HMAC-SHA256 keyed by `timestamp + "\n" + secret` (timestamp in seconds) over
 * an empty message, Base64, not URL-encoded; it travels in the JSON body.
 */
export function feishuSignature(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

type PostElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string } | { tag: 'at'; user_id: string };

function alertParagraphs(alert: AlertNotice, language: MessageLanguage, nowMs: number): PostElement[][] {
  const w = words(language);
  const rows: PostElement[][] = [];
  rows.push([{ tag: 'text', text: `${alert.status === 'resolved' ? '✅' : alert.severity === 'critical' ? '🔴' : '🟠'} ${alert.ruleName}` }]);
  rows.push([{ tag: 'text', text: `${w.entity}: ${w.layer[alert.layer]} ${alert.entity}` }]);
  const yesterday = alert.yesterdayValue === null ? '' : ` · ${w.yesterday} ${formatValue(alert.yesterdayValue, alert.unit, language)}`;
  rows.push([{ tag: 'text', text: `${w.value}: ${alert.metricLabel} ${formatValue(alert.value, alert.unit, language)}${alert.condition ? ` (${alert.condition})` : ''}${yesterday}` }]);
  if (alert.suspect) rows.push([{ tag: 'text', text: `${w.suspect}: ${w.layer[alert.suspect.layer]} ${alert.suspect.entity} — ${alert.suspect.detail}` }]);
  if (alert.dominantError) rows.push([{ tag: 'text', text: `${w.dominantError}: ${alert.dominantError}` }]);
  if (alert.lastDeploy) rows.push([{ tag: 'text', text: `${w.lastDeploy}: ${alert.lastDeploy}` }]);
  rows.push([
    {
      tag: 'text',
      text:
        alert.status === 'resolved' && alert.endsAtMs !== null
          ? `${w.lasted}: ${formatDuration(alert.endsAtMs - alert.startsAtMs)}`
          : `${w.since}: ${formatTime(alert.startsAtMs)} (${formatDuration(nowMs - alert.startsAtMs)})`,
    },
  ]);
  const links: PostElement[] = [{ tag: 'a', text: w.dashboard, href: alert.dashboardUrl }];
  if (alert.status === 'firing') links.push({ tag: 'text', text: ' · ' }, { tag: 'a', text: w.ack, href: alert.ackUrl }, { tag: 'text', text: ' · ' }, { tag: 'a', text: w.silence, href: alert.silenceUrl });
  for (const id of alert.exampleTraceIds.slice(0, 3)) links.push({ tag: 'text', text: ' · ' }, { tag: 'a', text: `${w.traces} ${id.slice(0, 8)}`, href: `${alert.traceUrlBase}/${id}` });
  rows.push(links);
  return rows;
}

/** A Feishu rich-text (`post`) message, signed in the body when a secret is set, within 20 KB. */
export function buildFeishuRequest(message: AlertMessage, settings: ChannelSettings<'feishu'>, secrets: ChannelSecrets<'feishu'>, language: MessageLanguage, nowMs = Date.now()): OutgoingRequest {
  const w = words(language);
  const title = messageTitle(message, language);
  const mentions: PostElement[] = settings.mentionOpenIds.map((id) => ({ tag: 'at', user_id: id }));
  const base = settings.baseUrl.replace(/\/+$/, '');
  const timestamp = Math.floor(nowMs / 1000);
  const signing = secrets.signSecret ? { timestamp: String(timestamp), sign: feishuSignature(timestamp, secrets.signSecret) } : {};
  const bodyFor = (content: PostElement[][]): string =>
    JSON.stringify({ ...signing, msg_type: 'post', content: { post: { [language === 'zh-CN' ? 'zh_cn' : 'en_us']: { title, content } } } });

  let content: PostElement[][] = message.kind === 'test' ? [[{ tag: 'text', text: w.testBody }]] : [];
  let shown = 0;
  for (const alert of message.kind === 'test' ? [] : message.alerts) {
    const next = [...content, ...alertParagraphs(alert, language, nowMs)];
    if (shown > 0 && utf8Bytes(bodyFor([...next, mentions])) > FEISHU_BODY_MAX_BYTES - 256) break;
    content = next;
    shown++;
  }
  if (message.kind !== 'test' && shown < message.alerts.length) content.push([{ tag: 'text', text: w.more(message.alerts.length - shown) }]);
  if (mentions.length > 0) content.push(mentions);
  return { method: 'POST', url: `${base}/open-apis/bot/v2/hook/${encodeURIComponent(secrets.hookToken)}`, headers: { 'content-type': 'application/json; charset=utf-8' }, body: bodyFor(content) };
}

export function interpretFeishuReply(reply: HttpReply): SendOutcome {
  const body = parseJson(reply.body) as { code?: number; msg?: string; StatusCode?: number } | undefined;
  const code = body?.code ?? body?.StatusCode;
  if (typeof code !== 'number') return { status: 'rejected', reason: `unexpected reply HTTP ${reply.status}: ${reply.body.slice(0, 200)}` };
  if (code === 0) return { status: 'sent', detail: 'code 0' };
  if (code === FEISHU_CODE_THROTTLED) return { status: 'retryable', reason: `code ${code} ${body?.msg ?? ''}`.trim(), afterMs: 60_000, throttled: true };
  return { status: 'rejected', reason: `code ${code} ${body?.msg ?? ''}`.trim() };
}
