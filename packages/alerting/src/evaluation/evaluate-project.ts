import type { AlertLayer, AlertRule, Silence, TenantScope } from '@linkscope/domain';
import type { AlertNotice } from '../message/alert-message';
import { alertLabels } from '../message/alertmanager-payload';
import { EMPTY_WINDOW, evaluateCondition, metricLabel, metricUnit, type Verdict } from '../rules/condition';
import { alertFingerprint, incidentId } from '../rules/fingerprint';
import { type GroupedNotification, groupNotifications, type PendingNotice } from '../rules/grouping';
import { findSilence } from '../rules/silence';
import { type AlertStateRecord, RESOLVE_AFTER_MS, escalationDue, initialState, stepAlertState } from '../rules/state-machine';
import { type AlertDataSource, type EntityWindow, entityLabel } from './data-source';
import { childLayers, dominantError, findSuspect } from './suspect';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far back a suspect's baseline goes: the same window shifted by this much. */
const SUSPECT_BASELINE_SHIFT_MS = 10 * MINUTE_MS;
/** Most entities one rule evaluates per round (one alert each). */
export const MAX_ENTITIES_PER_RULE = 500;

/** An alert incident as history keeps it; written on each transition. */
export interface IncidentRecord {
  readonly incidentId: string;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly state: 'firing' | 'resolved';
  readonly notice: AlertNotice;
  readonly silencedBy: string | null;
}

export interface EvaluationResult {
  /** States whose record changed (to be stored). */
  readonly states: readonly AlertStateRecord[];
  readonly incidents: readonly IncidentRecord[];
  readonly notifications: readonly GroupedNotification[];
}

export interface EvaluationInput {
  readonly scope: TenantScope;
  readonly nowMs: number;
  readonly rules: readonly AlertRule[];
  /** Current states of this project by fingerprint. */
  readonly states: ReadonlyMap<string, AlertStateRecord>;
  readonly silences: readonly Silence[];
  /** Ids of channels that exist (notifications to deleted channels are dropped). */
  readonly channelIds: ReadonlySet<string>;
  /** Base URL of the dashboard, for links in messages. */
  readonly externalUrl: string;
}

/** Minute-aligned window covering the last `windowSeconds` up to now (the current minute included). */
export function ruleWindow(nowMs: number, windowSeconds: number): { fromMs: number; toMs: number } {
  return { fromMs: Math.floor((nowMs - windowSeconds * 1000) / MINUTE_MS) * MINUTE_MS, toMs: nowMs + 1 };
}

class WindowCache {
  private readonly cache = new Map<string, Promise<readonly EntityWindow[]>>();
  constructor(
    private readonly data: AlertDataSource,
    private readonly scope: TenantScope,
  ) {}
  get(layer: AlertLayer, fromMs: number, toMs: number, source: 'trace' | 'log' = 'trace'): Promise<readonly EntityWindow[]> {
    const key = `${layer}|${source}|${fromMs}|${toMs}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = source === 'log' ? this.data.entityTotals(this.scope, layer, fromMs, toMs, 'log') : this.data.entityTotals(this.scope, layer, fromMs, toMs);
      this.cache.set(key, hit);
    }
    return hit;
  }
}

function links(externalUrl: string, layer: AlertLayer, entityKey: string, fingerprint: string, startsAtMs: number, nowMs: number, labels: Record<string, string>, source?: 'trace' | 'log') {
  const base = externalUrl.replace(/\/+$/, '');
  const from = startsAtMs - 15 * MINUTE_MS;
  const to = nowMs + 5 * MINUTE_MS;
  const silence = new URLSearchParams({ fingerprint, alertname: labels['alertname'] ?? '', entity: labels['entity'] ?? '' });
  return {
    dashboardUrl: `${base}/layers/${layer}?entity=${encodeURIComponent(entityKey)}&from=${from}&to=${to}${source === 'log' ? '&source=log' : ''}`,
    silenceUrl: `${base}/alerts/silences?new=1&${silence.toString()}`,
    ackUrl: `${base}/alerts?ack=${fingerprint}`,
    traceUrlBase: `${base}/traces`,
  };
}

/**
 * One evaluation round for one project: every enabled rule over every entity it covers, the
 * state machine stepped, messages for what fired, resolved or escalated (silenced alerts are
 * recorded but not sent), grouped one message per channel and kind.
 */
export async function evaluateProject(input: EvaluationInput, data: AlertDataSource): Promise<EvaluationResult> {
  const { scope, nowMs } = input;
  const cache = new WindowCache(data, scope);
  const changed: AlertStateRecord[] = [];
  const incidents: IncidentRecord[] = [];
  const pending: PendingNotice[] = [];

  for (const rule of input.rules) {
    if (!rule.enabled) continue;
    const { fromMs, toMs } = ruleWindow(nowMs, rule.windowSeconds);
    const current = await cache.get(rule.layer, fromMs, toMs, rule.source);
    const byKey = new Map(current.map((w) => [w.key, w]));
    const shift = rule.condition.type === 'change' && rule.condition.baseline === 'last_week' ? 7 * DAY_MS : DAY_MS;
    const baseline = await cache.get(rule.layer, fromMs - shift, toMs - shift, rule.source);
    const baselineByKey = new Map(baseline.map((w) => [w.key, w]));

    const keys = new Set<string>();
    if (rule.entity !== null) keys.add(rule.entity);
    else {
      for (const w of current) keys.add(w.key);
      // Entities that went quiet must still be evaluated: to resolve, or (no-data rules) to fire.
      for (const state of input.states.values()) if (state.ruleId === rule.id && state.phase !== 'ok') keys.add(state.entity);
      if (rule.condition.type === 'no_data') for (const w of baseline) keys.add(w.key);
    }

    let evaluated = 0;
    for (const key of keys) {
      if (evaluated++ >= MAX_ENTITIES_PER_RULE) break;
      const window = byKey.get(key) ?? { ...EMPTY_WINDOW, key, dims: {} };
      const verdict: Verdict = evaluateCondition(rule, window, baselineByKey.get(key) ?? null);
      const fingerprint = alertFingerprint(scope, rule.id, key);
      const prev = input.states.get(fingerprint) ?? initialState(fingerprint, rule.id, key, nowMs);
      const { next, transition } = stepAlertState(prev, verdict.breaching, verdict.value, nowMs, rule.forSeconds * 1000, RESOLVE_AFTER_MS);
      let state = next;

      const kind = transition === 'fired' ? 'firing' : transition === 'resolved' ? 'resolved' : rule.escalation && escalationDue(next, rule.escalation.afterMinutes * MINUTE_MS, nowMs) ? 'escalation' : null;
      if (kind === 'escalation') state = { ...state, escalatedAtMs: nowMs };
      // Only material changes are stored: a steady alert costs no write per round.
      const material = transition !== 'none' || state !== next || prev.pendingSinceMs !== next.pendingSinceMs || (prev.clearSinceMs ?? null) !== (next.clearSinceMs ?? null);
      if (material && (input.states.has(fingerprint) || state.phase !== 'ok')) changed.push(state);
      if (!kind) continue;

      const firingSinceMs = state.firingSinceMs ?? nowMs;
      const notice = await buildNotice(rule, key, window, verdict, state, kind, firingSinceMs, nowMs, input.externalUrl, cache, data, scope, baselineByKey.get(key) ?? null);
      const labels = alertLabels(notice);
      const silence = findSilence(input.silences, labels, nowMs);
      const id = incidentId(fingerprint, state.incidentSeq ?? 0);
      incidents.push({ incidentId: id, fingerprint, ruleId: rule.id, state: notice.status, notice, silencedBy: silence?.id ?? null });
      if (silence) continue;
      const channelIds = (kind === 'escalation' ? (rule.escalation?.channelIds ?? []) : rule.channelIds).filter((c) => input.channelIds.has(c));
      if (channelIds.length > 0) pending.push({ notice, incidentId: id, kind, channelIds });
    }
  }
  return { states: changed, incidents, notifications: groupNotifications(scope, pending, input.externalUrl) };
}

async function buildNotice(
  rule: AlertRule,
  key: string,
  window: EntityWindow,
  verdict: Verdict,
  state: AlertStateRecord,
  kind: 'firing' | 'resolved' | 'escalation',
  firingSinceMs: number,
  nowMs: number,
  externalUrl: string,
  cache: WindowCache,
  data: AlertDataSource,
  scope: TenantScope,
  yesterday: EntityWindow | null,
): Promise<AlertNotice> {
  const status = kind === 'resolved' ? 'resolved' : 'firing';
  const entity = entityLabel(key);
  const labelsForLinks = { ...rule.labels, alertname: rule.name, entity };
  let suspect = null;
  let exampleTraceIds: readonly string[] = [];
  if (status === 'firing') {
    const { fromMs, toMs } = ruleWindow(nowMs, rule.windowSeconds);
    const children = [];
    for (const layer of childLayers(rule.layer)) {
      children.push({ layer, current: await cache.get(layer, fromMs, toMs), baseline: await cache.get(layer, fromMs - SUSPECT_BASELINE_SHIFT_MS, toMs - SUSPECT_BASELINE_SHIFT_MS) });
    }
    suspect = findSuspect(rule.metric, window, children);
    const service = window.dims['service'];
    if (service) {
      const errorsOnly = rule.metric.kind === 'error_rate' || rule.metric.kind === 'status_count';
      exampleTraceIds = await data.exampleTraceIds(scope, { service, fromMs, toMs, errorsOnly, limit: 3 }).catch(() => []);
    }
  }
  const yesterdayValue = verdict.baselineValue ?? (yesterday ? evaluateCondition(rule, yesterday, null).value : null);
  return {
    fingerprint: alertFingerprint(scope, rule.id, key),
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    layer: rule.layer,
    entity,
    status,
    metricLabel: metricLabel(rule.metric),
    unit: rule.condition.type === 'no_data' ? 'count' : metricUnit(rule.metric),
    value: verdict.value,
    condition: verdict.conditionText,
    yesterdayValue: rule.condition.type === 'no_data' ? null : yesterdayValue,
    suspect,
    dominantError: status === 'firing' ? dominantError(window) : null,
    lastDeploy: null,
    exampleTraceIds,
    startsAtMs: firingSinceMs,
    endsAtMs: status === 'resolved' ? (state.resolvedAtMs ?? nowMs) : null,
    labels: rule.labels,
    ...links(externalUrl, rule.layer, key, alertFingerprint(scope, rule.id, key), firingSinceMs, nowMs, labelsForLinks, rule.source),
  };
}
