import { describe, expect, it } from 'vitest';
import { alertRuleInputSchema, latencyBucketIndex } from '@linkscope/domain';
import type { AlertDataSource, EntityWindow } from './data-source';
import { previewRule } from './preview-rule';

const NOW = Date.UTC(2026, 0, 2, 12, 0, 30);
const MINUTE = 60_000;
const scope = { tenantId: 't', projectId: 'p' };
const US = '\u001f';
const checkout = `gateway${US}GET${US}/api/checkout`;
const products = `gateway${US}GET${US}/api/products`;

function win(key: string, count: number, errors: number): EntityWindow {
  return { key, count, errors, dims: {}, statusCounts: { '200': count - errors, ...(errors ? { '500': errors } : {}) }, latency: { [latencyBucketIndex(20_000)]: count } };
}

/** Checkout fails (40 %) in windows ending between 30 and 20 minutes ago; products never fails. */
const data: AlertDataSource = {
  async entityTotals(_scope, layer, _fromMs, toMs) {
    if (layer !== 'uri') return [];
    const bad = toMs > NOW - 30 * MINUTE && toMs <= NOW - 20 * MINUTE;
    return [win(checkout, 100, bad ? 40 : 0), win(products, 100, 0)];
  },
  async exampleTraceIds() {
    return [];
  },
};

const rule = (forSeconds: number) =>
  alertRuleInputSchema.parse({ name: 'errors', layer: 'uri', metric: { kind: 'error_rate' }, condition: { type: 'threshold', op: '>', value: 0.1 }, forSeconds, channelIds: [] });

describe('previewRule', () => {
  it('replays the last hour minute by minute: which entities would have fired, how often, and for how long', async () => {
    const preview = await previewRule(rule(0), data, scope, NOW, 60);
    expect(preview.steps).toBe(60);
    expect(preview.entities.map((e) => e.entity)).toEqual(['gateway GET /api/checkout', 'gateway GET /api/products']);
    expect(preview.entities[0]).toMatchObject({ breachingMinutes: 10, incidents: 1, firingNow: false, maxValue: 0.4, lastValue: 0 });
    expect(preview.entities[0]?.firstFiringMs).toBe(NOW - 30 * MINUTE); // the first window ending after the breach began
    expect(preview.entities[1]).toMatchObject({ breachingMinutes: 0, incidents: 0, firstFiringMs: null });
  });

  it('applies the "for" duration as the worker does: a breach shorter than it never fires', async () => {
    expect((await previewRule(rule(300), data, scope, NOW, 60)).entities[0]).toMatchObject({ breachingMinutes: 10, incidents: 1 });
    expect((await previewRule(rule(900), data, scope, NOW, 60)).entities[0]).toMatchObject({ breachingMinutes: 10, incidents: 0 });
  });
});
