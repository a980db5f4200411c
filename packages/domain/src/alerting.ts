import { z } from 'zod';

/**
 * Alert rules, channels and silences: the shapes the api validates and the dashboard edits.
 * Secrets of a channel are write-only: `channelInputSchema` takes them, `ChannelView` never has them.
 */

export const ALERT_LAYERS = ['business', 'uri', 'interface', 'component', 'infrastructure'] as const;
export type AlertLayer = (typeof ALERT_LAYERS)[number];

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const CHANNEL_TYPES = ['wecom', 'dingtalk', 'feishu', 'slack', 'webhook', 'sms_aliyun', 'sms_tencent'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const id = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, - and _, at most 64');
const labelKey = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, 'a label name: letters, digits and _, at most 64');
const labels = z.record(labelKey, z.string().max(256)).refine((l) => Object.keys(l).length <= 20, 'at most 20 labels');

/** What a rule measures over a window of per-minute rollups. */
export const alertMetricSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('error_rate') }),
  z.object({ kind: z.literal('request_count') }),
  z.object({
    kind: z.literal('status_count'),
    /** `5xx`, `4xx`, `non2xx`, or one exact code such as `503`. */
    status: z.string().regex(/^(5xx|4xx|non2xx|[1-5][0-9][0-9])$/, '5xx, 4xx, non2xx or a three-digit status code'),
  }),
  z.object({ kind: z.literal('latency_percentile'), percentile: z.number().min(0.5).max(0.999) }),
  z.object({ kind: z.literal('slow_count'), slowerThanMs: z.number().int().min(1).max(3_600_000) }),
]);
export type AlertMetric = z.infer<typeof alertMetricSchema>;

export const COMPARISON_OPERATORS = ['>', '>=', '<', '<='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export const alertConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('threshold'), op: z.enum(COMPARISON_OPERATORS), value: z.number().finite() }),
  z.object({
    type: z.literal('change'),
    /** Compared with the same window one day or one week earlier. */
    baseline: z.enum(['yesterday', 'last_week']),
    /** `ratio`: current / baseline (2 = doubled); `absolute`: current − baseline. */
    mode: z.enum(['ratio', 'absolute']),
    op: z.enum(COMPARISON_OPERATORS),
    value: z.number().finite(),
  }),
  /** Fires when the entity had no requests at all in the window. */
  z.object({ type: z.literal('no_data') }),
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;

export const alertRuleInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  layer: z.enum(ALERT_LAYERS),
  /**
   * URI rules only: `log` evaluates the access-log figures (every request the gateway logged),
   * `trace` (the default, also when absent) the trace-derived ones. Other layers have one source.
   */
  source: z.enum(['trace', 'log']).optional(),
  /** One entity key, or null for every entity of the layer (one alert per entity). */
  entity: z.string().min(1).max(512).nullable().default(null),
  metric: alertMetricSchema,
  condition: alertConditionSchema,
  windowSeconds: z.number().int().min(60).max(3600).default(60),
  forSeconds: z.number().int().min(0).max(3600).default(0),
  /** Windows with fewer requests than this never fire rate, percentile or change rules. */
  minRequests: z.number().int().min(0).max(1_000_000).default(1),
  severity: z.enum(ALERT_SEVERITIES).default('warning'),
  labels: labels.default({}),
  channelIds: z.array(id).max(20).default([]),
  escalation: z
    .object({ afterMinutes: z.number().int().min(1).max(1440), channelIds: z.array(id).min(1).max(20) })
    .nullable()
    .default(null),
}).refine((rule) => rule.source !== 'log' || rule.layer === 'uri', { message: 'source "log" (access logs) exists for the URI layer only', path: ['source'] });
export type AlertRuleInput = z.input<typeof alertRuleInputSchema>;
export type AlertRuleSpec = z.infer<typeof alertRuleInputSchema>;
export interface AlertRule extends AlertRuleSpec {
  readonly id: string;
  readonly updatedAtMs: number;
}

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const mobile = z.string().regex(/^\+?[0-9]{5,20}$/, 'a phone number of digits, optionally starting with +');

/** Settings shown back to people; secrets are listed separately and never returned. */
export const channelSettingsSchemas = {
  wecom: z.object({ baseUrl: httpUrl.default('https://qyapi.weixin.qq.com'), mentionUserIds: z.array(z.string().max(64)).max(20).default([]) }),
  dingtalk: z.object({
    baseUrl: httpUrl.default('https://oapi.dingtalk.com'),
    atMobiles: z.array(mobile).max(20).default([]),
    atAll: z.boolean().default(false),
  }),
  feishu: z.object({ baseUrl: httpUrl.default('https://open.feishu.cn'), mentionOpenIds: z.array(z.string().max(64)).max(20).default([]) }),
  slack: z.object({ mentionUserIds: z.array(z.string().max(64)).max(20).default([]) }),
  webhook: z.object({ url: httpUrl }),
  sms_aliyun: z.object({
    endpoint: httpUrl.default('https://dysmsapi.aliyuncs.com'),
    accessKeyId: z.string().min(1).max(128),
    signName: z.string().min(1).max(64),
    templateCode: z.string().min(1).max(64),
    phoneNumbers: z.array(mobile).min(1).max(100),
  }),
  sms_tencent: z.object({
    endpoint: httpUrl.default('https://sms.tencentcloudapi.com'),
    region: z.string().regex(/^[a-z]{2}-[a-z]+$/).default('ap-guangzhou'),
    secretId: z.string().min(1).max(128),
    smsSdkAppId: z.string().regex(/^[0-9]{1,20}$/),
    templateId: z.string().regex(/^[0-9]{1,20}$/),
    signName: z.string().min(1).max(64),
    phoneNumbers: z.array(z.string().regex(/^\+[0-9]{6,20}$/, 'E.164, e.g. +8618501234444')).min(1).max(200),
  }),
} as const;

/** Secrets per channel type, stored encrypted. */
export const channelSecretSchemas = {
  wecom: z.object({ key: z.string().min(1).max(256) }),
  dingtalk: z.object({ accessToken: z.string().min(1).max(256), signSecret: z.string().min(1).max(256).optional() }),
  feishu: z.object({ hookToken: z.string().min(1).max(256), signSecret: z.string().min(1).max(256).optional() }),
  slack: z.object({ webhookUrl: httpUrl }),
  webhook: z.object({ hmacSecret: z.string().min(16).max(256).optional() }),
  sms_aliyun: z.object({ accessKeySecret: z.string().min(1).max(256) }),
  sms_tencent: z.object({ secretKey: z.string().min(1).max(256) }),
} as const;

export type ChannelSettings<T extends ChannelType = ChannelType> = z.infer<(typeof channelSettingsSchemas)[T]>;
export type ChannelSecrets<T extends ChannelType = ChannelType> = z.infer<(typeof channelSecretSchemas)[T]>;

const channelCommon = { name: z.string().trim().min(1).max(200), language: z.enum(['en', 'zh-CN']).default('en') };

/** Body of creating or replacing a channel. On update, `secrets` may be omitted to keep the stored ones. */
export const channelInputSchema = z.discriminatedUnion('type', [
  z.object({ ...channelCommon, type: z.literal('wecom'), settings: channelSettingsSchemas.wecom, secrets: channelSecretSchemas.wecom.optional() }),
  z.object({ ...channelCommon, type: z.literal('dingtalk'), settings: channelSettingsSchemas.dingtalk, secrets: channelSecretSchemas.dingtalk.optional() }),
  z.object({ ...channelCommon, type: z.literal('feishu'), settings: channelSettingsSchemas.feishu, secrets: channelSecretSchemas.feishu.optional() }),
  z.object({ ...channelCommon, type: z.literal('slack'), settings: channelSettingsSchemas.slack, secrets: channelSecretSchemas.slack.optional() }),
  z.object({ ...channelCommon, type: z.literal('webhook'), settings: channelSettingsSchemas.webhook, secrets: channelSecretSchemas.webhook.optional() }),
  z.object({ ...channelCommon, type: z.literal('sms_aliyun'), settings: channelSettingsSchemas.sms_aliyun, secrets: channelSecretSchemas.sms_aliyun.optional() }),
  z.object({ ...channelCommon, type: z.literal('sms_tencent'), settings: channelSettingsSchemas.sms_tencent, secrets: channelSecretSchemas.sms_tencent.optional() }),
]);
export type ChannelInput = z.infer<typeof channelInputSchema>;

/** A channel as the api returns it: never its secrets, only which secret fields are set. */
export interface ChannelView {
  readonly id: string;
  readonly name: string;
  readonly type: ChannelType;
  readonly language: 'en' | 'zh-CN';
  readonly settings: Record<string, unknown>;
  readonly secretFieldsSet: readonly string[];
  readonly updatedAtMs: number;
}

/** A silence: alerts whose labels match every matcher are not sent between `startsAtMs` and `endsAtMs`. */
export const silenceInputSchema = z
  .object({
    matchers: z
      .array(z.object({ name: labelKey, value: z.string().max(512), isRegex: z.boolean().default(false), isEqual: z.boolean().default(true) }))
      .min(1)
      .max(20),
    startsAtMs: z.number().int().min(0),
    endsAtMs: z.number().int().min(0),
    comment: z.string().max(1000).default(''),
    createdBy: z.string().max(200).default(''),
  })
  .refine((s) => s.endsAtMs > s.startsAtMs, { message: 'endsAtMs must be after startsAtMs', path: ['endsAtMs'] })
  .refine((s) => s.endsAtMs - s.startsAtMs <= 30 * 24 * 3_600_000, { message: 'a silence lasts at most 30 days', path: ['endsAtMs'] });
export type SilenceInput = z.input<typeof silenceInputSchema>;
export type SilenceSpec = z.infer<typeof silenceInputSchema>;
export interface Silence extends SilenceSpec {
  readonly id: string;
}

export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** One notification attempt record, as alert history shows it. */
export interface NotificationRecord {
  readonly notificationId: string;
  readonly channelId: string;
  readonly channelType: ChannelType;
  readonly kind: 'firing' | 'resolved' | 'escalation' | 'test';
  readonly status: 'queued' | 'sent' | 'failed';
  readonly attempts: number;
  readonly detail: string;
  readonly atMs: number;
}

/** An alert (one rule × one entity × one incident), as alert history shows it. */
export interface AlertView {
  readonly fingerprint: string;
  readonly incidentId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: AlertSeverity;
  readonly layer: AlertLayer;
  readonly entity: string;
  readonly state: AlertState;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly summary: string;
  readonly suspect: string | null;
  readonly startsAtMs: number;
  readonly endsAtMs: number | null;
  readonly acknowledgedAtMs: number | null;
  readonly acknowledgedBy: string | null;
  readonly notifications: readonly NotificationRecord[];
}
