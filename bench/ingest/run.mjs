// bench:ingest — spans indexed per second end to end (collector → BullMQ/Redis → worker →
// Elasticsearch, all on this machine), against bulk-indexing the identical documents straight into
// Elasticsearch with the same batch size and parallelism. Also counts what was lost or duplicated.
import { Redis } from 'ioredis';
import { buildSpanRollups } from '@linkscope/layers';
import { decodeTraceRequest } from '@linkscope/otlp';
import { DEV_INGEST_KEY, waitFor } from '@linkscope/devstack';
import { Storage, storageConfigFromEnv } from '@linkscope/storage';
import { toProtobuf, traceRequestObject } from '../lib/otlp-fixtures.mjs';
import { REPO, cpuSecondsOf, cpuSecondsOfAll, flushRedisDb, fmt, infra, machine, pidsMatching, printJsonLine, runConcurrently, seedDevIngestKey, startApp, stopApp } from '../lib/harness.mjs';

const SPANS_PER_BATCH = 500;
const BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 300);
const PARALLEL = 4; // the worker's default concurrency, and the direct baseline's parallel bulks
const PORT = 47328;
const REDIS_DB = 8;
const SCOPE = { tenantId: 'demo', projectId: 'demo-shop' };
const GOAL_RATIO = 0.85;

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

function cpuSince(before, after) {
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
  const { rollups, spanEntities } = buildSpanRollups(spans, []);
  const [items, written] = await Promise.all([storage.spans.bulkCreate(SCOPE, spans, spanEntities), storage.rollups.bulkCreate(SCOPE, batchId, rollups)]);
  if (items.retryable || items.rejected || written.retryable || written.rejected) throw new Error(`direct bulk refused items: ${JSON.stringify({ items, written })}`);
  await storage.traceSummaries.mergeSpans(SCOPE, spans);
}

function storageFor(prefix, esUrl) {
  return new Storage(storageConfigFromEnv({ ES_URL: esUrl, ES_INDEX_PREFIX: prefix }));
}

async function untilCount(storage, expected, fromMs, toMs) {
  let count = 0;
  const reached = await waitFor(async () => {
    count = await storage.spans.countSpans(SCOPE, fromMs, toMs);
    return count >= expected;
  }, 600_000, 100);
  if (!reached) throw new Error(`only ${count} of ${expected} spans arrived within 10 minutes`);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return storage.spans.countSpans(SCOPE, fromMs, toMs);
}

async function main() {
  const up = await infra();
  const esUrl = up.elasticsearch.url;
  const nowMs = Date.now();
  const requests = Array.from({ length: BATCHES }, (_, i) => traceRequestObject(SPANS_PER_BATCH, BigInt(nowMs + i) * 1_000_000n));
  const bodies = requests.map(toProtobuf);
  const expected = BATCHES * SPANS_PER_BATCH;
  const window = [nowMs - 60_000, nowMs + BATCHES + 60_000];

  // Warm-up: Elasticsearch's JIT and caches are cold after a start; without this the first
  // measured run pays for it.
  const warmStorage = storageFor('lsbenchwarm', esUrl);
  await warmStorage.purge();
  await warmStorage.ensureTemplates();
  const warmBatches = bodies.slice(0, Math.min(60, BATCHES)).map((body) => decodeTraceRequest(body, 'protobuf').spans);
  await runConcurrently(warmBatches.length, PARALLEL, async (i) => writeDirect(warmStorage, `warm-${i}`, warmBatches[i]));
  await warmStorage.purge();
  await warmStorage.close();

  // Pipeline: collector and worker as in production.
  const pipelineStorage = storageFor('lsbenchpipe', esUrl);
  await pipelineStorage.purge();
  await flushRedisDb(REDIS_DB);
  const env = { REDIS_URL: `redis://127.0.0.1:6379/${REDIS_DB}`, ES_URL: esUrl, ES_INDEX_PREFIX: 'lsbenchpipe', LOG_LEVEL: 'warn' };
  await seedDevIngestKey(esUrl, 'lsbenchpipe');
  const worker = await startApp(`${REPO}/apps/worker/dist/main.js`, { ...env, WORKER_CONCURRENCY: String(PARALLEL) }, async () => true);
  const collector = await startApp(`${REPO}/apps/collector/dist/main.js`, {
    ...env,
    COLLECTOR_PORT: String(PORT),
    COLLECTOR_ZIPKIN_PORT: String(PORT + 1),
    COLLECTOR_GRPC_PORT: String(PORT + 2),
    COLLECTOR_QUEUE_HIGH_WATER: '100000000',
    COLLECTOR_TENANT_SPANS_PER_SECOND: '1000000000',
  }, async () => (await fetch(`http://127.0.0.1:${PORT}/readyz`).catch(() => null))?.ok === true);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // the worker installs templates first
  let pipelineSeconds;
  let pipelineCount;
  let pipelineCpu;
  try {
    const cpuBefore = cpuSnapshot({ collector, worker });
    const started = process.hrtime.bigint();
    await runConcurrently(BATCHES, 8, async (i) => {
      const response = await fetch(`http://127.0.0.1:${PORT}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf', 'x-linkscope-ingest-key': DEV_INGEST_KEY },
        body: bodies[i],
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`collector answered ${response.status}`);
    });
    const redis = new Redis(`redis://127.0.0.1:6379/${REDIS_DB}`);
    await waitFor(() => queueIdle(redis), 600_000, 100);
    redis.disconnect();
    pipelineCount = await untilCount(pipelineStorage, expected, ...window);
    pipelineSeconds = Number(process.hrtime.bigint() - started) / 1e9 - 3;
    pipelineCpu = cpuSince(cpuBefore, cpuSnapshot({ collector, worker }));
  } finally {
    await stopApp(collector);
    await stopApp(worker);
  }

  // Direct: the identical writes, straight into Elasticsearch.
  const directStorage = storageFor('lsbenchdirect', esUrl);
  await directStorage.purge();
  await directStorage.ensureTemplates();
  const batches = bodies.map((body) => decodeTraceRequest(body, 'protobuf').spans);
  const directCpuBefore = cpuSnapshot({});
  const startedDirect = process.hrtime.bigint();
  await runConcurrently(BATCHES, PARALLEL, async (i) => writeDirect(directStorage, `direct-${i}`, batches[i]));
  const directCount = await untilCount(directStorage, expected, ...window);
  const directSeconds = Number(process.hrtime.bigint() - startedDirect) / 1e9 - 3;
  const directCpu = cpuSince(directCpuBefore, cpuSnapshot({}));

  // Reference: span documents alone, without rollups and trace summaries — what those cost.
  const spansOnlyStorage = storageFor('lsbenchspans', esUrl);
  await spansOnlyStorage.purge();
  await spansOnlyStorage.ensureTemplates();
  const startedSpansOnly = process.hrtime.bigint();
  await runConcurrently(BATCHES, PARALLEL, async (i) => {
    const outcome = await spansOnlyStorage.spans.bulkCreate(SCOPE, batches[i]);
    if (outcome.retryable || outcome.rejected) throw new Error(`span bulk refused items: ${JSON.stringify(outcome)}`);
  });
  const spansOnlyCount = await untilCount(spansOnlyStorage, expected, ...window);
  const spansOnlySeconds = Number(process.hrtime.bigint() - startedSpansOnly) / 1e9 - 3;
  await spansOnlyStorage.purge();
  await spansOnlyStorage.close();

  await pipelineStorage.purge();
  await directStorage.purge();
  await Promise.all([pipelineStorage.close(), directStorage.close()]);
  await flushRedisDb(REDIS_DB);

  const pipelineRate = expected / pipelineSeconds;
  const directRate = expected / directSeconds;
  console.log(`\nbench:ingest on ${machine()}`);
  console.log(`${BATCHES} OTLP protobuf requests × ${SPANS_PER_BATCH} spans = ${fmt(expected)} spans; ${PARALLEL} parallel bulk writers in both runs\n`);
  console.log('path                                   seconds   indexed spans/s   stored');
  console.log(`collector → queue → worker → ES ${pipelineSeconds.toFixed(1).padStart(13)} ${fmt(pipelineRate).padStart(17)} ${fmt(pipelineCount).padStart(8)}`);
  console.log(`same writes straight into ES    ${directSeconds.toFixed(1).padStart(13)} ${fmt(directRate).padStart(17)} ${fmt(directCount).padStart(8)}`);
  console.log(`span documents only (reference)${spansOnlySeconds.toFixed(1).padStart(13)} ${fmt(expected / spansOnlySeconds).padStart(17)} ${fmt(spansOnlyCount).padStart(8)}`);
  const perSpan = (seconds) => `${((seconds / expected) * 1e6).toFixed(1).padStart(6)} µs`;
  console.log('\nCPU per indexed span (user + system, whole run)   pipeline   direct');
  for (const name of ['collector', 'worker', 'elasticsearch', 'redis', 'bench']) {
    const direct = directCpu[name] === undefined ? '      -' : perSpan(directCpu[name]);
    console.log(`  ${name.padEnd(46)} ${perSpan(pipelineCpu[name])}  ${direct}`);
  }
  console.log('  (bench = this process: sending requests in the pipeline run; mapping, serialising and sending the bulks in the direct run)');
  console.log(`ratio ${(pipelineRate / directRate).toFixed(2)}; lost ${expected - Math.min(pipelineCount, expected)}, duplicated ${Math.max(0, pipelineCount - expected)}\n`);
  printJsonLine({ bench: 'ingest', metric: 'pipeline_indexed_spans_per_s', value: Math.round(pipelineRate), unit: 'spans/s', ratio: { to: 'the same writes straight into Elasticsearch', value: Number((pipelineRate / directRate).toFixed(2)) }, goal_ratio: GOAL_RATIO });
  for (const name of ['collector', 'worker']) {
    printJsonLine({ bench: 'ingest', metric: `${name}_cpu_us_per_span`, value: Number(((pipelineCpu[name] / expected) * 1e6).toFixed(1)), unit: 'µs' });
  }
  printJsonLine({ bench: 'ingest', metric: 'spans_lost', value: expected - Math.min(pipelineCount, expected), unit: 'spans', goal: 0 });
  printJsonLine({ bench: 'ingest', metric: 'spans_duplicated', value: Math.max(0, pipelineCount - expected), unit: 'spans', goal: 0 });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
