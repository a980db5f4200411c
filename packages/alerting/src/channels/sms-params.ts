import type { AlertMessage } from '../message/alert-message';
import { formatValue, kindWord, type MessageLanguage } from '../message/format';

/**
 * Our cap on each SMS template variable. Providers cap variable lengths (limits vary by template
 * type and were not confirmed); 35 characters keeps every variable within the strictest we know of.
 */
export const SMS_PARAM_MAX_CHARS = 35;

function cut(text: string): string {
  const chars = [...text];
  return chars.length <= SMS_PARAM_MAX_CHARS ? text : `${chars.slice(0, SMS_PARAM_MAX_CHARS - 1).join('')}…`;
}

/**
 * The template variables every SMS carries, in a fixed order. An operator's approved template uses
 * them by name (Aliyun: `${status}`, `${rule}` …) or by position (Tencent: {1}…{5}).
 */
export const SMS_TEMPLATE_VARIABLES = ['status', 'rule', 'entity', 'value', 'suspect'] as const;

export function smsTemplateParams(message: AlertMessage, language: MessageLanguage): Record<(typeof SMS_TEMPLATE_VARIABLES)[number], string> {
  const first = message.alerts[0];
  const extra = message.alerts.length > 1 ? ` +${message.alerts.length - 1}` : '';
  if (!first) return { status: cut(kindWord(message.kind, language)), rule: 'Linkscope', entity: '-', value: '-', suspect: '-' };
  return {
    status: cut(kindWord(message.kind, language)),
    rule: cut(`${first.ruleName}${extra}`),
    entity: cut(first.entity),
    value: cut(`${formatValue(first.value, first.unit, language)}${first.condition ? ` ${first.condition}` : ''}`),
    suspect: cut(first.suspect?.entity ?? '-'),
  };
}
