import { type AlertRule, type AlertRuleInput, alertRuleInputSchema } from '@linkscope/domain';

/** The rule editor's fields, as strings where people type numbers. */
export interface RuleForm {
  name: string;
  enabled: boolean;
  layer: AlertRuleInput['layer'];
  entity: string;
  metricKind: 'error_rate' | 'request_count' | 'status_count' | 'latency_percentile' | 'slow_count';
  status: string;
  percentile: string;
  slowerThanMs: string;
  conditionType: 'threshold' | 'change' | 'no_data';
  op: '>' | '>=' | '<' | '<=';
  value: string;
  baseline: 'yesterday' | 'last_week';
  mode: 'ratio' | 'absolute';
  windowSeconds: string;
  forSeconds: string;
  minRequests: string;
  severity: 'critical' | 'warning' | 'info';
  channelIds: string[];
  escalate: boolean;
  escalateAfterMinutes: string;
  escalationChannelIds: string[];
}

export const EMPTY_RULE_FORM: RuleForm = {
  name: '',
  enabled: true,
  layer: 'uri',
  entity: '',
  metricKind: 'error_rate',
  status: '5xx',
  percentile: '0.99',
  slowerThanMs: '1000',
  conditionType: 'threshold',
  op: '>',
  value: '5',
  baseline: 'yesterday',
  mode: 'ratio',
  windowSeconds: '60',
  forSeconds: '0',
  minRequests: '10',
  severity: 'warning',
  channelIds: [],
  escalate: false,
  escalateAfterMinutes: '10',
  escalationChannelIds: [],
};

/** Error rates are typed as percentages in the form and stored as ratios. */
const isPercent = (form: Pick<RuleForm, 'metricKind' | 'conditionType' | 'mode'>) => form.metricKind === 'error_rate' && (form.conditionType === 'threshold' || form.mode === 'absolute');

export function ruleToForm(rule: AlertRule): RuleForm {
  const m = rule.metric;
  const c = rule.condition;
  const form: RuleForm = {
    ...EMPTY_RULE_FORM,
    name: rule.name,
    enabled: rule.enabled,
    layer: rule.layer,
    entity: rule.entity ?? '',
    metricKind: m.kind,
    status: m.kind === 'status_count' ? m.status : EMPTY_RULE_FORM.status,
    percentile: m.kind === 'latency_percentile' ? String(m.percentile) : EMPTY_RULE_FORM.percentile,
    slowerThanMs: m.kind === 'slow_count' ? String(m.slowerThanMs) : EMPTY_RULE_FORM.slowerThanMs,
    conditionType: c.type,
    op: c.type === 'no_data' ? '>' : c.op,
    baseline: c.type === 'change' ? c.baseline : 'yesterday',
    mode: c.type === 'change' ? c.mode : 'ratio',
    windowSeconds: String(rule.windowSeconds),
    forSeconds: String(rule.forSeconds),
    minRequests: String(rule.minRequests),
    severity: rule.severity,
    channelIds: [...rule.channelIds],
    escalate: rule.escalation !== null,
    escalateAfterMinutes: String(rule.escalation?.afterMinutes ?? 10),
    escalationChannelIds: [...(rule.escalation?.channelIds ?? [])],
  };
  const raw = c.type === 'no_data' ? 0 : c.value;
  form.value = String(isPercent(form) ? Math.round(raw * 100_000) / 1000 : raw);
  return form;
}

/** Builds the api body and validates it with the same schema the api uses; errors name the field. */
export function formToRule(form: RuleForm): { ok: true; rule: AlertRuleInput } | { ok: false; errors: string[] } {
  const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const metric =
    form.metricKind === 'status_count'
      ? { kind: form.metricKind, status: form.status.trim() }
      : form.metricKind === 'latency_percentile'
        ? { kind: form.metricKind, percentile: num(form.percentile) }
        : form.metricKind === 'slow_count'
          ? { kind: form.metricKind, slowerThanMs: num(form.slowerThanMs) }
          : { kind: form.metricKind };
  const value = isPercent(form) ? num(form.value) / 100 : num(form.value);
  const condition =
    form.conditionType === 'no_data'
      ? { type: 'no_data' }
      : form.conditionType === 'threshold'
        ? { type: 'threshold', op: form.op, value }
        : { type: 'change', baseline: form.baseline, mode: form.mode, op: form.op, value };
  const candidate = {
    name: form.name,
    enabled: form.enabled,
    layer: form.layer,
    entity: form.entity.trim() === '' ? null : form.entity.trim(),
    metric,
    condition,
    windowSeconds: num(form.windowSeconds),
    forSeconds: num(form.forSeconds),
    minRequests: num(form.minRequests),
    severity: form.severity,
    labels: {},
    channelIds: form.channelIds,
    escalation: form.escalate ? { afterMinutes: num(form.escalateAfterMinutes), channelIds: form.escalationChannelIds } : null,
  };
  const parsed = alertRuleInputSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`) };
  return { ok: true, rule: candidate as AlertRuleInput };
}
