import type { AlertMessage, AlertNotice } from './alert-message';
import { formatDuration, formatTime, formatValue, messageTitle, type MessageLanguage, words } from './format';
import { truncateUtf8, utf8Bytes } from '../channels/sender';

/**
 * Markdown dialects: WeCom and DingTalk take standard `[text](url)` links and `**bold**`; Slack's
 * mrkdwn takes `<url|text>` and `*bold*`. WeCom also colours with `<font color="warning">`.
 */
export type MarkdownDialect = 'wecom' | 'dingtalk' | 'slack';

function link(dialect: MarkdownDialect, text: string, url: string): string {
  return dialect === 'slack' ? `<${url}|${text}>` : `[${text}](${url})`;
}

function bold(dialect: MarkdownDialect, text: string): string {
  return dialect === 'slack' ? `*${text}*` : `**${text}**`;
}

/** Markdown-significant characters in entity names (routes, SQL) would break the layout. */
function code(dialect: MarkdownDialect, text: string): string {
  const clean = text.replace(/[`\r\n]/g, ' ').slice(0, 300);
  return dialect === 'dingtalk' ? clean : `\`${clean}\``;
}

function colour(dialect: MarkdownDialect, alert: AlertNotice, text: string): string {
  if (dialect !== 'wecom') return text;
  const c = alert.status === 'resolved' ? 'info' : alert.severity === 'critical' ? 'warning' : 'comment';
  return `<font color="${c}">${text}</font>`;
}

function alertBlock(alert: AlertNotice, dialect: MarkdownDialect, language: MessageLanguage, nowMs: number): string[] {
  const w = words(language);
  const lines: string[] = [];
  const head = `${alert.status === 'resolved' ? '✅' : alert.severity === 'critical' ? '🔴' : '🟠'} ${alert.ruleName}`;
  lines.push(bold(dialect, colour(dialect, alert, head)));
  lines.push(`> ${w.entity}: ${w.layer[alert.layer]} ${code(dialect, alert.entity)}`);
  const yesterday = alert.yesterdayValue === null ? '' : ` · ${w.yesterday} ${formatValue(alert.yesterdayValue, alert.unit, language)}`;
  const condition = alert.condition ? ` (${alert.condition})` : '';
  lines.push(`> ${w.value}: ${alert.metricLabel} ${bold(dialect, formatValue(alert.value, alert.unit, language))}${condition}${yesterday}`);
  if (alert.suspect) lines.push(`> ${w.suspect}: ${w.layer[alert.suspect.layer]} ${code(dialect, alert.suspect.entity)} — ${alert.suspect.detail}`);
  if (alert.dominantError) lines.push(`> ${w.dominantError}: ${alert.dominantError}`);
  if (alert.lastDeploy) lines.push(`> ${w.lastDeploy}: ${alert.lastDeploy}`);
  if (alert.status === 'resolved' && alert.endsAtMs !== null) lines.push(`> ${w.lasted}: ${formatDuration(alert.endsAtMs - alert.startsAtMs)} (${formatTime(alert.startsAtMs)})`);
  else lines.push(`> ${w.since}: ${formatTime(alert.startsAtMs)} (${formatDuration(nowMs - alert.startsAtMs)})`);
  const links = [link(dialect, w.dashboard, alert.dashboardUrl)];
  if (alert.status === 'firing') links.push(link(dialect, w.ack, alert.ackUrl), link(dialect, w.silence, alert.silenceUrl));
  lines.push(links.join(' · '));
  if (alert.exampleTraceIds.length > 0) {
    lines.push(`${w.traces}: ${alert.exampleTraceIds.slice(0, 3).map((id) => link(dialect, id.slice(0, 12), `${alert.traceUrlBase}/${id}`)).join(' ')}`);
  }
  return lines;
}

/**
 * Renders a message as markdown within `maxBytes` (UTF-8). Alerts that do not fit are counted in a
 * closing line rather than cut mid-way; a single alert too large for the limit is truncated.
 */
export function renderMarkdown(message: AlertMessage, dialect: MarkdownDialect, language: MessageLanguage, maxBytes: number, nowMs = Date.now()): { title: string; text: string } {
  const w = words(language);
  const title = messageTitle(message, language);
  if (message.kind === 'test') return { title, text: `${bold(dialect, title)}\n${w.testBody}` };
  const header = bold(dialect, title);
  let text = header;
  let shown = 0;
  for (const alert of message.alerts) {
    const block = alertBlock(alert, dialect, language, nowMs).join('\n');
    const candidate = `${text}\n\n${block}`;
    const remaining = message.alerts.length - shown - 1;
    const reserve = remaining > 0 ? utf8Bytes(`\n\n${w.more(remaining)}`) : 0;
    if (utf8Bytes(candidate) + reserve > maxBytes && shown > 0) break;
    text = candidate;
    shown++;
  }
  if (shown < message.alerts.length) text += `\n\n${w.more(message.alerts.length - shown)}`;
  return { title, text: truncateUtf8(text, maxBytes) };
}

/** Plain text (for SMS template fallbacks and logs): one line per alert. */
export function renderPlainLines(message: AlertMessage, language: MessageLanguage): string[] {
  return message.alerts.map((a) => `${a.ruleName}: ${a.metricLabel} ${formatValue(a.value, a.unit, language)} ${a.condition} ${a.entity}`.trim());
}
