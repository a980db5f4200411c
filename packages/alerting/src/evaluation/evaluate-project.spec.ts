import { describe, expect, it } from 'vitest';
import { type AlertRule, alertRuleInputSchema, latencyBucketIndex } from '@linkscope/domain';
import { type AlertStateRecord, RESOLVE_AFTER_MS } from '../rules/state-machine';
import type { AlertDataSource, EntityWindow } from './data-source';
import { evaluateProject, type EvaluationResult } from './evaluate-project';

const T0 = Date.UTC(2026, 0, 2, 12, 0, 0);
const scope = { tenantId: 't', projectId: 'p' };
const US = '\u001f';
const uriKey = `gateway${US}GET${US}/api/checkout`;
const paymentsKey = `gateway${US}payments${US}POST /charge`;
const catalogueKey = `gateway${US}catalogue${US}GET /products`;

function win(key: string, count: number, errors: number, dims: Record<string, string>, ms = 20): EntityWindow {
  return { key, count, errors, dims, statusCounts: errors > 0 ? { '200': count - errors, '503': errors } : { '200': count }, latency: { [latencyBucketIndex(ms * 1000)]: count } };
}

/** A shop whose checkout fails because its payments call fails, while the fault is on. */
function shop(faultOn: () => boolean): AlertDataSource {
  return {
    async entityTotals(_scope, layer, fromMs) {
      const baseline = fromMs < T0 - 5 * 60_000; // suspect baseline (10 min earlier) and yesterday: healthy
      const bad = faultOn() && !baseline;
      if (layer === 'uri') return [win(uriKey, 100, bad ? 40 : 0, { service: 'gateway', method: 'GET', route: '/api/checkout' })];
      if (layer === 'interface') return [win(paymentsKey, 100, bad ? 40 : 0, { service: 'gateway', peer: 'payments', operation: 'POST /charge' }), win(catalogueKey, 100, 0, { service: 'gateway', peer: 'catalogue', operation: 'GET /products' })];
      return [];
    },
    async exampleTraceIds(_scope, query) {
      return query.errorsOnly ? ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'] : [];
    },
  };
}

const rule: AlertRule = {
  ...alertRuleInputSchema.parse({
    name: 'Checkout errors',
    layer: 'uri',
    metric: { kind: 'error_rate' },
    condition: { type: 'threshold', op: '>', value: 0.05 },
    forSeconds: 10,
    severity: 'critical',
    channelIds: ['hook'],
    escalation: { afterMinutes: 5, channelIds: ['sms'] },
  }),
  id: 'r1',
  updatedAtMs: 0,
};

async function round(states: Map<string, AlertStateRecord>, nowMs: number, data: AlertDataSource, silences = [] as Parameters<typeof evaluateProject>[0]['silences']): Promise<EvaluationResult> {
  const result = await evaluateProject({ scope, nowMs, rules: [rule], states, silences, channelIds: new Set(['hook', 'sms']), externalUrl: 'http://dash' }, data);
  for (const s of result.states) states.set(s.fingerprint, s);
  return result;
}

describe('evaluateProject', () => {
  const t0 = T0;

  it('fires once after "for", names the entity and the downstream suspect, then resolves once', async () => {
    let fault = true;
    const data = shop(() => fault);
    const states = new Map<string, AlertStateRecord>();
    expect((await round(states, t0, data)).notifications).toEqual([]); // pending
    const fired = await round(states, t0 + 10_000, data);
    expect(fired.notifications).toHaveLength(1);
    const alert = fired.notifications[0]?.message.alerts[0];
    expect(alert).toMatchObject({ status: 'firing', entity: 'gateway GET /api/checkout', value: 0.4, dominantError: '503 × 40' });
    expect(alert?.suspect).toMatchObject({ layer: 'interface', entity: 'gateway payments POST /charge' });
    expect(alert?.exampleTraceIds).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);
    expect(alert?.yesterdayValue).toBe(0);
    expect((await round(states, t0 + 20_000, data)).notifications).toEqual([]); // still firing: nothing new
    fault = false;
    expect((await round(states, t0 + 30_000, data)).notifications).toEqual([]); // clear, but not for RESOLVE_AFTER_MS yet
    const resolved = await round(states, t0 + 30_000 + RESOLVE_AFTER_MS, data);
    expect(resolved.notifications.map((n) => n.message.kind)).toEqual(['resolved']);
    expect(resolved.notifications[0]?.message.alerts[0]).toMatchObject({ status: 'resolved', endsAtMs: t0 + 30_000, startsAtMs: t0 + 10_000 });
  });

  it('a later round re-run from the same stored states produces the same incident and notification ids (no duplicates after a restart)', async () => {
    let fault = true;
    const data = shop(() => fault);
    const states = new Map<string, AlertStateRecord>();
    await round(states, t0, data);
    const snapshot = new Map(states);
    const a = await round(new Map(snapshot), t0 + 10_000, data);
    // The worker died before storing the states: the next round, 5 s later, starts from the same ones.
    const b = await round(new Map(snapshot), t0 + 15_000, data);
    expect(a.notifications).toHaveLength(1);
    expect(b.notifications.map((n) => n.notificationId)).toEqual(a.notifications.map((n) => n.notificationId));
    expect(b.incidents.map((i) => i.incidentId)).toEqual(a.incidents.map((i) => i.incidentId));
    // A later incident of the same alert is a new one, with new ids.
    const live = new Map(snapshot);
    await round(live, t0 + 10_000, data);
    fault = false;
    await round(live, t0 + 20_000, data);
    expect((await round(live, t0 + 20_000 + RESOLVE_AFTER_MS, data)).notifications.map((n) => n.message.kind)).toEqual(['resolved']);
    fault = true;
    await round(live, t0 + 60_000, data);
    const second = await round(live, t0 + 70_000, data);
    expect(second.notifications).toHaveLength(1);
    expect(second.notifications[0]?.notificationId).not.toBe(a.notifications[0]?.notificationId);
    expect(second.incidents[0]?.incidentId).not.toBe(a.incidents[0]?.incidentId);
  });

  it('escalates once to the escalation channels when firing unacknowledged for N minutes', async () => {
    const data = shop(() => true);
    const states = new Map<string, AlertStateRecord>();
    await round(states, t0, data);
    await round(states, t0 + 10_000, data);
    expect((await round(states, t0 + 10_000 + 4 * 60_000, data)).notifications).toEqual([]);
    const escalated = await round(states, t0 + 10_000 + 5 * 60_000, data);
    expect(escalated.notifications.map((n) => [n.channelId, n.message.kind])).toEqual([['sms', 'escalation']]);
    expect((await round(states, t0 + 10_000 + 6 * 60_000, data)).notifications).toEqual([]);
  });

  it('does not escalate an acknowledged alert', async () => {
    const data = shop(() => true);
    const states = new Map<string, AlertStateRecord>();
    await round(states, t0, data);
    await round(states, t0 + 10_000, data);
    for (const [k, s] of states) states.set(k, { ...s, acknowledgedAtMs: t0 + 20_000, acknowledgedBy: 'amy' });
    expect((await round(states, t0 + 10 * 60_000, data)).notifications).toEqual([]);
  });

  it('records but does not send a silenced alert', async () => {
    const data = shop(() => true);
    const states = new Map<string, AlertStateRecord>();
    const silence = { id: 's1', matchers: [{ name: 'entity', value: 'gateway GET /api/checkout', isRegex: false, isEqual: true }], startsAtMs: t0 - 1, endsAtMs: t0 + 3_600_000, comment: '', createdBy: '' };
    await round(states, t0, data, [silence]);
    const fired = await round(states, t0 + 10_000, data, [silence]);
    expect(fired.notifications).toEqual([]);
    expect(fired.incidents).toMatchObject([{ state: 'firing', silencedBy: 's1' }]);
  });
  it('a URI rule with source "log" is judged on the access-log figures, not the traces', async () => {
    const asked: (string | undefined)[] = [];
    // Traces see a healthy sample; the access log sees every request, 30 % of them failing.
    const data: AlertDataSource = {
      async entityTotals(_scope, layer, _fromMs, _toMs, source) {
        asked.push(source);
        if (layer !== 'uri') return [];
        return [source === 'log' ? win(uriKey, 1000, 300, { service: 'gateway', method: 'GET', route: '/api/checkout' }) : win(uriKey, 10, 0, { service: 'gateway', method: 'GET', route: '/api/checkout' })];
      },
      exampleTraceIds: async () => [],
    };
    const logRule: AlertRule = { ...rule, id: 'r-log', forSeconds: 0, source: 'log', escalation: null };
    const traceRule: AlertRule = { ...rule, id: 'r-trace', forSeconds: 0, escalation: null };
    const result = await evaluateProject({ scope, nowMs: t0, rules: [logRule, traceRule], states: new Map(), silences: [], channelIds: new Set(['hook']), externalUrl: 'http://dash' }, data);
    expect(result.incidents.map((i) => [i.ruleId, i.state])).toEqual([['r-log', 'firing']]);
    expect(result.notifications.flatMap((n) => n.message.alerts.map((a) => a.value))).toEqual([0.3]);
    // The alert's link opens the URI page on the access-log figures it was judged on.
    expect(result.notifications[0]?.message.alerts[0]?.dashboardUrl).toContain('&source=log');
    expect(asked).toContain('log');
    expect(asked).toContain(undefined);
  });

  it('refuses source "log" outside the URI layer', () => {
    const parsed = alertRuleInputSchema.safeParse({ name: 'x', layer: 'interface', source: 'log', metric: { kind: 'error_rate' }, condition: { type: 'threshold', op: '>', value: 0.1 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('source "log" (access logs) exists for the URI layer only');
  });
});
