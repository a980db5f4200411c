import {
  type AttributeValue,
  type Attributes,
  type Layer,
  type SpanKind,
  type SpanRecord,
  asDurationNs,
  asEpochNs,
  entityKey,
} from '@linkscope/domain';

/** What a generated workload must produce per entity: exact counts and errors, and every duration. */
export interface ExpectedEntity {
  readonly layer: Layer;
  readonly key: string;
  count: number;
  errors: number;
  readonly durationsUs: number[];
  readonly perMinute: Map<number, number>;
}

export interface LayerWorkload {
  /** Spans in batches, as the collector would enqueue them. */
  readonly batches: SpanRecord[][];
  readonly expected: Map<string, ExpectedEntity>;
  readonly services: { readonly front: string; readonly back: string };
  readonly fromMs: number;
  readonly toMs: number;
}

/** A small deterministic PRNG (mulberry32), so a failing run can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const hex = (random: () => number, length: number) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');

/** Nearest-rank q-quantile of exact values, the definition the rollup percentiles follow. */
export function exactPercentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1]!;
}

/**
 * Requests through two services, `front` calling `back` over HTTP, with a database and a cache
 * under `back`, a business transaction on one front route, random latencies (0.2 ms – 2 s, log-
 * uniform) and random failures, over three minutes starting at `startMs` (a minute boundary), cut
 * into `batchCount` batches. Every span's contribution is recorded in `expected`.
 */
export function generateLayerWorkload(options: { seed: number; requests: number; startMs: number; batchCount: number; runId: string }): LayerWorkload {
  const random = prng(options.seed);
  const front = `front-${options.runId}`;
  const back = `back-${options.runId}`;
  const expected = new Map<string, ExpectedEntity>();
  const spans: SpanRecord[] = [];
  const durationUs = () => Math.round(200 * 10_000 ** random()); // 200 µs .. 2 s

  const record = (layer: Layer, dims: Record<string, string>, startMs: number, us: number, error: boolean) => {
    const key = entityKey(layer, dims);
    const id = `${layer}:${key}`;
    let entity = expected.get(id);
    if (!entity) {
      entity = { layer, key, count: 0, errors: 0, durationsUs: [], perMinute: new Map() };
      expected.set(id, entity);
    }
    entity.count++;
    if (error) entity.errors++;
    entity.durationsUs.push(us);
    const minute = Math.floor(startMs / 60_000) * 60_000;
    entity.perMinute.set(minute, (entity.perMinute.get(minute) ?? 0) + 1);
  };

  const span = (traceId: string, parent: string | null, kind: SpanKind, service: string, name: string, startMs: number, us: number, failed: boolean, attributes: Attributes): string => {
    const spanId = hex(random, 16);
    spans.push({
      traceId,
      spanId,
      parentSpanId: parent,
      name,
      kind,
      serviceName: service,
      startEpochNs: asEpochNs(BigInt(startMs) * 1_000_000n + BigInt(Math.floor(random() * 1_000_000))),
      durationNs: asDurationNs(us * 1000),
      statusCode: failed ? 'error' : 'unset',
      statusMessage: failed ? 'failed' : '',
      attributes,
      resourceAttributes: { 'service.name': service },
      scopeName: 'layer-workload',
      events: [],
      links: [],
    });
    return spanId;
  };

  const routes = [
    { method: 'GET', route: '/orders/{id}', errorRate: 0.02 },
    { method: 'POST', route: '/orders', errorRate: 0.1 },
    { method: 'GET', route: '/cart', errorRate: 0 },
  ];
  for (let i = 0; i < options.requests; i++) {
    const startMs = options.startMs + Math.floor((i / options.requests) * 180_000);
    const traceId = hex(random, 32);
    const r = routes[i % routes.length]!;
    const frontFailed = random() < r.errorRate;
    const status = frontFailed ? 503 : 200;
    const frontUs = durationUs();
    const frontAttributes: Record<string, AttributeValue> = { 'http.request.method': r.method, 'http.route': r.route, 'http.response.status_code': status };
    let bizOk: boolean | undefined;
    if (r.route === '/orders' && r.method === 'POST') {
      bizOk = !frontFailed && random() > 0.05;
      frontAttributes['biz.name'] = `place-order-${options.runId}`;
      frontAttributes['biz.success'] = bizOk;
    }
    const root = span(traceId, null, 'server', front, `${r.method} ${r.route}`, startMs, frontUs, false, frontAttributes);
    record('uri', { service: front, method: r.method, route: r.route }, startMs, frontUs, frontFailed);
    if (bizOk !== undefined) record('business', { name: `place-order-${options.runId}` }, startMs, frontUs, !bizOk);
    if (r.route === '/cart') continue;

    const callUs = durationUs();
    const callFailed = random() < 0.05;
    const call = span(traceId, root, 'client', front, 'GET', startMs, callUs, callFailed, {
      'http.request.method': 'GET',
      'server.address': back,
      'server.port': 8080,
      'url.template': '/stock/{sku}',
      'http.response.status_code': callFailed ? 500 : 200,
    });
    record('interface', { service: front, peer: `${back}:8080`, operation: 'GET /stock/{sku}' }, startMs, callUs, callFailed);
    const serverUs = durationUs();
    const server = span(traceId, call, 'server', back, 'GET /stock/{sku}', startMs, serverUs, callFailed, {
      'http.request.method': 'GET',
      'http.route': '/stock/{sku}',
      'http.response.status_code': callFailed ? 500 : 200,
    });
    record('uri', { service: back, method: 'GET', route: '/stock/{sku}' }, startMs, serverUs, callFailed);
    const dbUs = durationUs();
    const dbFailed = random() < 0.03;
    span(traceId, server, 'client', back, 'SELECT stock', startMs, dbUs, dbFailed, {
      'db.system.name': 'postgresql',
      'server.address': `pg-${options.runId}`,
      'server.port': 5432,
      'db.namespace': 'shop',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'stock',
    });
    record('component', { system: 'postgresql', instance: `pg-${options.runId}:5432/shop`, operation: 'SELECT stock' }, startMs, dbUs, dbFailed);
    const cacheUs = durationUs();
    span(traceId, server, 'client', back, 'GET', startMs, cacheUs, false, { 'db.system.name': 'redis', 'server.address': `cache-${options.runId}`, 'server.port': 6379, 'db.operation.name': 'GET' });
    record('component', { system: 'redis', instance: `cache-${options.runId}:6379`, operation: 'GET' }, startMs, cacheUs, false);
  }

  const batches: SpanRecord[][] = Array.from({ length: options.batchCount }, () => []);
  spans.forEach((s, i) => batches[i % options.batchCount]!.push(s));
  return { batches, expected, services: { front, back }, fromMs: options.startMs, toMs: options.startMs + 180_000 };
}

function otlpValue(value: AttributeValue): object {
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (typeof value === 'string') return { stringValue: value };
  return { arrayValue: { values: value.map((v) => otlpValue(v)) } };
}

const KIND: Record<SpanKind, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

/** One batch as an OTLP/JSON `ExportTraceServiceRequest`, grouped by service. */
export function toOtlpJson(batch: readonly SpanRecord[]): object {
  const byService = new Map<string, SpanRecord[]>();
  for (const s of batch) byService.set(s.serviceName, [...(byService.get(s.serviceName) ?? []), s]);
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'layer-workload' },
          spans: spans.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
            name: s.name,
            kind: KIND[s.kind],
            startTimeUnixNano: s.startEpochNs,
            endTimeUnixNano: String(BigInt(s.startEpochNs) + BigInt(s.durationNs)),
            attributes: Object.entries(s.attributes).map(([key, value]) => ({ key, value: otlpValue(value) })),
            status: s.statusCode === 'error' ? { code: 2, message: s.statusMessage } : {},
          })),
        },
      ],
    })),
  };
}
