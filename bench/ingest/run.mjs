// bench:ingest — spans indexed per second end to end (collector → BullMQ/Redis → worker →
// Elasticsearch, all on this machine), against bulk-indexing the identical documents straight into
// Elasticsearch with the same batch size and parallelism. Each path is timed until Elasticsearch has
// acknowledged every write (the pipeline: its queue drained); then what was stored is counted, so
// anything lost or duplicated shows.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { Redis } from 'ioredis';
import { buildSpanRollups } from '@linkscope/layers';
import { decodeTraceRequest } from '@linkscope/otlp';
import { DEV_INGEST_KEY, waitFor } from '@linkscope/devstack';
import { Storage, storageConfigFromEnv } from '@linkscope/storage';
import { toProtobuf, traceRequestObject } from '../lib/otlp-fixtures.mjs';
import { REPO, cpuSecondsOf, cpuSecondsOfAll, flushRedisDb, fmt, infra, machine, pidsMatching, postBody, printJsonLine, runConcurrently, seedDevIngestKey, startApp, stopApp } from '../lib/harness.mjs';

const SPANS_PER_BATCH = 500;
const BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 300);
// Four rounds, alternating which path goes first: one round's ratio moves by ±0.05 on this 2-core
// machine for the same code (Elasticsearch's CPU per span drifts between runs), so two were too few.
const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? 4);
// The worker runs at its default concurrency unless BENCH_WORKER_CONCURRENCY says otherwise; the
// direct baseline at the parallelism that is fastest for it (measured: see docs/benchmarks.md).
const WORKER_CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY;
// 4 against 8, alternating, three times each (19:52–20:00): 6,277 against 6,447 spans/s, so 8.
const PARALLEL = Number(process.env.BENCH_INGEST_DIRECT_PARALLEL ?? 8);
const PORT = 21328; // below Linux's source-port range (32768–60999), so no outgoing connection can hold it
const REDIS_DB = 8;
const SCOPE = { tenantId: 'demo', projectId: 'demo-shop' };
const GOAL_RATIO = 0.85;
const RESEND_ATTEMPTS = 10;
/** Elasticsearch's warm-up: chunks of direct writes until two in a row cost within 5 % of the one before. */
const WARM_CHUNK_BATCHES = 60;
const WARM_MAX_CHUNKS = 12;
/**
 * The pipeline's warm-up: requests sent through each freshly started collector and worker before
 * the clock starts, as the direct path's code is warm from Elasticsearch's warm-up. Their spans
 * start 10 minutes off the measured ones, outside the counted window but in the same daily
 * indices: spans a day ahead made every trace-summary lookup of the measured run read one index
 * more (592,000 documents fetched by id against the direct path's 292,000, 17:47).
 */
const WARM_PIPELINE_BATCHES = 40;

/** CPU seconds of every process that takes part, so the report says where the time went. */
function cpuSnapshot(apps) {
  const snapshot = {
    elasticsearch: cpuSecondsOfAll(pidsMatching('org.elasticsearch.bootstrap.Elasticsearch')),
    redis: cpuSecondsOfAll(pidsMatching('redis-server')),
    bench: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  };
  for (const [name, child] of Object.entries(apps)) snapshot[name] = cpuSecondsOf(child.pid);
  return snapshot;
}

/**
 * Elasticsearch's own counters (node totals; they survive index deletion), so the report can say
 * what work each path asked of it: documents indexed, documents fetched by id, searches, refreshes
 * and merges.
 */
async function esWork(esUrl) {
  const response = await fetch(`${esUrl}/_nodes/_local/stats/indices/indexing,get,search,refresh,merge?filter_path=nodes.*.indices`);
  const [node] = Object.values((await response.json()).nodes);
  const { indexing, get, search, refresh, merges } = node.indices;
  return {
    indexed: indexing.index_total,
    indexMs: indexing.index_time_in_millis,
    fetchedById: get.total,
    searches: search.query_total,
    refreshes: refresh.total,
    refreshMs: refresh.total_time_in_millis,
    mergeMs: merges.total_time_in_millis,
  };
}

/** Per-name differences of two snapshots (CPU seconds, Elasticsearch counters). */
function since(before, after) {
  return Object.fromEntries(Object.keys(before).map((name) => [name, after[name] - before[name]]));
}

/** True once the ingest queue has nothing waiting, delayed or in progress: every batch's writes are done. */
async function queueIdle(redis) {
  const [wait, active, delayed, prioritized] = await Promise.all([
    redis.llen('bull:ls-ingest:wait'),
    redis.llen('bull:ls-ingest:active'),
    redis.zcard('bull:ls-ingest:delayed'),
    redis.zcard('bull:ls-ingest:prioritized'),
  ]);
  return wait + active + delayed + prioritized === 0;
}

/**
 * What the worker writes for one span batch, done in this process: span documents, the layer
 * rollups of the batch and the merge into per-trace summaries — the identical documents, without
 * the collector and the queue.
 */
async function writeDirect(storage, batchId, spans) {
  // In the worker's order: the summaries are read while the spans are written, and written after.
  const summaries = storage.traceSummaries.prepareMerge(SCOPE, spans);
  const { rollups, spanEntities } = buildSpanRollups(spans, []);
  const [items, written] = await Promise.all([storage.spans.bulkCreate(SCOPE, spans, spanEntities), storage.rollups.bulkCreate(SCOPE, batchId, rollups)]);
  if (items.retryable || items.rejected || written.retryable || written.rejected) throw new Error(`direct bulk refused items: ${JSON.stringify({ items, written })}`);
  await summaries.write();
}

function storageFor(prefix, esUrl) {
  return new Storage(storageConfigFromEnv({ ES_URL: esUrl, ES_INDEX_PREFIX: prefix }));
}

/**
 * Every span stored, counted after a refresh (and again a few seconds later, so a late duplicate
 * from a redelivered job would show). Not part of the timed section: the clock stops when
 * Elasticsearch has acknowledged every write, so the 1 s refresh interval does not blur the figures.
 */
async function countStored(storage, fromMs, toMs) {
  await storage.refreshSpans();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await storage.refreshSpans();
  return storage.spans.countSpans(SCOPE, fromMs, toMs);
}

/** Collector and worker as in production, on a fresh index prefix and Redis database. */
async function runPipeline(esUrl, bodies, warmBodies, expected, window, round) {
  const prefix = `lsbenchpipe${round}`;
  const storage = storageFor(prefix, esUrl);
  await storage.purge();
  await flushRedisDb(REDIS_DB);
  const env = { REDIS_URL: `redis://127.0.0.1:6379/${REDIS_DB}`, ES_URL: esUrl, ES_INDEX_PREFIX: prefix, LOG_LEVEL: 'warn' };
  await seedDevIngestKey(esUrl, prefix);
  const worker = await startApp(`${REPO}/apps/worker/dist/main.js`, { ...env, ...(WORKER_CONCURRENCY ? { WORKER_CONCURRENCY } : {}) }, async () => true);
  let collector;
  try {
    collector = await startApp(`${REPO}/apps/collector/dist/main.js`, {
      ...env,
      COLLECTOR_PORT: String(PORT),
      COLLECTOR_ZIPKIN_PORT: String(PORT + 1),
      COLLECTOR_GRPC_PORT: String(PORT + 2),
      COLLECTOR_QUEUE_HIGH_WATER: '100000000',
      COLLECTOR_TENANT_SPANS_PER_SECOND: '1000000000',
    }, async () => (await fetch(`http://127.0.0.1:${PORT}/readyz`).catch(() => null))?.ok === true);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the worker installs templates first
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const redis = new Redis(`redis://127.0.0.1:6379/${REDIS_DB}`);
    const headers = { 'content-type': 'application/x-protobuf', 'x-linkscope-ingest-key': DEV_INGEST_KEY };
    let resent = 0;
    /** Sends every body, 8 at a time, and waits until the worker has written them all. */
    const sendAndDrain = async (list) => {
      await runConcurrently(list.length, 8, async (i) => {
        // As an OpenTelemetry exporter does: 503 (Redis slow to confirm) and 429 are answered by sending again.
        for (let attempt = 1; ; attempt++) {
          const status = await postBody(agent, `http://127.0.0.1:${PORT}/v1/traces`, headers, list[i]);
          if (status === 200) return;
          if ((status !== 503 && status !== 429) || attempt === RESEND_ATTEMPTS) throw new Error(`collector answered ${status} (attempt ${attempt})`);
          resent++;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      });
      if (!(await waitFor(() => queueIdle(redis), 600_000, 20))) throw new Error('the ingest queue did not drain within 10 minutes');
    };
    await sendAndDrain(warmBodies);
    resent = 0;
    const cpuBefore = cpuSnapshot({ collector, worker });
    const workBefore = await esWork(esUrl);
    const started = process.hrtime.bigint();
    await sendAndDrain(bodies);
    agent.destroy();
    redis.disconnect();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = since(cpuBefore, cpuSnapshot({ collector, worker }));
    const work = since(workBefore, await esWork(esUrl));
    return { seconds, count: await countStored(storage, ...window), cpu, work, resent };
  } finally {
    if (collector) await stopApp(collector);
    await stopApp(worker);
    await storage.purge();
    await storage.close();
    await flushRedisDb(REDIS_DB);
  }
}

/** The identical writes, straight into Elasticsearch from this process. */
async function runDirect(esUrl, batches, expected, window, round) {
  const storage = storageFor(`lsbenchdirect${round}`, esUrl);
  await storage.purge();
  await storage.ensureTemplates();
  try {
    const cpuBefore = cpuSnapshot({});
    const workBefore = await esWork(esUrl);
    const started = process.hrtime.bigint();
    await runConcurrently(batches.length, PARALLEL, async (i) => writeDirect(storage, `direct-${round}-${i}`, batches[i]));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = since(cpuBefore, cpuSnapshot({}));
    const work = since(workBefore, await esWork(esUrl));
    return { seconds, count: await countStored(storage, ...window), cpu, work };
  } finally {
    await storage.purge();
    await storage.close();
  }
}

/** Per-name totals over runs of one of their snapshot differences (`cpu` or `work`). */
function sumOver(runs, field) {
  const total = {};
  for (const run of runs) for (const [name, value] of Object.entries(run[field])) total[name] = (total[name] ?? 0) + value;
  return total;
}

async function main() {
  const up = await infra();
  const esUrl = up.elasticsearch.url;
  const nowMs = Date.now();
  const requests = Array.from({ length: BATCHES }, (_, i) => traceRequestObject(SPANS_PER_BATCH, BigInt(nowMs + i) * 1_000_000n));
  const bodies = requests.map(toProtobuf);
  const warmStartMs = Math.floor((nowMs + 600_000) / 86_400_000) === Math.floor(nowMs / 86_400_000) ? nowMs + 600_000 : nowMs - 600_000;
  const warmBodies = Array.from({ length: WARM_PIPELINE_BATCHES }, (_, i) => toProtobuf(traceRequestObject(SPANS_PER_BATCH, BigInt(warmStartMs + i) * 1_000_000n)));
  const batches = bodies.map((body) => decodeTraceRequest(body, 'protobuf').spans);
  const expected = BATCHES * SPANS_PER_BATCH;
  const window = [nowMs - 60_000, nowMs + BATCHES + 60_000];

  // Warm-up of Elasticsearch: a node just started spends far more CPU per span until its JIT has
  // compiled the indexing path (143 µs per span in the first round after a start, 96 in the
  // fourth: 2026-12-05 17:39), and whichever path runs first would pay for it. The direct writes
  // go in chunks until two chunks in a row cost Elasticsearch within 5 % of the one before
  // (one such step was not enough: 492 → 334 → 256 → 244, then 151 µs in the first round).
  const warmStorage = storageFor('lsbenchwarm', esUrl);
  await warmStorage.purge();
  await warmStorage.ensureTemplates();
  const esPids = pidsMatching('org.elasticsearch.bootstrap.Elasticsearch');
  const warmChunk = Math.min(WARM_CHUNK_BATCHES, BATCHES);
  const warmCosts = [];
  // Each chunk writes batches not yet in the scratch indices (new documents, as in the measured
  // runs); only when every batch has been written are the indices emptied, outside the timing.
  const chunksPerPass = Math.max(1, Math.floor(BATCHES / warmChunk));
  for (let chunk = 0; chunk < WARM_MAX_CHUNKS; chunk++) {
    if (chunk > 0 && chunk % chunksPerPass === 0) {
      await warmStorage.purge();
      await warmStorage.ensureTemplates();
    }
    const offset = (chunk % chunksPerPass) * warmChunk;
    const before = cpuSecondsOfAll(esPids);
    await runConcurrently(warmChunk, PARALLEL, async (i) => writeDirect(warmStorage, `warm-${chunk}-${i}`, batches[offset + i]));
    warmCosts.push(((cpuSecondsOfAll(esPids) - before) / (warmChunk * SPANS_PER_BATCH)) * 1e6);
    const steady = (a, b) => Math.abs(b - a) <= 0.05 * a;
    const [first, second, third] = warmCosts.slice(-3);
    if (warmCosts.length >= 3 && steady(first, second) && steady(second, third)) break;
  }
  await warmStorage.purge();
  await warmStorage.close();
  // The chunks above are not enough on a node just started: it went on getting cheaper through the
  // measured rounds (the pipeline's first round 150 µs per span, its fourth 94; 2026-12-05 18:14),
  // and the pipeline, going first, paid for it (round ratio 0.71). One whole pipeline run, not
  // counted, with the pipeline's own mix of requests, before the first measured round.
  const warmRun = await runPipeline(esUrl, bodies, warmBodies, expected, window, 'warm');
  const warmRunUs = ((warmRun.cpu.elasticsearch / expected) * 1e6).toFixed(0);

  // BENCH_INGEST_PLACEMENTS=shared|split runs one placement only (quicker experiments).
  const only = process.env.BENCH_INGEST_PLACEMENTS;
  const modes = only === 'split' ? [] : [{ name: 'shared', label: 'every process on every core' }];
  const split = coreSplit();
  if (split && only !== 'shared') modes.push({ name: 'split', label: `Elasticsearch on core${split.es.includes('-') ? 's' : ''} ${split.es} of its own, everything else on ${split.rest}`, ...split });
  const results = [];
  for (const mode of modes) {
    if (mode.name === 'split') place(mode);
    try {
      // Rounds alternate the order (pipeline first, then direct first), so neither path always runs
      // on a fresher or busier Elasticsearch; on a shared machine this also spreads other load over both.
      const pipelineRuns = [];
      const directRuns = [];
      for (let round = 0; round < ROUNDS; round++) {
        const tag = `${mode.name === 'split' ? 's' : ''}${round}`;
        if (round % 2 === 0) {
          pipelineRuns.push(await runPipeline(esUrl, bodies, warmBodies, expected, window, tag));
          directRuns.push(await runDirect(esUrl, batches, expected, window, tag));
        } else {
          directRuns.push(await runDirect(esUrl, batches, expected, window, tag));
          pipelineRuns.push(await runPipeline(esUrl, bodies, warmBodies, expected, window, tag));
        }
      }
      results.push({ mode, pipelineRuns, directRuns });
    } finally {
      if (mode.name === 'split') unplace();
    }
  }

  // Reference: span documents alone, without rollups and trace summaries — what those cost.
  const spansOnlyStorage = storageFor('lsbenchspans', esUrl);
  await spansOnlyStorage.purge();
  await spansOnlyStorage.ensureTemplates();
  const startedSpansOnly = process.hrtime.bigint();
  await runConcurrently(BATCHES, PARALLEL, async (i) => {
    const outcome = await spansOnlyStorage.spans.bulkCreate(SCOPE, batches[i]);
    if (outcome.retryable || outcome.rejected) throw new Error(`span bulk refused items: ${JSON.stringify(outcome)}`);
  });
  const spansOnlySeconds = Number(process.hrtime.bigint() - startedSpansOnly) / 1e9;
  const spansOnlyCount = await countStored(spansOnlyStorage, ...window);
  await spansOnlyStorage.purge();
  await spansOnlyStorage.close();

  console.log(`\nbench:ingest on ${machine()}`);
  console.log(`${BATCHES} OTLP protobuf requests × ${SPANS_PER_BATCH} spans = ${fmt(expected)} spans per run; worker concurrency ${WORKER_CONCURRENCY ?? 'default'}, ${PARALLEL} parallel batches in the direct path; ${ROUNDS} rounds per placement, order alternating`);
  console.log(`warm-up: Elasticsearch ${warmCosts.map((us) => us.toFixed(0)).join(' → ')} µs of CPU per span over ${warmCosts.length} chunk(s) of ${fmt(warmChunk * SPANS_PER_BATCH)} spans written directly; each pipeline run first sends ${WARM_PIPELINE_BATCHES} requests of its own (10 minutes off, not counted) through its fresh collector and worker; then one whole pipeline run, not counted (Elasticsearch ${warmRunUs} µs per span)`);
  console.log(`span documents only (reference, shared cores): ${spansOnlySeconds.toFixed(1)} s, ${fmt(expected / spansOnlySeconds)} spans/s, ${fmt(spansOnlyCount)} stored`);
  for (const result of results) report(result, expected);
}

/**
 * Where the processes run. "shared": the operating system spreads every process over every core,
 * as on a laptop. "split": Elasticsearch gets half the cores to itself and the collector, worker,
 * Redis and this process the other half — the shape of a deployment, where Elasticsearch has
 * machines of its own, so the ratio then says what the pipeline adds to Elasticsearch's own work
 * rather than how four programs share two cores.
 */
function coreSplit() {
  const cores = os.availableParallelism();
  if (cores < 2) return null;
  const half = Math.ceil(cores / 2);
  const range = (from, to) => (from === to ? `${from}` : `${from}-${to}`);
  return { es: range(half, cores - 1), rest: range(0, half - 1), all: range(0, cores - 1) };
}

let placed = null;

function setAffinity(pids, cpus) {
  for (const pid of pids) execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'ignore' });
}

/** Children started from here on inherit this process's placement; Elasticsearch and Redis are moved (every thread). */
function place(split) {
  placed = { split, es: pidsMatching('org.elasticsearch.bootstrap.Elasticsearch'), redis: pidsMatching('redis-server') };
  process.once('exit', unplace);
  setAffinity(placed.es, split.es);
  setAffinity([...placed.redis, process.pid], split.rest);
}

function unplace() {
  if (!placed) return;
  const { split, es, redis } = placed;
  placed = null;
  setAffinity([...es, ...redis, process.pid], split.all);
}

function report({ mode, pipelineRuns, directRuns }, expected) {
  const pipelineSeconds = pipelineRuns.reduce((sum, run) => sum + run.seconds, 0);
  const directSeconds = directRuns.reduce((sum, run) => sum + run.seconds, 0);
  const total = expected * ROUNDS;
  const pipelineRate = total / pipelineSeconds;
  const directRate = total / directSeconds;
  const lost = pipelineRuns.reduce((sum, run) => sum + Math.max(0, expected - run.count), 0);
  const duplicated = pipelineRuns.reduce((sum, run) => sum + Math.max(0, run.count - expected), 0);
  console.log(`\n## ${mode.name}: ${mode.label}\n`);
  console.log('round  path                               seconds   indexed spans/s   stored   ES CPU/span');
  const esPerSpan = (run) => `${((run.cpu.elasticsearch / expected) * 1e6).toFixed(1).padStart(9)} µs`;
  for (let round = 0; round < ROUNDS; round++) {
    const p = pipelineRuns[round];
    const d = directRuns[round];
    console.log(`${String(round + 1).padStart(5)}  collector → queue → worker → ES ${p.seconds.toFixed(1).padStart(9)} ${fmt(expected / p.seconds).padStart(17)} ${fmt(p.count).padStart(8)} ${esPerSpan(p)}`);
    console.log(`${String(round + 1).padStart(5)}  same writes straight into ES     ${d.seconds.toFixed(1).padStart(9)} ${fmt(expected / d.seconds).padStart(17)} ${fmt(d.count).padStart(8)} ${esPerSpan(d)}   round ratio ${(d.seconds / p.seconds).toFixed(2)}`);
  }
  const pipelineCpu = sumOver(pipelineRuns, 'cpu');
  const directCpu = sumOver(directRuns, 'cpu');
  const perSpan = (seconds) => `${((seconds / total) * 1e6).toFixed(1).padStart(6)} µs`;
  console.log('\nCPU per indexed span (user + system, all rounds)  pipeline   direct');
  for (const name of ['collector', 'worker', 'elasticsearch', 'redis', 'bench']) {
    const direct = directCpu[name] === undefined ? '      -' : perSpan(directCpu[name]);
    console.log(`  ${name.padEnd(46)} ${perSpan(pipelineCpu[name])}  ${direct}`);
  }
  console.log('  (bench = this process: sending requests in the pipeline run; mapping, serialising and sending the bulks in the direct run)');
  const busy = (cpu, seconds) => (cpu.elasticsearch / seconds).toFixed(2);
  console.log(`  Elasticsearch busy: ${busy(pipelineCpu, pipelineSeconds)} cores in the pipeline runs, ${busy(directCpu, directSeconds)} in the direct runs`);
  const pipelineWork = sumOver(pipelineRuns, 'work');
  const directWork = sumOver(directRuns, 'work');
  console.log('\nWhat Elasticsearch was asked to do (node counters, all rounds)  pipeline     direct');
  for (const name of Object.keys(pipelineWork)) console.log(`  ${name.padEnd(60)} ${fmt(pipelineWork[name]).padStart(9)}  ${fmt(directWork[name]).padStart(9)}`);
  const ratio = pipelineRate / directRate;
  const roundRatios = pipelineRuns.map((p, round) => directRuns[round].seconds / p.seconds).sort((a, b) => a - b);
  const medianRatio = (roundRatios[Math.floor((ROUNDS - 1) / 2)] + roundRatios[Math.ceil((ROUNDS - 1) / 2)]) / 2;
  const resent = pipelineRuns.reduce((sum, run) => sum + run.resent, 0);
  if (resent > 0) console.log(`\nrequests sent again after a 503 or 429: ${resent} (the same batch ids: stored once, as the counts show)`);
  console.log(`\n${mode.name}: ratio ${ratio.toFixed(2)} (goal ≥ ${GOAL_RATIO}; all rounds: ${fmt(pipelineRate)} vs ${fmt(directRate)} spans/s; median of the round ratios ${medianRatio.toFixed(2)}, lowest ${roundRatios[0].toFixed(2)}); lost ${lost}, duplicated ${duplicated}`);
  const suffix = mode.name === 'shared' ? '' : `_${mode.name}`;
  printJsonLine({ bench: 'ingest', metric: `pipeline_indexed_spans_per_s${suffix}`, value: Math.round(pipelineRate), unit: 'spans/s', ratio: { to: 'the same writes straight into Elasticsearch', value: Number(ratio.toFixed(2)), median_of_rounds: Number(medianRatio.toFixed(2)) }, goal_ratio: GOAL_RATIO, placement: mode.label });
  for (const name of ['collector', 'worker']) {
    printJsonLine({ bench: 'ingest', metric: `${name}_cpu_us_per_span${suffix}`, value: Number(((pipelineCpu[name] / total) * 1e6).toFixed(1)), unit: 'µs' });
  }
  printJsonLine({ bench: 'ingest', metric: `spans_lost${suffix}`, value: lost, unit: 'spans', goal: 0 });
  printJsonLine({ bench: 'ingest', metric: `spans_duplicated${suffix}`, value: duplicated, unit: 'spans', goal: 0 });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
