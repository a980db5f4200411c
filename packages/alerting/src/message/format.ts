import type { AlertMessage, AlertNotice, ValueUnit } from './alert-message';

export type MessageLanguage = 'en' | 'zh-CN';

const WORDS = {
  en: {
    firing: 'FIRING',
    resolved: 'RESOLVED',
    escalation: 'ESCALATED',
    test: 'TEST',
    entity: 'Entity',
    value: 'Value',
    yesterday: 'yesterday',
    suspect: 'Suspect',
    dominantError: 'Top error',
    lastDeploy: 'Last deploy',
    since: 'Since',
    lasted: 'Lasted',
    dashboard: 'Dashboard',
    silence: 'Silence 1h',
    ack: 'Acknowledge',
    traces: 'Traces',
    noData: 'no data',
    more: (n: number) => `…and ${n} more alerts`,
    testBody: 'Test message from Linkscope: this channel is set up correctly.',
    layer: { business: 'business', uri: 'URI', interface: 'interface', component: 'component', infrastructure: 'infrastructure' },
  },
  'zh-CN': {
    firing: '告警',
    resolved: '恢复',
    escalation: '升级',
    test: '测试',
    entity: '对象',
    value: '当前值',
    yesterday: '昨日',
    suspect: '疑似根因',
    dominantError: '主要错误',
    lastDeploy: '最近发布',
    since: '开始于',
    lasted: '持续',
    dashboard: '查看面板',
    silence: '静默 1 小时',
    ack: '确认',
    traces: '示例链路',
    noData: '无数据',
    more: (n: number) => `……另有 ${n} 条告警`,
    testBody: 'Linkscope 测试消息：该通道配置正确。',
    layer: { business: '业务', uri: 'URI', interface: '接口', component: '组件', infrastructure: '基础设施' },
  },
} as const;

export function words(language: MessageLanguage): (typeof WORDS)['en'] | (typeof WORDS)['zh-CN'] {
  return WORDS[language];
}

/** A value in its unit: ratios as percentages, latencies in ms or s, counts as integers. */
export function formatValue(value: number | null, unit: ValueUnit, language: MessageLanguage = 'en'): string {
  if (value === null || !Number.isFinite(value)) return words(language).noData;
  if (unit === 'ratio') return `${(value * 100).toFixed(value < 0.1 ? 2 : 1)}%`;
  if (unit === 'ms') return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** UTC time to the second, as an on-call reader in any zone can compare it with logs. */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

/** The headline word of a message. */
export function kindWord(kind: AlertMessage['kind'], language: MessageLanguage): string {
  return words(language)[kind];
}

/** A one-line summary of an alert: "error rate 38.2% (> 5%) on URI GET /api/orders". */
export function alertSummary(alert: AlertNotice, language: MessageLanguage = 'en'): string {
  const w = words(language);
  const condition = alert.condition ? ` (${alert.condition})` : '';
  return `${alert.metricLabel} ${formatValue(alert.value, alert.unit, language)}${condition} · ${w.layer[alert.layer]} ${alert.entity}`;
}

/** The title of a message: kind, severity and the first rule's name. */
export function messageTitle(message: AlertMessage, language: MessageLanguage): string {
  const first = message.alerts[0];
  if (!first || message.kind === 'test') return `[${kindWord(message.kind, language)}] Linkscope`;
  const extra = message.alerts.length > 1 ? ` (+${message.alerts.length - 1})` : '';
  return `[${kindWord(message.kind, language)}] ${first.severity.toUpperCase()} ${first.ruleName}${extra}`;
}
