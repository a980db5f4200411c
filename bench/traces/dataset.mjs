// The bench:traces data set: ≥ 10 million spans of one tenant over three fixed days, written
// once through the storage package (spans with _bulk create, per-trace summaries merged as the
// worker merges them) and kept for reruns. Deterministic: the same seed gives the same traces.
import { asDurationNs, asEpochNs } from '@linkscope/domain';

export const SCOPE = { tenantId: 'bench', projectId: 'shop' };
/** Three whole UTC days, fixed so reruns find the same data. */
export const DATA_FROM_MS = Date.UTC(2026, 10, 18);
export const DATA_TO_MS = DATA_FROM_MS + 3 * 86_400_000 - 1;
export const TARGET_SPANS = Number(process.env.BENCH_TRACES_SPANS ?? 10_000_000);
export const BIG_TRACE_IDS = { thousand: 'b1'.padEnd(32, '0'), fiftyThousand: 'b5'.padEnd(32, '0') };
export const BIG_TRACE_START_MS = DATA_FROM_MS + 36 * 3_600_000;

export const SERVICES = Array.from({ length: 20 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
export const GATEWAYS = ['gateway-web', 'gateway-app', 'gateway-open', 'gateway-admin', 'gateway-partner'];
export const ROUTES = Array.from({ length: 50 }, (_, i) => `/api/${['orders', 'users', 'items', 'carts', 'payments'][i % 5]}/${['list', 'get', 'submit', 'search', 'update', 'delete', 'stats', 'export', 'import', 'sync'][Math.floor(i / 5)]}`);
const TIERS = ['gold', 'silver', 'bronze', 'free'];
const TABLES = ['orders', 'items', 'users', 'stock', 'prices', 'carts'];

/** Small, fast, seeded PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n, width) => n.toString(16).padStart(width, '0');

function spanRecord(traceId, spanId, parentSpanId, fields) {
  return {
    traceId,
    spanId,
    parentSpanId,
    name: fields.name,
    kind: fields.kind,
    serviceName: fields.service,
    startEpochNs: asEpochNs(fields.startNs),
    durationNs: asDurationNs(fields.durationNs),
    statusCode: fields.error ? 'error' : 'unset',
    statusMessage: '',
    attributes: fields.attributes,
    resourceAttributes: { 'service.name': fields.service },
    scopeName: 'bench',
    events: [],
    links: [],
  };
}

/**
 * One ordinary trace: a gateway SERVER span, 2–8 calls to services (CLIENT + SERVER pairs), each
 * doing 0–3 database queries; about 18 spans on average, 2 % with an error, log-normal-ish times.
 */
export function ordinaryTrace(traceNo, startMs, random) {
  const traceId = hex(traceNo, 32);
  let spanNo = 0;
  const nextId = () => hex(traceNo * 256 + spanNo++, 16);
  const spans = [];
  const startNs = BigInt(startMs) * 1_000_000n + BigInt(Math.floor(random() * 1_000_000));
  const gateway = GATEWAYS[Math.floor(random() * GATEWAYS.length)];
  const route = ROUTES[Math.floor(random() * ROUTES.length)];
  const failed = random() < 0.02;
  const slow = random() < 0.05 ? 20 : 1;
  const rootId = nextId();
  let cursorNs = 1_000_000;
  const calls = 2 + Math.floor(random() * 7);
  for (let c = 0; c < calls; c++) {
    const service = SERVICES[Math.floor(random() * SERVICES.length)];
    const clientId = nextId();
    const serverId = nextId();
    const queries = Math.floor(random() * 4);
    let inner = 500_000;
    const serverStart = cursorNs + 300_000;
    for (let q = 0; q < queries; q++) {
      const d = Math.round((0.3 + random() * random() * 8) * 1_000_000 * slow);
      const table = TABLES[Math.floor(random() * TABLES.length)];
      spans.push(spanRecord(traceId, nextId(), serverId, { name: `SELECT ${table}`, kind: 'client', service, startNs: startNs + BigInt(serverStart + inner), durationNs: d, attributes: { 'db.system.name': 'postgresql', 'db.query.text': `select * from ${table} where id = ?` } }));
      inner += d + 200_000;
    }
    const serverDuration = inner + Math.round(random() * 3_000_000);
    const callError = failed && c === calls - 1;
    spans.push(spanRecord(traceId, serverId, clientId, { name: `POST /internal/${service}`, kind: 'server', service, startNs: startNs + BigInt(serverStart), durationNs: serverDuration, error: callError, attributes: { 'http.request.method': 'POST', 'http.route': `/internal/${service}`, 'http.response.status_code': callError ? 500 : 200 } }));
    spans.push(spanRecord(traceId, clientId, rootId, { name: 'POST', kind: 'client', service: gateway, startNs: startNs + BigInt(cursorNs), durationNs: serverDuration + 600_000, error: callError, attributes: { 'http.request.method': 'POST', 'server.address': service, 'url.full': `http://${service}/internal/${service}`, 'http.response.status_code': callError ? 500 : 200 } }));
    cursorNs += serverDuration + 600_000 + (random() < 0.5 ? 100_000 : 0);
  }
  const rootAttributes = { 'http.request.method': 'GET', 'http.route': route, 'http.response.status_code': failed ? 500 : 200, 'user.tier': TIERS[Math.floor(random() * TIERS.length)] };
  if (random() < 0.3) rootAttributes['feature.flag'] = `exp-${Math.floor(random() * 10)}`;
  spans.push(spanRecord(traceId, rootId, null, { name: `GET ${route}`, kind: 'server', service: gateway, startNs, durationNs: cursorNs + 1_000_000, error: failed, attributes: rootAttributes }));
  return spans;
}

/** A trace of exactly `count` spans: one root, calls fanning out in a tree three levels deep, N+1 queries at the leaves. */
export function bigTrace(traceId, count, startMs) {
  const spans = [];
  const startNs = BigInt(startMs) * 1_000_000n;
  let spanNo = 1;
  const id = () => hex(spanNo++, 16);
  const rootId = id();
  const random = rng(count);
  let t = 1_000_000;
  const services = Math.max(1, Math.floor((count - 1) / 50));
  for (let s = 0; s < services && spans.length < count - 1; s++) {
    const service = SERVICES[s % SERVICES.length];
    const serverId = id();
    const serverStart = t;
    let inner = 100_000;
    const queries = Math.min(49, count - 2 - spans.length);
    for (let q = 0; q < queries; q++) {
      const d = Math.round((0.2 + random() * 2) * 1_000_000);
      spans.push(spanRecord(traceId, id(), serverId, { name: 'SELECT items', kind: 'client', service, startNs: startNs + BigInt(serverStart + inner), durationNs: d, attributes: { 'db.system.name': 'postgresql', 'db.query.text': `select * from items where id = ${q}` } }));
      inner += d + 50_000;
    }
    spans.push(spanRecord(traceId, serverId, rootId, { name: `GET /internal/${service}/batch`, kind: 'server', service, startNs: startNs + BigInt(serverStart), durationNs: inner + 100_000, attributes: { 'http.route': `/internal/${service}/batch`, 'http.request.method': 'GET' } }));
    // Services run four at a time: the next starts once the one four back has finished.
    t = s % 4 === 3 ? t + inner + 200_000 : t + 50_000;
  }
  while (spans.length < count - 1) spans.push(spanRecord(traceId, id(), rootId, { name: 'cache.get', kind: 'client', service: 'gateway-web', startNs: startNs + BigInt(t), durationNs: 100_000, attributes: { 'db.system.name': 'redis', 'db.operation.name': 'GET' } }));
  spans.push(spanRecord(traceId, rootId, null, { name: 'GET /api/reports/export', kind: 'server', service: 'gateway-web', startNs, durationNs: t + 2_000_000, attributes: { 'http.route': '/api/reports/export', 'http.request.method': 'GET' } }));
  return spans;
}
