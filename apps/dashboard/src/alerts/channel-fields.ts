import { CHANNEL_TYPES, type ChannelInput, channelInputSchema, type ChannelType, type ChannelView } from '@linkscope/domain';
import type { alertsEn } from '../i18n/alerts.en';

/** A setting or secret name, which is also its label's key in the catalogue. */
export type ChannelFieldKey = keyof typeof alertsEn.channels.setting;

export type FieldKind = 'text' | 'list' | 'bool';

/** The settings and secrets each channel type asks for, in the order the form shows them. */
export const CHANNEL_FIELDS: Readonly<Record<ChannelType, { settings: readonly (readonly [ChannelFieldKey, FieldKind])[]; secrets: readonly ChannelFieldKey[] }>> = {
  wecom: { settings: [['baseUrl', 'text'], ['mentionUserIds', 'list']], secrets: ['key'] },
  dingtalk: { settings: [['baseUrl', 'text'], ['atMobiles', 'list'], ['atAll', 'bool']], secrets: ['accessToken', 'signSecret'] },
  feishu: { settings: [['baseUrl', 'text'], ['mentionOpenIds', 'list']], secrets: ['hookToken', 'signSecret'] },
  slack: { settings: [['mentionUserIds', 'list']], secrets: ['webhookUrl'] },
  webhook: { settings: [['url', 'text']], secrets: ['hmacSecret'] },
  sms_aliyun: { settings: [['endpoint', 'text'], ['accessKeyId', 'text'], ['signName', 'text'], ['templateCode', 'text'], ['phoneNumbers', 'list']], secrets: ['accessKeySecret'] },
  sms_tencent: { settings: [['endpoint', 'text'], ['region', 'text'], ['secretId', 'text'], ['smsSdkAppId', 'text'], ['templateId', 'text'], ['signName', 'text'], ['phoneNumbers', 'list']], secrets: ['secretKey'] },
};

export { CHANNEL_TYPES };

export interface ChannelForm {
  name: string;
  type: ChannelType;
  language: 'en' | 'zh-CN';
  settings: Record<string, string>;
  secrets: Record<string, string>;
}

export function emptyChannelForm(type: ChannelType = 'webhook'): ChannelForm {
  return { name: '', type, language: 'en', settings: {}, secrets: {} };
}

export function channelToForm(channel: ChannelView): ChannelForm {
  const settings: Record<string, string> = {};
  for (const [key, kind] of CHANNEL_FIELDS[channel.type].settings) {
    const value = channel.settings[key];
    settings[key] = kind === 'list' && Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value);
  }
  return { name: channel.name, type: channel.type, language: channel.language, settings, secrets: {} };
}

/**
 * The api body. Empty settings are left out so defaults apply; secrets typed in are sent, and
 * when none are typed on an edit the stored ones are kept (the api never shows them).
 */
export function formToChannel(form: ChannelForm, editing: boolean): { ok: true; channel: ChannelInput } | { ok: false; errors: string[] } {
  const settings: Record<string, unknown> = {};
  for (const [key, kind] of CHANNEL_FIELDS[form.type].settings) {
    const raw = (form.settings[key] ?? '').trim();
    if (kind === 'bool') settings[key] = raw === 'true';
    else if (kind === 'list') settings[key] = raw === '' ? [] : raw.split(/[,\s]+/).filter(Boolean);
    else if (raw !== '') settings[key] = raw;
  }
  const typed = Object.fromEntries(Object.entries(form.secrets).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
  const candidate = { name: form.name, type: form.type, language: form.language, settings, ...(Object.keys(typed).length > 0 || !editing ? { secrets: typed } : {}) };
  const parsed = channelInputSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'channel'}: ${i.message}`) };
  return { ok: true, channel: candidate as ChannelInput };
}
