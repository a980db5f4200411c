// bench:layers — latency of the five-layer API (overview and each layer's entity list) over 1-hour
// and 24-hour windows, with at least 10 million spans' worth of rollups for one tenant over 24 hours.
// The rollups are written as the worker writes them (per-batch documents through the storage
// package) and sealed by the same sealer the worker runs; the last minutes stay unsealed at a
// realistic batch density, so reads go through both tiers as in production. The api is the built
// apps/api, queried over HTTP as the dashboard queries it.
import { waitFor } from '@linkscope/devstack';
import { latencyBucketIndex } from '@linkscope/domain';
import { Storage, storageConfigFromEnv } from '@linkscope/storage';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { REPO, flushRedisDb, fmt, infra, machine, printJsonLine, runConcurrently, startApp, stopApp } from '../lib/harness.mjs';

const PREFIX = 'lsbenchlayers';
const SCOPE = { tenantId: 'bench-tenant', projectId: 'bench-shop' };
const PORT = 21338; // below Linux's source-port range (32768–60999), so no outgoing connection can hold it
const MINUTE_MS = 60_000;
const HOURS = Number(process.env.BENCH_LAYERS_HOURS ?? 24);
const ITERATIONS = Number(process.env.BENCH_LAYERS_ITERATIONS ?? 30);
/** Minutes at the end left unsealed, written at 12 batches a minute (one every 5 s). */
const UNSEALED_MINUTES = 2;
const UNSEALED_BATCHES_PER_MINUTE = 12;
const GOAL_1H_MS = 300;
const REDIS_DB = 13;
const LOGIN = { email: 'bench-layers@linkscope.local', password: randomBytes(18).toString('base64url') };
const GOAL_24H_MS = 1000;

/** A small deterministic PRNG (mulberry32). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = prng(6);
function gaussian() {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The entities of a shop-sized tenant: spans per minute per entity sum to 7,200 (10.4 M a day). */
function entities() {
  const list = [];
  const services = ['gateway', 'users', 'catalogue', 'orders', 'payments', 'search', 'cart', 'inventory'];
  const routes = ['/api/items', '/api/items/{id}', '/api/login', '/api/checkout', '/health'];
  for (const service of services) for (const route of routes) list.push({ layer: 'uri', dims: { service, method: route === '/api/login' || route === '/api/checkout' ? 'POST' : 'GET', route }, perMinute: 90 });
  const peers = ['payment-provider', 'sms-gateway', 'geo-api', 'users', 'catalogue'];
  for (let i = 0; i < 20; i++) list.push({ layer: 'interface', dims: { service: services[i % 8], peer: peers[i % 5], operation: `GET /v1/op${i}` }, perMinute: 90 });
  const systems = [['sqlite', 'shop.db'], ['redis', '127.0.0.1:6379'], ['postgresql', 'db1:5432/shop'], ['kafka', 'kafka:9092']];
  for (let i = 0; i < 20; i++) {
    const [system, instance] = systems[i % 4];
    list.push({ layer: 'component', dims: { system, instance, operation: `${['SELECT', 'GET', 'INSERT', 'publish'][i % 4]} t${i}` }, perMinute: 90 });
  }
  for (const name of ['login', 'browse', 'search', 'add-to-cart', 'place-order', 'pay', 'refund', 'register']) list.push({ layer: 'business', dims: { name }, perMinute: 150 });
  for (const host of ['web-1', 'web-2', 'app-1', 'app-2', 'db-1', 'cache-1']) list.push({ layer: 'infrastructure', dims: { host, container: '' }, perMinute: 0 });
  return list.map((e, i) => ({ ...e, medianUs: 500 * 2 ** ((i * 7) % 11), errorRate: ((i * 13) % 7) / 200 }));
}

/** One entity's rollup for `count` requests in a minute: latencies log-normal around its median. */
function rollup(entity, minuteEpochMs, count) {
  if (entity.layer === 'infrastructure') {
    const g = (v) => ({ sum: v * count, count, max: v * 1.2 });
    return {
      layer: 'infrastructure', source: 'metric', dims: entity.dims, minuteEpochMs, count: 0, errors: 0, statusCounts: {}, latencySumUs: 0, latencyMaxUs: 0, latencyBuckets: {},
      gauges: { cpu_utilization: g(0.2 + 0.5 * random()), memory_utilization: g(0.5), memory_used_bytes: g(4e9), process_cpu_utilization: g(0.1), process_memory_bytes: g(3e8), heap_used_bytes: g(1e8), eventloop_delay_p99_s: g(0.02) },
      counters: { network_receive_bytes: { minValue: minuteEpochMs, maxValue: minuteEpochMs + 6e7, minTimeMs: minuteEpochMs, maxTimeMs: minuteEpochMs + 50_000 } },
    };
  }
  const buckets = {};
  let sum = 0;
  let max = 0;
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const us = entity.medianUs * Math.exp(0.7 * gaussian());
    const b = latencyBucketIndex(us);
    buckets[b] = (buckets[b] ?? 0) + 1;
    sum += us;
    if (us > max) max = us;
    if (random() < entity.errorRate) errors++;
  }
  const statusCounts = entity.layer === 'component' ? { OK: count - errors, ERROR: errors } : { 200: count - errors - Math.floor(count / 50), 404: Math.floor(count / 50), 500: errors };
  for (const code of Object.keys(statusCounts)) if (statusCounts[code] <= 0) delete statusCounts[code];
  return { layer: entity.layer, source: entity.layer === 'infrastructure' ? 'metric' : 'trace', dims: entity.dims, minuteEpochMs, count, errors, statusCounts, latencySumUs: sum, latencyMaxUs: max, latencyBuckets: buckets };
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function timeCalls(url, iterations) {
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers: timeCalls.headers });
    const body = await response.json();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
    if (i === 0) timeCalls.lastBody = body;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

async function main() {
  const up = await infra();
  const esUrl = up.elasticsearch.url;
  const storage = new Storage(storageConfigFromEnv({ ES_URL: esUrl, ES_INDEX_PREFIX: PREFIX }));
  await storage.purge();
  await storage.ensureTemplates();

  const list = entities();
  const nowMs = Date.now();
  const endMinute = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS; // the current minute is not written
  const firstMinute = endMinute - HOURS * 60 * MINUTE_MS;
  const sealedEnd = endMinute - UNSEALED_MINUTES * MINUTE_MS;

  // 1. Everything but the last minutes: one batch a minute, as a busy worker's batches merge them.
  let spans = 0;
  let batchDocs = 0;
  const writeStarted = process.hrtime.bigint();
  const minutes = Array.from({ length: (sealedEnd - firstMinute) / MINUTE_MS }, (_, i) => firstMinute + i * MINUTE_MS);
  const CHUNK = 10;
  await runConcurrently(Math.ceil(minutes.length / CHUNK), 3, async (c) => {
    const records = [];
    for (const minute of minutes.slice(c * CHUNK, (c + 1) * CHUNK)) {
      for (const entity of list) {
        const record = rollup(entity, minute, entity.perMinute || 4);
        if (entity.layer !== 'business' && entity.layer !== 'infrastructure') spans += record.count;
        records.push(record);
      }
    }
    const outcome = await storage.rollups.bulkCreate(SCOPE, `bench-batch-${c}`, records);
    if (outcome.stored !== records.length) throw new Error(`bulk stored ${outcome.stored} of ${records.length}: ${outcome.rejectReasons.join('; ')}`);
    batchDocs += records.length;
  });
  const writeSeconds = Number(process.hrtime.bigint() - writeStarted) / 1e9;
  console.error(`bench:layers: ${fmt(batchDocs)} batch documents written in ${writeSeconds.toFixed(1)} s; sealing`);
  await storage.refreshSpans();

  // 2. The worker's sealer, as its scheduler runs it (the first run seals everything written so far).
  const sealStarted = process.hrtime.bigint();
  const seal = await storage.sealRollups(sealedEnd);
  const sealSeconds = Number(process.hrtime.bigint() - sealStarted) / 1e9;
  console.error(`bench:layers: sealed in ${sealSeconds.toFixed(1)} s; querying`);

  // 3. The unsealed end: 12 batches a minute, each holding a twelfth of the minute.
  for (let m = sealedEnd; m < endMinute; m += MINUTE_MS) {
    for (let b = 0; b < UNSEALED_BATCHES_PER_MINUTE; b++) {
      const records = list.map((entity) => rollup(entity, m, Math.max(1, Math.round((entity.perMinute || 4) / UNSEALED_BATCHES_PER_MINUTE))));
      for (const r of records) if (r.layer !== 'business' && r.layer !== 'infrastructure') spans += r.count;
      await storage.rollups.bulkCreate(SCOPE, `bench-live-${m}-${b}`, records);
      batchDocs += records.length;
    }
  }
  await storage.refreshSpans();
  await storage.close();

  const api = await startApp(`${REPO}/apps/api/dist/main.js`, {
    ES_URL: esUrl,
    ES_INDEX_PREFIX: PREFIX,
    API_HOST: '127.0.0.1',
    API_PORT: String(PORT),
    REDIS_URL: `redis://127.0.0.1:6379/${REDIS_DB}`,
    // The api seeds this owner of the bench tenant at start; the bench signs in as it, as the dashboard does.
    LINKSCOPE_DEV_TENANT: SCOPE.tenantId,
    LINKSCOPE_DEV_PROJECT: SCOPE.projectId,
    LINKSCOPE_DEMO_EMAIL: LOGIN.email,
    LINKSCOPE_DEMO_PASSWORD: LOGIN.password,
    LOG_LEVEL: 'warn',
  }, async () => true);
  // The api seeds the owner (argon2id) before it answers: on a loaded machine that can take longer than startApp's 30 s.
  const ready = await waitFor(async () => (await fetch(`http://127.0.0.1:${PORT}/api/readyz`).catch(() => null))?.ok === true, 120_000, 200);
  if (!ready) {
    await stopApp(api);
    throw new Error('the api was not ready within 120 s');
  }
  const login = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LOGIN) });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('ls_session=')) ?? '').split(';')[0];
  timeCalls.headers = { cookie, 'x-linkscope-org': SCOPE.tenantId, 'x-linkscope-project': SCOPE.projectId };

  const rows = [];
  const base = `http://127.0.0.1:${PORT}/api/v1/layers`;
  try {
    for (const [label, windowMs] of [['1h', 3_600_000], ['24h', 86_400_000]]) {
      const q = `fromMs=${endMinute + MINUTE_MS - windowMs}&toMs=${endMinute + MINUTE_MS}`;
      // As the dashboard asks: the overview with its comparison, each layer's table with sparklines and comparison.
      const calls = [['overview', `${base}/overview?${q}&compare=day`]];
      for (const layer of ['business', 'uri', 'interface', 'component', 'infrastructure']) calls.push([`${layer} entities`, `${base}/${layer}/entities?${q}&compare=day&spark=true&limit=500`]);
      for (const [name, url] of calls) {
        await timeCalls(url, 2); // warm-up: first-touch of the window's indices
        const t = await timeCalls(url, ITERATIONS);
        const body = timeCalls.lastBody;
        const counted = name === 'overview' ? body.layers.reduce((n, l) => n + l.totals.count, 0) : body.entities.reduce((n, e) => n + e.figures.count, 0);
        rows.push({ window: label, name, ...t, counted, goal: label === '1h' ? GOAL_1H_MS : GOAL_24H_MS });
      }
    }
  } finally {
    await stopApp(api);
  }

  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const nodes = await (await fetch(`${esUrl}/_nodes/_local?filter_path=nodes.*.version`)).json().catch(() => ({}));
  const esVersion = Object.values(nodes.nodes ?? {})[0]?.version ?? '?';
  console.log(`\nbench:layers on ${machine()}, Elasticsearch ${esVersion}; load average ${load}`);
  console.log(`${HOURS} h of rollups for one tenant: ${list.length} entities (${list.filter((e) => e.layer !== 'business' && e.layer !== 'infrastructure').length} span entities, 8 business, 6 hosts), ${fmt(spans)} spans' worth`);
  console.log(`written as ${fmt(batchDocs)} per-batch documents in ${writeSeconds.toFixed(1)} s; sealed into ${fmt(seal.documentsWritten)} minute documents in ${sealSeconds.toFixed(1)} s (${fmt(seal.documentsWritten / sealSeconds)} docs/s); last ${UNSEALED_MINUTES} minutes unsealed at ${UNSEALED_BATCHES_PER_MINUTE} batches/min`);
  console.log(`${ITERATIONS} sequential calls each after 2 warm-up calls; dashboard queries (compare=day, sparklines)\n`);
  console.log('window  call                      p50 ms   p95 ms   goal ms   p95/goal   requests counted');
  for (const r of rows) console.log(`${r.window.padEnd(7)} ${r.name.padEnd(24)} ${r.p50.toFixed(0).padStart(7)} ${r.p95.toFixed(0).padStart(8)} ${String(r.goal).padStart(9)} ${(r.p95 / r.goal).toFixed(2).padStart(10)} ${(r.name.startsWith('infrastructure') ? 'hosts, no requests' : fmt(r.counted)).padStart(18)}`);
  const worst = (label) => rows.filter((r) => r.window === label).reduce((a, b) => (b.p95 > a.p95 ? b : a));
  const w1 = worst('1h');
  const w24 = worst('24h');
  console.log(`\nworst p95: 1 h ${w1.p95.toFixed(0)} ms (${w1.name}), 24 h ${w24.p95.toFixed(0)} ms (${w24.name}); 24 h / 1 h = ${(w24.p95 / w1.p95).toFixed(2)}\n`);
  if (spans < 10_000_000 && HOURS >= 24) throw new Error(`only ${spans} spans' worth were written`);
  const purge = new Storage(storageConfigFromEnv({ ES_URL: esUrl, ES_INDEX_PREFIX: PREFIX }));
  if (process.env.BENCH_LAYERS_KEEP !== 'true') await purge.purge();
  await purge.close();
  await flushRedisDb(REDIS_DB);
  printJsonLine({ bench: 'layers', metric: 'api_p95_ms_1h_worst', value: Math.round(w1.p95), unit: 'ms', goal: GOAL_1H_MS, ratio: { to: 'goal', value: Number((w1.p95 / GOAL_1H_MS).toFixed(2)) }, spans_worth: spans, load_avg: load });
  printJsonLine({ bench: 'layers', metric: 'api_p95_ms_24h_worst', value: Math.round(w24.p95), unit: 'ms', goal: GOAL_24H_MS, ratio: { to: '1 h window', value: Number((w24.p95 / w1.p95).toFixed(2)) }, spans_worth: spans, load_avg: load });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
