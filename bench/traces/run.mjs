// bench:traces — trace search, trace by id and single-trace analysis over a data set of at least
// 10 million spans of one tenant (bench/traces/dataset.mjs; generated once into the bench's own
// index prefix and kept for reruns).
//
// - Search: a mix of queries of the kind people type (service, route prefix, attribute, NOT
//   error, whole-trace duration, OR), over the three days, newest-first and slowest-first, through
//   the storage package the api calls (per-trace summaries, ADR 0009). Side by side, the approach
//   the design rules out: the same questions answered from the span indices with a terms
//   aggregation over trace ids, for the ratio.
// - Trace by id: a 1,000-span and a 50,000-span trace, looked up without a time hint (the trace
//   summary bounds the span search to the trace's days), as the api's GET /traces/:id does.
// - Analysis: analyseTrace over the 50,000-span trace (critical path, self times, findings).
//
// Figures are wall-clock latencies of sequential requests on a shared machine; the load average
// is printed with them (and, for the analysis, the CPU time).
//
// The data set lives in `lstest<slot>bench` (LINKSCOPE_TEST_SLOT); BENCH_TRACES_PREFIX names
// another prefix, e.g. a data set already loaded under another slot, so a rerun skips the load.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseTraceQuery } from '@linkscope/domain';
import { Storage, storageConfigFromEnv } from '@linkscope/storage';
import { analyseTrace } from '@linkscope/trace-analysis';
import { infra, machine, printJsonLine } from '../lib/harness.mjs';
import { BIG_TRACE_IDS, BIG_TRACE_START_MS, DATA_FROM_MS, DATA_TO_MS, SCOPE, TARGET_SPANS } from './dataset.mjs';
import { ensureDataset } from './generate.mjs';
import { benchPrefix } from './prefix.mjs';

const ROUNDS = Number(process.env.BENCH_TRACES_ROUNDS ?? 5);
const LOOKUPS = Number(process.env.BENCH_TRACES_LOOKUPS ?? 30);
const GOALS = { searchP95Ms: 500, byId1kP95Ms: 100, analysis50kP95Ms: 200 };

const QUERIES = [
  'service=svc-03',
  'root.route=/api/orders/*',
  'error',
  'service=svc-07 AND NOT error',
  'attr.user.tier=gold AND duration>50ms',
  'root.service=gateway-app AND (route=/internal/svc-01 OR route=/internal/svc-02)',
  'attr.feature.flag exists AND root.route=/api/carts/*',
  'duration>200ms',
  'http.status=500 AND service=svc-12',
  'attr.feature.flag missing AND root.service=gateway-partner AND duration<20ms',
];

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
const ms = (n) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

/** The approach ADR 0009 rejects: filter spans, then aggregate over trace ids to get one row per trace. */
async function spanAggregationSearch(esUrl, prefix, filter, order) {
  const body = {
    size: 0,
    track_total_hits: false,
    query: { bool: { filter: [{ term: { tenant_id: SCOPE.tenantId } }, { term: { project_id: SCOPE.projectId } }, { range: { '@timestamp': { gte: DATA_FROM_MS, lte: DATA_TO_MS } } }, ...filter] } },
    aggs: { traces: { terms: { field: 'trace_id', size: 50, order: { [order]: 'desc' } }, aggs: { start: { max: { field: '@timestamp' } }, slowest: { max: { field: 'duration_ns' } } } } },
  };
  const response = await fetch(`${esUrl}/${prefix}-spans-*/_search?request_cache=false`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`span aggregation: ${response.status} ${(await response.text()).slice(0, 300)}`);
  const json = await response.json();
  return json.aggregations.traces.buckets.length;
}

async function main() {
  const { elasticsearch } = await infra();
  const esUrl = elasticsearch.url;
  const prefix = benchPrefix();
  const storage = new Storage(storageConfigFromEnv({ ES_URL: esUrl, ES_INDEX_PREFIX: prefix }));
  console.log(`bench:traces on ${machine()}; index prefix ${prefix}; load average ${load()}`);
  const dataset = await ensureDataset(storage, esUrl, prefix);
  const spans = await storage.spans.countSpans(SCOPE, DATA_FROM_MS - 86_400_000, DATA_TO_MS + 86_400_000);
  console.log(`data set: ${spans.toLocaleString('en-US')} spans of tenant ${SCOPE.tenantId}/${SCOPE.projectId} over 3 days (target ${TARGET_SPANS.toLocaleString('en-US')})`);

  // --- search over per-trace summaries
  const where = QUERIES.map((q) => parseTraceQuery(q));
  for (const w of where) await storage.traceSummaries.search(SCOPE, { fromMs: DATA_FROM_MS, toMs: DATA_TO_MS, where: w, sort: 'newest', limit: 50 }); // warm-up
  const searchMs = [];
  const perQuery = QUERIES.map(() => []);
  let hits = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < QUERIES.length; i++) {
      for (const sort of ['newest', 'slowest']) {
        const { ms: took, result } = await timed(() => storage.traceSummaries.search(SCOPE, { fromMs: DATA_FROM_MS, toMs: DATA_TO_MS, where: where[i], sort, limit: 50 }));
        searchMs.push(took);
        perQuery[i].push(took);
        hits += result.traces.length;
      }
    }
  }
  // Deep paging: ten pages of 50 through a point in time, the last page's latency.
  let cursor;
  const pageMs = [];
  for (let page = 0; page < 10; page++) {
    const { ms: took, result } = await timed(() => storage.traceSummaries.search(SCOPE, { fromMs: DATA_FROM_MS, toMs: DATA_TO_MS, where: where[0], sort: 'slowest', limit: 50, ...(cursor ? { cursor } : {}) }));
    pageMs.push(took);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  console.log('\nsearch over per-trace summaries (50 per page, three days):');
  QUERIES.forEach((q, i) => console.log(`  ${q.padEnd(80)} p50 ${ms(percentile(perQuery[i], 0.5))}  p95 ${ms(percentile(perQuery[i], 0.95))}`));
  const searchP50 = percentile(searchMs, 0.5);
  const searchP95 = percentile(searchMs, 0.95);
  console.log(`  all ${searchMs.length} searches: p50 ${ms(searchP50)}, p95 ${ms(searchP95)} (goal p95 < ${GOALS.searchP95Ms} ms); ${hits.toLocaleString('en-US')} hits; pages 2-10 of a deep paging: p95 ${ms(percentile(pageMs.slice(1), 0.95))}; load ${load()}`);

  // --- side by side: the same kind of questions from the span indices with an aggregation over trace ids
  const baselineQueries = [
    { name: 'service=svc-03 (newest)', filter: [{ term: { service_name: 'svc-03' } }], order: 'start' },
    { name: 'error (newest)', filter: [{ term: { status_code: 'error' } }], order: 'start' },
    { name: 'service=svc-07 (slowest span)', filter: [{ term: { service_name: 'svc-07' } }], order: 'slowest' },
  ];
  const baselineMs = [];
  const summaryMs = [];
  const pairs = [
    [baselineQueries[0], parseTraceQuery('service=svc-03'), 'newest'],
    [baselineQueries[1], parseTraceQuery('error'), 'newest'],
    [baselineQueries[2], parseTraceQuery('service=svc-07'), 'slowest'],
  ];
  for (let round = 0; round < 3; round++) {
    for (const [baseline, w, sort] of pairs) {
      baselineMs.push((await timed(() => spanAggregationSearch(esUrl, prefix, baseline.filter, baseline.order))).ms);
      summaryMs.push((await timed(() => storage.traceSummaries.search(SCOPE, { fromMs: DATA_FROM_MS, toMs: DATA_TO_MS, where: w, sort, limit: 50 }))).ms);
    }
  }
  const baselineP50 = percentile(baselineMs, 0.5);
  const pairedSummaryP50 = percentile(summaryMs, 0.5);
  console.log(`\nside by side, same questions (3 queries x 3 rounds): summaries p50 ${ms(pairedSummaryP50)} vs span terms-aggregation over trace ids p50 ${ms(baselineP50)} -> ${(baselineP50 / pairedSummaryP50).toFixed(1)}x faster`);

  // --- trace by id
  const lookup = async (traceId) => storage.spans.getTrace(SCOPE, traceId, { nowMs: Date.now(), lookbackDays: 14 });
  const byId = {};
  for (const [name, traceId] of [['1k', BIG_TRACE_IDS.thousand], ['50k', BIG_TRACE_IDS.fiftyThousand]]) {
    await lookup(traceId);
    const times = [];
    let count = 0;
    const n = name === '1k' ? LOOKUPS : Math.max(5, Math.floor(LOOKUPS / 3));
    for (let i = 0; i < n; i++) {
      const { ms: took, result } = await timed(() => lookup(traceId));
      times.push(took);
      count = result?.spans.length ?? 0;
    }
    byId[name] = { p50: percentile(times, 0.5), p95: percentile(times, 0.95), count, n };
  }
  // With the start time the list passes along (no summary lookup), for comparison.
  const hinted = [];
  for (let i = 0; i < LOOKUPS; i++) hinted.push((await timed(() => storage.spans.getTrace(SCOPE, BIG_TRACE_IDS.thousand, { nowMs: Date.now(), lookbackDays: 14, aroundEpochMs: BIG_TRACE_START_MS }))).ms);
  console.log('\ntrace by id (no time hint: the summary bounds the span search):');
  console.log(`  1,000 spans  (${byId['1k'].count} returned, ${byId['1k'].n} lookups): p50 ${ms(byId['1k'].p50)}, p95 ${ms(byId['1k'].p95)} (goal p95 < ${GOALS.byId1kP95Ms} ms); with the list's start-time hint p95 ${ms(percentile(hinted, 0.95))}`);
  console.log(`  50,000 spans (${byId['50k'].count} returned, ${byId['50k'].n} lookups): p50 ${ms(byId['50k'].p50)}, p95 ${ms(byId['50k'].p95)}; load ${load()}`);

  // --- analysis of the 50,000-span trace
  const big = await lookup(BIG_TRACE_IDS.fiftyThousand);
  const analysisMs = [];
  // CPU time of this process beside the wall clock: on a shared machine the difference is time
  // spent waiting for a core, which the load average shows.
  const analysisCpuMs = [];
  let findings = 0;
  for (let i = 0; i < 3; i++) analyseTrace(big.spans, { includeSelfTimes: true });
  for (let i = 0; i < 30; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const analysis = analyseTrace(big.spans, { includeSelfTimes: true });
    analysisMs.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    analysisCpuMs.push((used.user + used.system) / 1000);
    findings = analysis.findings.length;
  }
  const analysisP50 = percentile(analysisMs, 0.5);
  const analysisP95 = percentile(analysisMs, 0.95);
  const analysisCpuP50 = percentile(analysisCpuMs, 0.5);
  console.log(`\nanalysis of the ${big.spans.length.toLocaleString('en-US')}-span trace (critical path, self times, ${findings} findings): p50 ${ms(analysisP50)}, p95 ${ms(analysisP95)} (goal < ${GOALS.analysis50kP95Ms} ms); CPU time p50 ${ms(analysisCpuP50)}, p95 ${ms(percentile(analysisCpuMs, 0.95))}; load ${load()}`);
  if (dataset.generated) console.log(`(data set generated in this run: ${dataset.seconds.toFixed(0)} s)`);
  await storage.close();

  const base = { bench: 'traces', spans };
  printJsonLine({ ...base, metric: 'search_p95_ms', value: Number(searchP95.toFixed(1)), unit: 'ms', goal: GOALS.searchP95Ms, p50: Number(searchP50.toFixed(1)), ratio: { to: 'span terms-aggregation over trace ids (p50)', value: Number((baselineP50 / pairedSummaryP50).toFixed(1)) } });
  printJsonLine({ ...base, metric: 'trace_by_id_1k_p95_ms', value: Number(byId['1k'].p95.toFixed(1)), unit: 'ms', goal: GOALS.byId1kP95Ms, p50: Number(byId['1k'].p50.toFixed(1)) });
  printJsonLine({ ...base, metric: 'trace_by_id_50k_p95_ms', value: Number(byId['50k'].p95.toFixed(1)), unit: 'ms', p50: Number(byId['50k'].p50.toFixed(1)) });
  printJsonLine({ ...base, metric: 'analysis_50k_p95_ms', value: Number(analysisP95.toFixed(1)), unit: 'ms', goal: GOALS.analysis50kP95Ms, p50: Number(analysisP50.toFixed(1)), cpu_p50: Number(analysisCpuP50.toFixed(1)) });
}

await main();
