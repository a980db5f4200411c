import {
  LATENCY_BUCKET_RELATIVE_ERROR,
  LAYER_DIMENSIONS,
  type Layer,
  type LayerEntityListResponse,
  type LayerSeriesResponse,
  type TenantScope,
  type SpanRecord,
  type TraceListResponse,
  asDurationNs,
  asEpochNs,
  latencyPercentileUs,
} from '@linkscope/domain';
import { buildSpanRollups } from '@linkscope/layers';
import { Storage } from '@linkscope/storage';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session';
import { type ExpectedEntity, exactPercentile, generateLayerWorkload, toOtlpJson } from './layer-workload';
import { eventually, testStorageConfig } from './test-stack';

const stack = inject('stack');
const SPAN_LAYERS: Layer[] = ['business', 'uri', 'interface', 'component'];
const QUANTILES = [
  ['p50Us', 0.5],
  ['p95Us', 0.95],
  ['p99Us', 0.99],
] as const;

/** Reported percentile vs the exact nearest-rank value: within the bucket resolution (±4.4 %). */
function expectWithinResolution(reportedUs: number | null, exactUs: number, what: string): void {
  expect(reportedUs, what).not.toBeNull();
  expect(Math.abs(reportedUs! - exactUs) / exactUs, `${what}: reported ${reportedUs} µs, exact ${exactUs} µs`).toBeLessThanOrEqual(LATENCY_BUCKET_RELATIVE_ERROR + 1e-9);
}

describe('layer rollups in Elasticsearch (storage, as the worker writes them)', () => {
  const storage = new Storage(testStorageConfig(stack, `${stack.env['ES_INDEX_PREFIX']}lay${Date.now().toString(36)}`));
  const scope: TenantScope = { tenantId: 'acme', projectId: 'shop' };
  const other: TenantScope = { tenantId: 'globex', projectId: 'shop' };
  const startMs = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
  const workload = generateLayerWorkload({ seed: 6, requests: 3000, startMs, batchCount: 7, runId: 'st' });
  const write = (batchIndex: number) => storage.rollups.bulkCreate(scope, `batch-${batchIndex}`, buildSpanRollups(workload.batches[batchIndex]!).rollups);

  beforeAll(async () => {
    await storage.ensureTemplates();
    for (let i = 0; i < workload.batches.length; i++) {
      const outcome = await write(i);
      expect(outcome).toMatchObject({ retryable: 0, rejected: 0, duplicates: 0 });
    }
    await storage.refreshSpans();
  });
  afterAll(async () => {
    await storage.purge();
    await storage.close();
  });

  const window = { fromMs: workload.fromMs, toMs: workload.toMs, limit: 100 };
  const listAll = async () => Object.fromEntries(await Promise.all(SPAN_LAYERS.map(async (layer) => [layer, await storage.rollups.listEntities(scope, { ...window, layer, source: 'trace' })] as const)));

  it('sums every batch into exact counts and errors per entity in every span layer, percentiles within ±4.4 %', async () => {
    const lists = await listAll();
    for (const entity of workload.expected.values()) {
      const row = lists[entity.layer]!.entities.find((e) => e.key === entity.key);
      const what = `${entity.layer} ${entity.key.replaceAll('\u001f', ' | ')}`;
      expect(row, what).toBeDefined();
      expect(row!.totals.count, what).toBe(entity.count);
      expect(row!.totals.errors, what).toBe(entity.errors);
      expect(row!.totals.latencyMaxUs, what).toBe(Math.max(...entity.durationsUs));
      expect(row!.totals.latencySumUs, what).toBeCloseTo(entity.durationsUs.reduce((s, d) => s + d, 0), 3);
      for (const [, q] of QUANTILES) expectWithinResolution(latencyPercentileUs(row!.totals.latencyBuckets, q), exactPercentile(entity.durationsUs, q), `${what} q${q}`);
    }
    for (const layer of SPAN_LAYERS) {
      const expectedInLayer = [...workload.expected.values()].filter((e) => e.layer === layer);
      expect(lists[layer]!.entities.map((e) => e.key).sort(), layer).toEqual(expectedInLayer.map((e) => e.key).sort());
      expect(lists[layer]!.layerTotals.count).toBe(expectedInLayer.reduce((s, e) => s + e.count, 0));
      expect(lists[layer]!.entities[0]!.dims).toHaveProperty(LAYER_DIMENSIONS[layer][0]);
    }
  });

  it('leaves every rollup unchanged when a batch is retried', async () => {
    const before = await listAll();
    const again = await write(3);
    expect(again.stored).toBe(0);
    expect(again.duplicates).toBeGreaterThan(0);
    await storage.refreshSpans();
    expect(await listAll()).toEqual(before);
  });

  it('gives per-minute series whose points are the exact per-minute counts', async () => {
    const entity = [...workload.expected.values()].find((e) => e.layer === 'component') as ExpectedEntity;
    const series = await storage.rollups.series(scope, { layer: 'component', source: 'trace', key: entity.key, fromMs: workload.fromMs, toMs: workload.toMs, intervalMs: 60_000 });
    expect(series.points.map((p) => [p.timeMs, p.totals.count])).toEqual([...entity.perMinute].sort((a, b) => a[0] - b[0]));
    expect(series.totals.count).toBe(entity.count);
  });

  it('shows nothing of one tenant to another', async () => {
    const list = await storage.rollups.listEntities(other, { ...window, layer: 'uri', source: 'trace' });
    expect(list.entities).toEqual([]);
    expect(list.layerTotals.count).toBe(0);
  });

  // Last in this block: it seals the workload's minutes, which later reads then take from sealed documents.
  it('reads the same figures after sealing, and a late batch for a sealed minute is re-sealed at the next run', async () => {
    const before = await listAll();
    const first = await storage.sealRollups(workload.toMs + 60_000);
    expect(first.sealedThroughMs).toBe(Math.floor((workload.toMs + 60_000) / 60_000) * 60_000);
    expect(first.documentsWritten).toBeGreaterThan(0);
    const sealedDocs = first.documentsWritten;
    // Fewer documents than the batches wrote: one per entity and minute.
    const batchDocs = workload.batches.reduce((n, batch) => n + buildSpanRollups(batch).rollups.length, 0);
    expect(sealedDocs).toBeLessThan(batchDocs);
    expect(await listAll()).toEqual(before);

    // A retried batch after sealing changes nothing either.
    const again = await write(2);
    expect(again.stored).toBe(0);
    await storage.refreshSpans();
    // Re-sealing minutes that got nothing new (the look-back margin catches recent writes again) changes nothing.
    await storage.sealRollups(workload.toMs + 60_000);
    expect(await listAll()).toEqual(before);

    // A batch that arrives after its minutes were sealed (reads take those minutes from sealed documents only): counted once after the next run.
    const late = generateLayerWorkload({ seed: 7, requests: 200, startMs, batchCount: 1, runId: 'late' });
    const lateRollups = buildSpanRollups(late.batches[0]!).rollups;
    expect((await storage.rollups.bulkCreate(scope, 'late-batch', lateRollups)).stored).toBe(lateRollups.length);
    await storage.refreshSpans();
    const third = await storage.sealRollups(workload.toMs + 60_000);
    expect(third.lateMinutesResealed).toBeGreaterThan(0);
    const after = await listAll();
    for (const entity of late.expected.values()) {
      const row = after[entity.layer]!.entities.find((e) => e.key === entity.key);
      const earlier = before[entity.layer]!.entities.find((e) => e.key === entity.key);
      expect(row?.totals.count, entity.key).toBe((earlier?.totals.count ?? 0) + entity.count);
      expect(row?.totals.errors, entity.key).toBe((earlier?.totals.errors ?? 0) + entity.errors);
    }
  });
});

describe('retention of daily indices', () => {
  const prefix = `${stack.env['ES_INDEX_PREFIX']}ret${Date.now().toString(36)}`;
  const storage = new Storage(testStorageConfig(stack, prefix));
  afterAll(async () => {
    await storage.purge();
    await storage.close();
  });

  it('deletes span and rollup indices whose day ended longer ago than the retention, and nothing else', async () => {
    await storage.ensureTemplates();
    const nowMs = Date.UTC(2026, 10, 23, 10, 0);
    const day = (d: number) => `2026.11.${String(d).padStart(2, '0')}`;
    const seed = async (signal: string, d: number) => {
      const index = `${prefix}-${signal}-${day(d)}`;
      const scope = { tenantId: 't', projectId: 'p' };
      // Through the repositories' own write path where there is one, so the templates apply.
      if (signal === 'rollups') await storage.rollups.bulkCreate(scope, `b${d}`, [{ layer: 'uri', source: 'trace', dims: { service: 's', method: 'GET', route: '/' }, minuteEpochMs: Date.UTC(2026, 10, d), count: 1, errors: 0, statusCounts: { '200': 1 }, latencySumUs: 1, latencyMaxUs: 1, latencyBuckets: { 1: 1 } }]);
      return index;
    };
    // Retention of 7 days at 2026-11-23 10:00: a day goes once it ended 7 days ago (day ≤ 15th).
    const old = [await seed('rollups', 14), await seed('rollups', 15)];
    const kept = [await seed('rollups', 16), await seed('rollups', 22)];
    await storage.refreshSpans();
    const outcome = await storage.deleteExpiredIndices(7, nowMs);
    expect(outcome.deleted).toEqual(old);
    const again = await storage.deleteExpiredIndices(7, nowMs);
    expect(again.deleted).toEqual([]);
    for (const index of kept) expect(outcome.deleted).not.toContain(index);
    // What is kept is still read; what was deleted is gone.
    const scope = { tenantId: 't', projectId: 'p' };
    const read = async (fromDay: number, toDay: number) =>
      (await storage.rollups.listEntities(scope, { layer: 'uri', source: 'trace', fromMs: Date.UTC(2026, 10, fromDay), toMs: Date.UTC(2026, 10, toDay), limit: 10 })).layerTotals.count;
    expect(await read(16, 23)).toBe(2);
    expect(await read(14, 16)).toBe(0);
    await expect(storage.deleteExpiredIndices(0, nowMs)).rejects.toThrow(RangeError);
  });
});

describe('five layers through the running stack (collector → worker → api)', () => {
  const runId = Date.now().toString(36);
  const startMs = Math.floor(Date.now() / 60_000) * 60_000 - 6 * 60_000;
  // Span ids come from the seed: a fixed seed would collide with an earlier run's spans in the same index.
  const seed = Date.now() % 2_147_483_647;
  const workload = generateLayerWorkload({ seed, requests: 600, startMs, batchCount: 4, runId });
  // The api answers only signed-in users: read as the seeded demo owner (organisation demo, project demo-shop).
  let session: ApiSession | undefined;
  const api = async (path: string) => {
    session ??= await ApiSession.login(stack.urls.dashboard, stack.demoLogin.email, stack.demoLogin.password);
    return fetch(`${stack.urls.dashboard}${path}`, { headers: { cookie: session.cookie } });
  };
  const query = `fromMs=${workload.fromMs}&toMs=${workload.toMs}&limit=1000`;
  const mine = (e: { key: string }) => e.key.includes(runId);

  beforeAll(async () => {
    for (const batch of workload.batches) {
      const response = await fetch(`${stack.urls.collector}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': stack.ingestKey },
        body: JSON.stringify(toOtlpJson(batch)),
      });
      expect(response.status).toBe(200);
    }
  });

  it('lists every entity of the workload with exact counts and error rates in every span layer', async () => {
    const mineExpected = [...workload.expected.values()];
    const lists = await eventually(async () => {
      const results = await Promise.all(SPAN_LAYERS.map(async (layer) => [layer, (await (await api(`/api/v1/layers/${layer}/entities?${query}`)).json()) as LayerEntityListResponse] as const));
      const total = results.flatMap(([, list]) => list.entities.filter(mine)).reduce((s, e) => s + e.figures.count, 0);
      return total === mineExpected.reduce((s, e) => s + e.count, 0) ? new Map(results) : undefined;
    }, 'every span of the workload in the layer rollups', 45_000);
    for (const entity of mineExpected) {
      const row = lists.get(entity.layer)!.entities.find((e) => e.key === entity.key)!;
      const what = `${entity.layer} ${entity.key}`;
      expect(row, what).toBeDefined();
      expect(row.figures.count, what).toBe(entity.count);
      expect(row.figures.errors, what).toBe(entity.errors);
      expect(row.figures.errorRate, what).toBeCloseTo(entity.errors / entity.count, 12);
      for (const [field, q] of QUANTILES) expectWithinResolution(row.figures[field], exactPercentile(entity.durationsUs, q), `${what} ${field}`);
    }
  });

  it('serves a series with a comparison window and the traces behind an entity', async () => {
    const entity = [...workload.expected.values()].find((e) => e.layer === 'interface')!;
    const key = encodeURIComponent(entity.key);
    const series = (await (await api(`/api/v1/layers/interface/series?fromMs=${workload.fromMs}&toMs=${workload.toMs}&key=${key}&compare=day`)).json()) as LayerSeriesResponse;
    expect(series.intervalMs).toBe(60_000);
    expect(series.points.reduce((s, p) => s + p.count, 0)).toBe(entity.count);
    expect(series.previousPoints?.map((p) => p.timeMs)).toEqual(series.points.map((p) => p.timeMs));
    expect(series.figures.errors).toBe(entity.errors);

    const withCall = new Set(workload.batches.flat().filter((s) => s.kind === 'client' && s.name === 'GET' && s.attributes['http.request.method']).map((s) => s.traceId));
    // Spans and rollups refresh independently (within a second each), so the list may lag the rollups briefly.
    const traces = await eventually(async () => {
      const list = (await (await api(`/api/v1/layers/interface/traces?fromMs=${workload.fromMs}&toMs=${workload.toMs}&key=${key}&limit=200`)).json()) as TraceListResponse;
      return list.traces.length === Math.min(200, withCall.size) ? list : undefined;
    }, 'the traces behind the interface entity');
    for (const trace of traces.traces) expect(withCall.has(trace.traceId)).toBe(true);
    expect(traces.traces[0]).toMatchObject({ rootServiceName: workload.services.front, serviceNames: expect.arrayContaining([workload.services.front, workload.services.back]) });
  });

  it('fills the infrastructure layer per host from OTLP metrics: average CPU and memory, network rate', async () => {
    const host = `host-${runId}`;
    const at = (i: number) => String(BigInt(workload.fromMs + 10_000 + i * 30_000) * 1_000_000n);
    const attrs = (pairs: Record<string, string | number>) => Object.entries(pairs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } }));
    const idle = [0.8, 0.6, 0.4, 0.2]; // CPU in use: 0.2, 0.4, 0.6, 0.8 → average 0.5
    const body = {
      resourceMetrics: [
        {
          resource: { attributes: attrs({ 'service.name': 'agent', 'host.name': host }) },
          scopeMetrics: [
            {
              scope: { name: 'host-metrics' },
              metrics: [
                { name: 'system.cpu.utilization', unit: '1', gauge: { dataPoints: idle.map((v, i) => ({ timeUnixNano: at(i), asDouble: v, attributes: attrs({ 'cpu.mode': 'idle', 'cpu.logical_number': 0 }) })) } },
                { name: 'system.memory.usage', unit: 'By', sum: { aggregationTemporality: 2, isMonotonic: false, dataPoints: [0, 1, 2, 3].map((i) => ({ timeUnixNano: at(i), asInt: String(1_000_000 * (i + 1)), attributes: attrs({ 'system.memory.state': 'used' }) })) } },
                { name: 'system.network.io', unit: 'By', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [0, 3].map((i) => ({ timeUnixNano: at(i), asInt: String(1000 + i * 90_000), attributes: attrs({ 'network.io.direction': 'receive', 'network.interface.name': 'eth0' }) })) } },
              ],
            },
          ],
        },
      ],
    };
    const response = await fetch(`${stack.urls.collector}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': stack.ingestKey }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    const row = await eventually(async () => {
      const list = (await (await api(`/api/v1/layers/infrastructure/entities?${query}`)).json()) as LayerEntityListResponse;
      return list.entities.find((e) => e.dims.host === host);
      // The points are minutes old, older than the worker's seal lag: like any late batch they are read once the next sealing run (every 30 s) re-seals their minutes.
    }, `host ${host} in the infrastructure layer`, 75_000);
    expect(row.key).toBe(`${host}\u001f`);
    expect(row.infra?.averages.cpu_utilization).toBeCloseTo(0.5, 12);
    expect(row.infra?.maxima.cpu_utilization).toBeCloseTo(0.8, 12);
    expect(row.infra?.averages.memory_used_bytes).toBe(2_500_000);
    expect(row.infra?.rates.network_receive_bytes).toBeCloseTo(270_000 / 90, 9); // 270 kB over 90 s
  }, 120_000);

  it('applies a business rule created through the API at ingest: its name, and its success condition', async () => {
    const name = `checkout-${runId}`;
    const rule = { name, match: { service: `shop-${runId}`, route: '/api/checkout' }, success: { type: 'http-status-below', below: 400 } };
    // Writes as the dashboard makes them: the session cookie and the CSRF token (the demo owner may write rules).
    session ??= await ApiSession.login(stack.urls.dashboard, stack.demoLogin.email, stack.demoLogin.password);
    const write = session;
    const noCondition = await write.post<{ message: string }>('/api/v1/business-rules', { name, match: {} });
    expect(noCondition.status).toBe(400);
    expect(noCondition.body.message).toMatch(/at least one condition/);
    const created = await write.post<{ id: string }>('/api/v1/business-rules', rule);
    expect(created.status).toBe(201);
    const { id } = created.body;
    expect(((await (await api('/api/v1/business-rules')).json()) as { rules: { id: string }[] }).rules.map((r) => r.id)).toContain(id);
    expect((await api('/api/v1/business-rules/br-0000000000000000a')).status).toBe(404);

    // Workers re-read a project's rules at most every 15 s: spans sent after that are classified by the new rule.
    await new Promise((resolve) => setTimeout(resolve, 15_500));
    const statuses = [200, 200, 200, 200, 200, 200, 402, 402, 402, 500];
    const t0 = BigInt(workload.fromMs + 30_000) * 1_000_000n;
    const spans: SpanRecord[] = statuses.map((status, i) => ({
      traceId: `${runId.padStart(16, '0').slice(-16)}${String(i).padStart(16, '0')}`.replace(/[^0-9a-f]/g, 'e'),
      spanId: `b${String(i).padStart(15, '0')}`,
      parentSpanId: null,
      name: 'POST /api/checkout',
      kind: 'server',
      serviceName: `shop-${runId}`,
      startEpochNs: asEpochNs(String(t0 + BigInt(i) * 1_000_000n)),
      durationNs: asDurationNs(5_000_000),
      statusCode: status >= 500 ? 'error' : 'unset',
      statusMessage: '',
      attributes: { 'http.request.method': 'POST', 'http.route': '/api/checkout', 'http.response.status_code': status },
      resourceAttributes: {},
      scopeName: '',
      events: [],
      links: [],
    }));
    const sent = await fetch(`${stack.urls.collector}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': stack.ingestKey }, body: JSON.stringify(toOtlpJson(spans)) });
    expect(sent.status).toBe(200);
    const row = await eventually(async () => {
      const list = (await (await api(`/api/v1/layers/business/entities?${query}`)).json()) as LayerEntityListResponse;
      return list.entities.find((e) => e.dims.name === name && e.figures.count === statuses.length);
    }, `business transaction ${name}`);
    // Success is "status below 400": the three 402s and the 500 failed.
    expect(row.figures.errors).toBe(4);

    const replaced = await write.request<{ enabled: boolean }>('PUT', `/api/v1/business-rules/${id}`, { ...rule, enabled: false });
    expect(replaced.status).toBe(200);
    expect(replaced.body.enabled).toBe(false);
    expect((await write.request('DELETE', `/api/v1/business-rules/${id}`)).status).toBe(204);
    // Without a session, writes are refused.
    expect((await fetch(`${stack.urls.dashboard}/api/v1/business-rules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) })).status).toBe(401);
    expect((await api(`/api/v1/business-rules/${id}`)).status).toBe(404);
  });

  it('answers 400 with a clear message for bad input', async () => {
    const bad = async (path: string, message: RegExp) => {
      const response = await api(path);
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { message: string }).message, path).toMatch(message);
    };
    await bad(`/api/v1/layers/network/entities?${query}`, /layer must be one of/);
    await bad('/api/v1/layers/uri/entities?fromMs=10', /toMs/);
    await bad(`/api/v1/layers/uri/entities?fromMs=${workload.toMs}&toMs=${workload.fromMs}`, /toMs must be after fromMs/);
    await bad(`/api/v1/layers/uri/entities?fromMs=0&toMs=${40 * 86_400_000}`, /at most 31 days/);
    await bad(`/api/v1/layers/uri/series?${query}&key=only-one-part`, /not an entity key of the uri layer/);
    await bad(`/api/v1/layers/infrastructure/traces?fromMs=${workload.fromMs}&toMs=${workload.toMs}&key=h%1F`, /no traces/);
  });
});
