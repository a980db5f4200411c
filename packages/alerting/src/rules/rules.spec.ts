import { describe, expect, it } from 'vitest';
import { alertRuleInputSchema, latencyBucketIndex, type Silence } from '@linkscope/domain';
import { sampleNotice } from '../testing/sample-message';
import { evaluateCondition, measure, type WindowStats } from './condition';
import { alertFingerprint, incidentId, notificationId } from './fingerprint';
import { groupNotifications } from './grouping';
import { findSilence } from './silence';

const scope = { tenantId: 't1', projectId: 'p1' };

function stats(count: number, errors: number, latenciesMs: number[] = [], statusCounts: Record<string, number> = {}): WindowStats {
  const latency: Record<number, number> = {};
  for (const ms of latenciesMs) latency[latencyBucketIndex(ms * 1000)] = (latency[latencyBucketIndex(ms * 1000)] ?? 0) + 1;
  return { count, errors, statusCounts, latency };
}

const rule = (input: Record<string, unknown>) => alertRuleInputSchema.parse({ name: 'r', layer: 'uri', ...input });

describe('measure and evaluateCondition', () => {
  it('error rate threshold, with minRequests guarding tiny windows', () => {
    const r = rule({ metric: { kind: 'error_rate' }, condition: { type: 'threshold', op: '>', value: 0.05 }, minRequests: 10 });
    expect(evaluateCondition(r, stats(100, 10), null)).toMatchObject({ breaching: true, value: 0.1, conditionText: '> 5.00%' });
    expect(evaluateCondition(r, stats(100, 5), null).breaching).toBe(false);
    expect(evaluateCondition(r, stats(3, 3), null).breaching).toBe(false);
    expect(evaluateCondition(r, stats(0, 0), null)).toMatchObject({ breaching: false, value: null });
  });

  it('status counts by class or exact code', () => {
    const s = stats(10, 4, [], { '200': 6, '503': 3, '404': 1 });
    expect(measure({ kind: 'status_count', status: '5xx' }, s)).toBe(3);
    expect(measure({ kind: 'status_count', status: 'non2xx' }, s)).toBe(4);
    expect(measure({ kind: 'status_count', status: '404' }, s)).toBe(1);
  });

  it('latency percentile in ms within the bucket error, and slow-request counts', () => {
    const s = stats(100, 0, [...Array.from({ length: 98 }, () => 20), 900, 1000]);
    const p99 = measure({ kind: 'latency_percentile', percentile: 0.99 }, s) ?? 0;
    expect(p99).toBeGreaterThan(900 * 0.95);
    expect(p99).toBeLessThan(900 * 1.05);
    expect(measure({ kind: 'slow_count', slowerThanMs: 500 }, s)).toBe(2);
  });

  it('comparison against yesterday as a ratio and as an absolute change', () => {
    const ratio = rule({ metric: { kind: 'request_count' }, condition: { type: 'change', baseline: 'yesterday', mode: 'ratio', op: '<', value: 0.5 } });
    expect(evaluateCondition(ratio, stats(40, 0), stats(100, 0))).toMatchObject({ breaching: true, value: 40, baselineValue: 100 });
    expect(evaluateCondition(ratio, stats(60, 0), stats(100, 0)).breaching).toBe(false);
    expect(evaluateCondition(ratio, stats(60, 0), null).breaching).toBe(false);
    const abs = rule({ metric: { kind: 'error_rate' }, condition: { type: 'change', baseline: 'last_week', mode: 'absolute', op: '>', value: 0.1 } });
    expect(evaluateCondition(abs, stats(100, 20), stats(100, 5)).breaching).toBe(true);
  });

  it('no-data rules fire exactly when the window saw nothing', () => {
    const r = rule({ metric: { kind: 'request_count' }, condition: { type: 'no_data' } });
    expect(evaluateCondition(r, stats(0, 0), null).breaching).toBe(true);
    expect(evaluateCondition(r, stats(1, 0), null).breaching).toBe(false);
  });
});

describe('fingerprints and notification ids', () => {
  it('are stable for the same rule and entity, differ across tenants, and carry no colon', () => {
    const f = alertFingerprint(scope, 'r1', 'GET /a');
    expect(alertFingerprint(scope, 'r1', 'GET /a')).toBe(f);
    expect(alertFingerprint({ tenantId: 't2', projectId: 'p1' }, 'r1', 'GET /a')).not.toBe(f);
    const n = notificationId(scope, 'c1', 'firing', [incidentId(f, 1), incidentId(f, 2)]);
    expect(notificationId(scope, 'c1', 'firing', [incidentId(f, 2), incidentId(f, 1)])).toBe(n);
    expect(notificationId(scope, 'c1', 'resolved', [incidentId(f, 1), incidentId(f, 2)])).not.toBe(n);
    expect(n).not.toContain(':');
    expect(n).not.toMatch(/^\d+$/);
  });
});

describe('groupNotifications', () => {
  it('puts simultaneous alerts into one message per channel and kind, critical first', () => {
    const a = { notice: sampleNotice({ entity: 'A', severity: 'warning' }), incidentId: 'i-a', kind: 'firing' as const, channelIds: ['wecom', 'hook'] };
    const b = { notice: sampleNotice({ entity: 'B', severity: 'critical' }), incidentId: 'i-b', kind: 'firing' as const, channelIds: ['wecom'] };
    const c = { notice: sampleNotice({ entity: 'C', status: 'resolved' }), incidentId: 'i-c', kind: 'resolved' as const, channelIds: ['wecom'] };
    const groups = groupNotifications(scope, [a, b, c], 'http://x');
    expect(groups).toHaveLength(3);
    const wecomFiring = groups.find((g) => g.channelId === 'wecom' && g.message.kind === 'firing');
    expect(wecomFiring?.message.alerts.map((x) => x.entity)).toEqual(['B', 'A']);
    expect(groups.find((g) => g.channelId === 'hook')?.message.alerts.map((x) => x.entity)).toEqual(['A']);
    // Same input → same ids: a re-evaluated round enqueues the same jobs.
    expect(groupNotifications(scope, [b, a, c], 'http://x').map((g) => g.notificationId).sort()).toEqual(groups.map((g) => g.notificationId).sort());
  });
});

describe('silences', () => {
  const silence: Silence = {
    id: 's1',
    matchers: [
      { name: 'layer', value: 'uri', isRegex: false, isEqual: true },
      { name: 'entity', value: 'gateway .*', isRegex: true, isEqual: true },
    ],
    startsAtMs: 100,
    endsAtMs: 200,
    comment: '',
    createdBy: '',
  };
  it('mutes alerts whose labels match every matcher while the silence is active', () => {
    expect(findSilence([silence], { layer: 'uri', entity: 'gateway GET /a' }, 150)).toBe(silence);
    expect(findSilence([silence], { layer: 'uri', entity: 'gateway GET /a' }, 200)).toBeUndefined();
    expect(findSilence([silence], { layer: 'uri', entity: 'xgateway GET /a' }, 150)).toBeUndefined(); // anchored
    expect(findSilence([silence], { layer: 'interface', entity: 'gateway GET /a' }, 150)).toBeUndefined();
  });
  it('supports negative matchers', () => {
    const not = { ...silence, matchers: [{ name: 'severity', value: 'critical', isRegex: false, isEqual: false }] };
    expect(findSilence([not], { severity: 'warning' }, 150)).toBe(not);
    expect(findSilence([not], { severity: 'critical' }, 150)).toBeUndefined();
  });
});
