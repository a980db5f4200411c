// bench:sdk — what tracing costs a minimal HTTP service: uninstrumented, with the plain
// OpenTelemetry Node SDK, and with the Linkscope SDK, measured side by side in one run.
//
// Each variant is the same service (service.cjs) in its own process; only the preload differs.
// autocannon drives it with a fixed number of keep-alive connections (closed loop), so throughput
// is what the process manages with the CPU it gets. Variants are interleaved round by round so
// drift in the machine's load hits all three alike. Spans go over OTLP/protobuf to a stand-in
// receiver (sink.mjs) that answers 200 at once; afterwards every exported body is decoded and its
// spans counted, so the figures are per span actually exported, not per span hoped for.
//
// Two CPU figures per exported span, both from /proc for the service process only:
// - SDK-attributable (the goal's figure): (CPU the instrumented process used per request − CPU the
//   bare process used per request) ÷ spans exported per request, i.e. (CPU of the instrumented run
//   − CPU of the bare run scaled to the same request count) ÷ spans exported;
// - whole process: all CPU the instrumented process used per request (HTTP serving included)
//   ÷ spans exported per request, printed so nobody has to wonder which one the goal is about.
// The variants' order rotates from round to round, so none always runs right after another.
import { fork, spawn } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';
import { decodeTraceRequest } from '@linkscope/otlp';
import { EXPORT_DELAY_MS, EXPORT_TIMEOUT_MS, MAX_QUEUED_SPANS, MAX_SPANS_PER_EXPORT } from '@linkscope/sdk-node';
import { REPO, cpuSecondsOf, fmt, machine, printJsonLine } from '../lib/harness.mjs';

const SECONDS = Number(process.env.BENCH_SDK_SECONDS ?? 8);
const WARMUP_SECONDS = 2;
const ROUNDS = Number(process.env.BENCH_SDK_ROUNDS ?? 3);
const CONNECTIONS = 16;
const SINK_PORT = 47_400;
const SERVICE_PORT = 47_401;
const GOAL_RATIO = 0.95;
const GOAL_CPU_US_PER_SPAN = 20;
const SINK_URL = `http://127.0.0.1:${SINK_PORT}`;

const VARIANTS = [
  { name: 'none', label: 'uninstrumented', preload: [], env: {} },
  {
    name: 'otel',
    label: 'plain OpenTelemetry SDK',
    preload: ['-r', `${REPO}/bench/sdk/plain-otel.cjs`],
    env: {
      BENCH_SINK_URL: SINK_URL,
      // NodeSDK's default metric and log exporters go to the sink too, not to whatever listens on 4318.
      OTEL_EXPORTER_OTLP_ENDPOINT: SINK_URL,
      // The same batch settings as ours.
      BENCH_BSP_SCHEDULE_DELAY_MS: String(EXPORT_DELAY_MS),
      BENCH_BSP_MAX_QUEUE_SIZE: String(MAX_QUEUED_SPANS),
      BENCH_BSP_MAX_EXPORT_BATCH_SIZE: String(MAX_SPANS_PER_EXPORT),
      BENCH_BSP_EXPORT_TIMEOUT_MS: String(EXPORT_TIMEOUT_MS),
    },
  },
  {
    name: 'linkscope',
    label: 'Linkscope SDK (defaults)',
    preload: ['-r', '@linkscope/sdk-node/register'],
    env: { OTEL_SERVICE_NAME: 'bench-linkscope', OTEL_EXPORTER_OTLP_ENDPOINT: SINK_URL, LINKSCOPE_API_KEY: 'ls_bench_key' },
  },
];

function startService(variant) {
  const child = spawn(process.execPath, [...variant.preload, `${REPO}/bench/sdk/service.cjs`], {
    cwd: REPO,
    env: { ...process.env, ...variant.env, BENCH_SERVICE_PORT: String(SERVICE_PORT) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${variant.name} service exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
  });
}

/** SIGTERM, and wait: both SDKs flush what they still hold before the process ends. */
function stopService(child) {
  child.removeAllListeners('exit');
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

function load(seconds) {
  return autocannon({ url: `http://127.0.0.1:${SERVICE_PORT}/items/42`, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
}

function takeExportedSpans(sink) {
  return new Promise((resolve) => {
    sink.once('message', (bodies) => {
      let spans = 0;
      for (const body of bodies) spans += decodeTraceRequest(Buffer.from(body, 'base64'), 'protobuf').spans.length;
      resolve(spans);
    });
    sink.send('take');
  });
}

async function measure(variant, sink) {
  const child = await startService(variant);
  try {
    const warm = await load(WARMUP_SECONDS);
    const cpuBefore = cpuSecondsOf(child.pid);
    const result = await load(SECONDS);
    const cpuSeconds = cpuSecondsOf(child.pid) - cpuBefore;
    if (result.errors > 0 || result.non2xx > 0) throw new Error(`${variant.name}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
    await stopService(child);
    const exported = await takeExportedSpans(sink);
    const served = warm.requests.total + result.requests.total;
    return { requests: result.requests.total, rps: result.requests.total / SECONDS, p99Ms: result.latency.p99, cpuSeconds, exported, served };
  } finally {
    await stopService(child);
  }
}

const sum = (values) => values.reduce((total, value) => total + value, 0);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const loadBefore = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  const sink = fork(`${REPO}/bench/sdk/sink.mjs`, [], { env: { ...process.env, BENCH_SINK_PORT: String(SINK_PORT) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((resolve) => sink.once('message', resolve));
  const runs = Object.fromEntries(VARIANTS.map((variant) => [variant.name, []]));
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round - 1) % VARIANTS.length]);
      for (const variant of order) {
        const run = await measure(variant, sink);
        runs[variant.name].push(run);
        console.log(`round ${round} ${variant.name.padEnd(9)} ${fmt(run.rps).padStart(7)} req/s  p99 ${run.p99Ms} ms  CPU ${run.cpuSeconds.toFixed(2)} s  exported ${run.exported}/${run.served} spans`);
      }
    }
  } finally {
    sink.kill('SIGTERM');
  }

  const totals = Object.fromEntries(
    VARIANTS.map(({ name }) => {
      const list = runs[name];
      const requests = sum(list.map((run) => run.requests));
      return [
        name,
        {
          rps: requests / (SECONDS * list.length),
          p99Ms: median(list.map((run) => run.p99Ms)),
          cpuUsPerRequest: (sum(list.map((run) => run.cpuSeconds)) * 1e6) / requests,
          spansPerRequest: sum(list.map((run) => run.exported)) / sum(list.map((run) => run.served)),
        },
      ];
    }),
  );
  const perSpan = (name) => (totals[name].cpuUsPerRequest - totals.none.cpuUsPerRequest) / totals[name].spansPerRequest;
  const perSpanWhole = (name) => totals[name].cpuUsPerRequest / totals[name].spansPerRequest;
  const loadAfter = os.loadavg().map((value) => value.toFixed(2)).join(' ');

  console.log(`\nbench:sdk on ${machine()}`);
  console.log(`${ROUNDS} interleaved rounds × ${SECONDS} s per variant (after ${WARMUP_SECONDS} s warm-up), ${CONNECTIONS} keep-alive connections, GET /items/42 → small JSON`);
  console.log(`load average before / after: ${loadBefore} / ${loadAfter}\n`);
  console.log('CPU µs per exported span: "SDK" = (CPU µs/request − bare CPU µs/request) ÷ spans/request, the goal\'s figure;');
  console.log('"whole" = all the process\'s CPU µs/request (HTTP serving included) ÷ spans/request.\n');
  console.log('variant                      req/s   ratio to bare   p99 ms   CPU µs/request   spans/request   µs/span SDK   µs/span whole');
  for (const variant of VARIANTS) {
    const t = totals[variant.name];
    const spanCost = variant.name === 'none' ? '—' : perSpan(variant.name).toFixed(1);
    const wholeCost = variant.name === 'none' ? '—' : perSpanWhole(variant.name).toFixed(1);
    console.log(
      `${variant.label.padEnd(26)} ${fmt(t.rps).padStart(7)} ${(t.rps / totals.none.rps).toFixed(3).padStart(15)} ${String(t.p99Ms).padStart(8)} ${t.cpuUsPerRequest.toFixed(1).padStart(16)} ${t.spansPerRequest.toFixed(3).padStart(15)} ${spanCost.padStart(13)} ${wholeCost.padStart(15)}`,
    );
  }
  const ratio = totals.linkscope.rps / totals.otel.rps;
  console.log(
    `\nLinkscope ÷ plain OpenTelemetry: throughput ${ratio.toFixed(3)} (goal ≥ ${GOAL_RATIO}), CPU per request ${(totals.linkscope.cpuUsPerRequest / totals.otel.cpuUsPerRequest).toFixed(3)}×, ` +
      `SDK CPU per span ${(perSpan('linkscope') / perSpan('otel')).toFixed(2)}× (goal < ${GOAL_CPU_US_PER_SPAN} µs: ${perSpan('linkscope').toFixed(1)} µs)`,
  );
  console.log('');
  printJsonLine({ bench: 'sdk', metric: 'throughput_ratio_to_plain_otel', value: Number(ratio.toFixed(3)), unit: 'ratio', goal: GOAL_RATIO, ratio: { to: 'plain OpenTelemetry SDK', value: Number(ratio.toFixed(3)) } });
  printJsonLine({
    bench: 'sdk',
    metric: 'cpu_us_per_exported_span',
    value: Number(perSpan('linkscope').toFixed(1)),
    unit: 'µs',
    goal: GOAL_CPU_US_PER_SPAN,
    ratio: { to: 'plain OpenTelemetry SDK', value: Number((perSpan('linkscope') / perSpan('otel')).toFixed(2)) },
  });
  printJsonLine({
    bench: 'sdk',
    metric: 'cpu_us_per_exported_span_whole_process',
    value: Number(perSpanWhole('linkscope').toFixed(1)),
    unit: 'µs',
    ratio: { to: 'plain OpenTelemetry SDK', value: Number((perSpanWhole('linkscope') / perSpanWhole('otel')).toFixed(2)) },
  });
  printJsonLine({ bench: 'sdk', metric: 'requests_per_s', value: Math.round(totals.linkscope.rps), unit: 'req/s', ratio: { to: 'uninstrumented', value: Number((totals.linkscope.rps / totals.none.rps).toFixed(3)) } });
  printJsonLine({ bench: 'sdk', metric: 'p99_latency_ms', value: totals.linkscope.p99Ms, unit: 'ms', ratio: { to: 'plain OpenTelemetry SDK', value: Number((totals.linkscope.p99Ms / totals.otel.p99Ms).toFixed(2)) } });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
