import type { AlertMessage, AlertNotice } from './alert-message';
import { alertSummary, formatValue } from './format';

/** Alertmanager writes this for "not ended yet". */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface AlertmanagerAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** The Alertmanager webhook payload (version 4), so existing receivers work unchanged. */
export interface AlertmanagerPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AlertmanagerAlert[];
  /** Linkscope's additions; Alertmanager receivers ignore unknown fields. */
  linkscope: { kind: AlertMessage['kind']; notificationId: string };
}

export function alertLabels(alert: AlertNotice): Record<string, string> {
  return { ...alert.labels, alertname: alert.ruleName, severity: alert.severity, layer: alert.layer, entity: alert.entity, rule_id: alert.ruleId };
}

function annotations(alert: AlertNotice): Record<string, string> {
  const out: Record<string, string> = {
    summary: alertSummary(alert),
    value: formatValue(alert.value, alert.unit),
    condition: alert.condition,
    dashboard_url: alert.dashboardUrl,
    silence_url: alert.silenceUrl,
    ack_url: alert.ackUrl,
  };
  if (alert.yesterdayValue !== null) out['yesterday_value'] = formatValue(alert.yesterdayValue, alert.unit);
  if (alert.suspect) {
    out['suspect'] = `${alert.suspect.layer} ${alert.suspect.entity}: ${alert.suspect.detail}`;
    out['suspect_entity'] = alert.suspect.entity;
    out['suspect_layer'] = alert.suspect.layer;
  }
  if (alert.dominantError) out['dominant_error'] = alert.dominantError;
  if (alert.lastDeploy) out['last_deploy'] = alert.lastDeploy;
  if (alert.exampleTraceIds.length > 0) out['example_trace_ids'] = alert.exampleTraceIds.join(',');
  return out;
}

function common(records: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = records;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((r) => r[k] === v)));
}

/** Builds the payload; at most `maxAlerts` alerts are listed (the rest counted in `truncatedAlerts`). */
export function alertmanagerPayload(message: AlertMessage, notificationId: string, maxAlerts = 50): AlertmanagerPayload {
  const listed = message.alerts.slice(0, maxAlerts);
  const alerts: AlertmanagerAlert[] = listed.map((a) => ({
    status: a.status,
    labels: alertLabels(a),
    annotations: annotations(a),
    startsAt: new Date(a.startsAtMs).toISOString(),
    endsAt: a.endsAtMs === null ? ZERO_TIME : new Date(a.endsAtMs).toISOString(),
    generatorURL: a.dashboardUrl,
    fingerprint: a.fingerprint,
  }));
  const commonLabels = common(alerts.map((a) => a.labels));
  return {
    version: '4',
    groupKey: message.groupKey,
    truncatedAlerts: message.alerts.length - listed.length,
    status: message.alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: message.receiver,
    groupLabels: commonLabels['rule_id'] ? { rule_id: commonLabels['rule_id'] } : {},
    commonLabels,
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: message.externalUrl,
    alerts,
    linkscope: { kind: message.kind, notificationId },
  };
}
