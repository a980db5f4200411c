// bench:collector — how many spans per second per core one collector process takes in, for
// OTLP protobuf and OTLP/JSON, against a decode-only baseline of the same bodies in one process.
//
// The collector does everything it does in production: HTTP, gunzip-free body read, key check,
// decode, validation, normalisation, batch digest and the BullMQ enqueue into a real Redis (db 9,
// emptied before and after; no worker consumes it). Throughput per core = spans acknowledged
// divided by the CPU seconds the collector process used (from /proc), so the load generator and
// Redis sharing the machine's two cores do not distort the figure.
import http from 'node:http';
import { decodeTraceRequest } from '@linkscope/otlp';
import { DEV_INGEST_KEY } from '@linkscope/devstack';
import { toJson, toProtobuf, traceRequestObject } from '../lib/otlp-fixtures.mjs';
import { REPO, cpuSecondsOf, flushRedisDb, fmt, infra, machine, postBody, printJsonLine, runConcurrently, seedDevIngestKey, startApp, stopApp } from '../lib/harness.mjs';

const SPANS_PER_BATCH = 500;
const DISTINCT_BATCHES = 40;
const REQUESTS = Number(process.env.BENCH_COLLECTOR_REQUESTS ?? 400);
const CONCURRENCY = 8;
const PORT = 21318; // below Linux's source-port range (32768–60999), so no outgoing connection can hold it
const REDIS_DB = 9;
const GOAL_PROTOBUF = 40_000;

function decodeOnly(bodies, encoding) {
  for (let warm = 0; warm < 2; warm++) for (const body of bodies) decodeTraceRequest(body, encoding);
  const before = process.cpuUsage();
  let spans = 0;
  for (let round = 0; round < 5; round++) for (const body of bodies) spans += decodeTraceRequest(body, encoding).spans.length;
  const used = process.cpuUsage(before);
  return spans / ((used.user + used.system) / 1e6);
}

async function throughCollector(pid, bodies, contentType) {
  // node:http over keep-alive connections: fetch cost the load generator ~4× more CPU, taken
  // from the same two cores as the collector it measures (see bench:ingest).
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const headers = { 'content-type': contentType, 'x-linkscope-ingest-key': DEV_INGEST_KEY };
  const send = async (i) => {
    const status = await postBody(agent, `http://127.0.0.1:${PORT}/v1/traces`, headers, bodies[i % bodies.length]);
    if (status !== 200) throw new Error(`collector answered ${status}`);
  };
  await runConcurrently(40, CONCURRENCY, send);
  const cpuBefore = cpuSecondsOf(pid);
  const started = process.hrtime.bigint();
  await runConcurrently(REQUESTS, CONCURRENCY, send);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = cpuSecondsOf(pid) - cpuBefore;
  agent.destroy();
  const spans = REQUESTS * SPANS_PER_BATCH;
  return { perCore: spans / cpuSeconds, wall: spans / wallSeconds, cpuSeconds, wallSeconds };
}

async function main() {
  const up = await infra();
  await flushRedisDb(REDIS_DB);
  // The collector looks keys up in Elasticsearch (then caches them): store the bench's key there.
  await seedDevIngestKey(up.elasticsearch.url, 'lsbenchcol');
  const requests = Array.from({ length: DISTINCT_BATCHES }, (_, i) => traceRequestObject(SPANS_PER_BATCH, BigInt(Date.now() + i) * 1_000_000n));
  const protobuf = requests.map(toProtobuf);
  const json = requests.map(toJson);
  const collector = await startApp(`${REPO}/apps/collector/dist/main.js`, {
    COLLECTOR_PORT: String(PORT),
    COLLECTOR_ZIPKIN_PORT: String(PORT + 1),
    COLLECTOR_GRPC_PORT: String(PORT + 2),
    REDIS_URL: `redis://127.0.0.1:6379/${REDIS_DB}`,
    COLLECTOR_QUEUE_HIGH_WATER: '100000000',
    COLLECTOR_TENANT_SPANS_PER_SECOND: '1000000000',
    ES_URL: up.elasticsearch.url,
    ES_INDEX_PREFIX: 'lsbenchcol',
    LOG_LEVEL: 'warn',
  }, async () => (await fetch(`http://127.0.0.1:${PORT}/readyz`).catch(() => null))?.ok === true);

  try {
    const results = {};
    for (const [name, bodies, type] of [['protobuf', protobuf, 'application/x-protobuf'], ['json', json, 'application/json']]) {
      const baseline = decodeOnly(bodies, name);
      const measured = await throughCollector(collector.pid, bodies, type);
      results[name] = { baseline, ...measured };
      await flushRedisDb(REDIS_DB);
    }
    console.log(`\nbench:collector on ${machine()}`);
    console.log(`${REQUESTS} requests × ${SPANS_PER_BATCH} spans (~10 attributes each), ${CONCURRENCY} in flight, over loopback to one collector process\n`);
    console.log('encoding   collector spans/s/core   wall spans/s   decode-only spans/s/core   ratio');
    for (const [name, r] of Object.entries(results)) {
      console.log(`${name.padEnd(10)} ${fmt(r.perCore).padStart(22)} ${fmt(r.wall).padStart(14)} ${fmt(r.baseline).padStart(26)} ${(r.perCore / r.baseline).toFixed(2).padStart(7)}`);
    }
    console.log('');
    printJsonLine({ bench: 'collector', metric: 'otlp_protobuf_spans_per_s_per_core', value: Math.round(results.protobuf.perCore), unit: 'spans/s', goal: GOAL_PROTOBUF, ratio: { to: 'decode-only baseline', value: Number((results.protobuf.perCore / results.protobuf.baseline).toFixed(2)) } });
    printJsonLine({ bench: 'collector', metric: 'otlp_json_spans_per_s_per_core', value: Math.round(results.json.perCore), unit: 'spans/s', ratio: { to: 'decode-only baseline', value: Number((results.json.perCore / results.json.baseline).toFixed(2)) } });
  } finally {
    await stopApp(collector);
    await flushRedisDb(REDIS_DB);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
