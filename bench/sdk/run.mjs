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
//
// The same CPU figures are also measured at a fixed offered load (FIXED_RATE requests per second,
// well below what every variant can serve), beside a calibration variant (calibration.cjs: the bare
// service doing a known BENCH_CALIBRATION_US of CPU work per request) measured both ways. They
// answer two questions the closed loop leaves open. How well does a method read a known cost? In
// the closed loop the load generator shares the two cores, and a slower service finds it asleep
// more often, so a pure CPU cost reads high (a 20 µs burn read as 30–45 µs); at a fixed rate every
// variant sees the same arrivals. And what does a span cost a service that is not saturated, which
// is how most services run? Requests then arrive one at a time into caches other processes have
// used meanwhile, so code that touches much memory costs more per request than in a busy loop.
// The goal's figure stays the closed-loop one, as in every earlier run; both are printed.

import { fork, spawn } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';
import { decodeTraceRequest } from '@linkscope/otlp';
import { EXPORT_DELAY_MS, EXPORT_TIMEOUT_MS, MAX_QUEUED_SPANS, MAX_SPANS_PER_EXPORT } from '@linkscope/sdk-node';
import { REPO, cpuSecondsOf, fmt, machine, printJsonLine } from '../lib/harness.mjs';

// Many short rounds rather than a few long ones: the machine is shared and its load drifts within
// seconds, so the per-round ratios (variants measured minutes apart, not seconds) are the steadier figure.
const SECONDS = Number(process.env.BENCH_SDK_SECONDS ?? 4);
const WARMUP_SECONDS = 2;
const ROUNDS = Number(process.env.BENCH_SDK_ROUNDS ?? 6);
const PAIRED_ROUNDS = Number(process.env.BENCH_SDK_PAIRED_ROUNDS ?? 6);
const CONNECTIONS = 16;
const SINK_PORT = 21_400;
const SERVICE_PORT = 21_401;
const GOAL_RATIO = 0.95;
const GOAL_CPU_US_PER_SPAN = 20;
// The fixed-rate rounds (see the top): offered load, length and number of rounds.
const FIXED_RATE = Number(process.env.BENCH_SDK_FIXED_RATE ?? 2000);
const FIXED_SECONDS = Number(process.env.BENCH_SDK_FIXED_SECONDS ?? 8);
const FIXED_ROUNDS = Number(process.env.BENCH_SDK_FIXED_ROUNDS ?? 3);
const CALIBRATION_US = Number(process.env.BENCH_CALIBRATION_US ?? 20);
const SINK_URL = `http://127.0.0.1:${SINK_PORT}`;

const BASE_VARIANTS = [
  { name: 'none', label: 'uninstrumented', preload: [], env: {} },
  {
    name: 'calibration',
    label: `bare + ${CALIBRATION_US} µs burn`,
    preload: ['-r', `${REPO}/bench/sdk/calibration.cjs`],
    env: { BENCH_CALIBRATION_US: String(CALIBRATION_US) },
  },
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
  // Optional before/after in the same run: BENCH_SDK_PREVIOUS=<another build's register.js>.
  ...(process.env.BENCH_SDK_PREVIOUS
    ? [
        {
          name: 'previous',
          label: 'Linkscope SDK (previous)',
          preload: ['-r', process.env.BENCH_SDK_PREVIOUS],
          env: { OTEL_SERVICE_NAME: 'bench-linkscope', OTEL_EXPORTER_OTLP_ENDPOINT: SINK_URL, LINKSCOPE_API_KEY: 'ls_bench_key' },
        },
      ]
    : []),
];

// BENCH_SDK_ABLATION=1: where the CPU per span goes in the served service. Bare, the full SDK and
// the SDK with one part of its per-request work taken away each (ablation.cjs), interleaved as
// above; no plain OpenTelemetry, calibration or paired rounds. BENCH_SDK_ABLATIONS picks the
// variants (`;` between variants, `,` between the parts one variant takes away); BENCH_SDK_BUILD
// takes another build apart (its dist directory, compiled as for BENCH_SDK_PREVIOUS).
const ABLATION = process.env.BENCH_SDK_ABLATION === '1';
const ABLATIONS = (process.env.BENCH_SDK_ABLATIONS ?? 'sampled-out;no-export;no-context;no-headers;no-metrics;http-only;w3c-only;no-spans;no-metrics,http-only,w3c-only,no-headers')
  .split(';')
  .map((names) => names.trim())
  .filter(Boolean);
const linkscopeEnv = BASE_VARIANTS.find((variant) => variant.name === 'linkscope').env;
const VARIANTS = ABLATION
  ? [
      ...BASE_VARIANTS.filter((variant) => variant.name === 'none'),
      {
        name: 'linkscope',
        label: 'Linkscope SDK (defaults)',
        preload: ['-r', `${REPO}/bench/sdk/ablation.cjs`],
        env: { ...linkscopeEnv, BENCH_SDK_ABLATE: '' },
      },
      // BENCH_SDK_PREVIOUS=<another build's register.js>: that build whole, beside the parts of this one.
      ...BASE_VARIANTS.filter((variant) => variant.name === 'previous').map((variant) => ({ ...variant, label: 'other build (BENCH_SDK_PREVIOUS)' })),
      ...ABLATIONS.map((names) => ({
        name: `−${names}`,
        label: `SDK − ${names}`,
        preload: ['-r', `${REPO}/bench/sdk/ablation.cjs`],
        env: { ...linkscopeEnv, BENCH_SDK_ABLATE: names },
      })),
    ]
  : BASE_VARIANTS;

function startService(variant, port = SERVICE_PORT) {
  const child = spawn(process.execPath, [...variant.preload, `${REPO}/bench/sdk/service.cjs`], {
    cwd: REPO,
    env: { ...process.env, ...variant.env, BENCH_SERVICE_PORT: String(port) },
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

/** Closed loop (each connection sends its next request when the answer is in), or `rate` requests per second in all. */
function load(seconds, port = SERVICE_PORT, rate = undefined) {
  return autocannon({ url: `http://127.0.0.1:${port}/items/42`, connections: CONNECTIONS, duration: seconds, pipelining: 1, ...(rate ? { overallRate: rate } : {}) });
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

async function measure(variant, sink, { seconds = SECONDS, rate = undefined } = {}) {
  const child = await startService(variant);
  try {
    const warm = await load(WARMUP_SECONDS, SERVICE_PORT, rate);
    const cpuBefore = cpuSecondsOf(child.pid);
    const result = await load(seconds, SERVICE_PORT, rate);
    const cpuSeconds = cpuSecondsOf(child.pid) - cpuBefore;
    if (result.errors > 0 || result.non2xx > 0) throw new Error(`${variant.name}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
    // A variant that cannot keep up with the offered rate is measured at saturation after all.
    if (rate && result.requests.total < 0.95 * rate * seconds) throw new Error(`${variant.name} served ${result.requests.total} requests in ${seconds} s, short of ${rate}/s: lower BENCH_SDK_FIXED_RATE`);
    await stopService(child);
    const exported = await takeExportedSpans(sink);
    const served = warm.requests.total + result.requests.total;
    return { requests: result.requests.total, rps: result.requests.total / seconds, p99Ms: result.latency.p99, cpuSeconds, exported, served };
  } finally {
    await stopService(child);
  }
}

/**
 * One paired round: plain OpenTelemetry and ours started together and loaded at the same time,
 * each through its own 16 connections, so both see the same machine in the same seconds. The
 * sequential rounds above measure each variant alone but minutes apart, and on a shared machine
 * the load of other work moves their figures more than the SDKs differ (per-round ratios from
 * 0.6 to 2 were seen); the paired ratio cancels that drift.
 */
async function measurePaired(pair, sink) {
  const children = [];
  try {
    for (const [i, variant] of pair.entries()) children.push(await startService(variant, SERVICE_PORT + i));
    await Promise.all(pair.map((_, i) => load(WARMUP_SECONDS, SERVICE_PORT + i)));
    const cpuBefore = children.map((child) => cpuSecondsOf(child.pid));
    const results = await Promise.all(pair.map((_, i) => load(SECONDS, SERVICE_PORT + i)));
    const cpuSeconds = children.map((child, i) => cpuSecondsOf(child.pid) - cpuBefore[i]);
    for (const [i, result] of results.entries()) {
      if (result.errors > 0 || result.non2xx > 0) throw new Error(`${pair[i].name} (paired): ${result.errors} errors, ${result.non2xx} non-2xx answers`);
    }
    return results.map((result, i) => ({ rps: result.requests.total / SECONDS, p99Ms: result.latency.p99, cpuUsPerRequest: (cpuSeconds[i] * 1e6) / result.requests.total }));
  } finally {
    await Promise.all(children.map(stopService));
    await takeExportedSpans(sink); // counted in the sequential rounds; here only emptied
  }
}

const sum = (values) => values.reduce((total, value) => total + value, 0);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main() {
  const loadBefore = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  const sink = fork(`${REPO}/bench/sdk/sink.mjs`, [], { env: { ...process.env, BENCH_SINK_PORT: String(SINK_PORT) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((resolve) => sink.once('message', resolve));
  const runs = Object.fromEntries(VARIANTS.map((variant) => [variant.name, []]));
  const fixedRuns = Object.fromEntries(VARIANTS.map((variant) => [variant.name, []]));
  const paired = [];
  const rotated = (round) => VARIANTS.map((_, i) => VARIANTS[(i + round - 1) % VARIANTS.length]);
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const variant of rotated(round)) {
        const run = await measure(variant, sink);
        runs[variant.name].push(run);
        console.log(`round ${round} ${variant.name.padEnd(11)} ${fmt(run.rps).padStart(7)} req/s  p99 ${run.p99Ms} ms  CPU ${run.cpuSeconds.toFixed(2)} s  exported ${run.exported}/${run.served} spans`);
      }
    }
    const pair = [VARIANTS.find((variant) => variant.name === 'otel'), VARIANTS.find((variant) => variant.name === 'linkscope')];
    for (let round = 1; round <= (ABLATION ? 0 : PAIRED_ROUNDS); round += 1) {
      const [otel, ours] = await measurePaired(pair, sink);
      paired.push({ otel, ours });
      console.log(
        `paired ${round}  otel ${fmt(otel.rps).padStart(6)} req/s  p99 ${otel.p99Ms} ms  ${otel.cpuUsPerRequest.toFixed(1)} µs/req   linkscope ${fmt(ours.rps).padStart(6)} req/s  p99 ${ours.p99Ms} ms  ${ours.cpuUsPerRequest.toFixed(1)} µs/req`,
      );
    }
    for (let round = 1; round <= FIXED_ROUNDS; round += 1) {
      for (const variant of rotated(round)) {
        const run = await measure(variant, sink, { seconds: FIXED_SECONDS, rate: FIXED_RATE });
        fixedRuns[variant.name].push(run);
        console.log(
          `fixed ${round} ${variant.name.padEnd(11)} ${fmt(run.rps).padStart(7)} req/s  CPU ${run.cpuSeconds.toFixed(2)} s = ${((run.cpuSeconds * 1e6) / run.requests).toFixed(1)} µs/req  exported ${run.exported}/${run.served} spans`,
        );
      }
    }
  } finally {
    sink.kill('SIGTERM');
  }

  /** Per variant: throughput, median p99, CPU per request over all its rounds, spans exported per request served. */
  const summarise = (byVariant, seconds) =>
    Object.fromEntries(
      VARIANTS.map(({ name }) => {
        const list = byVariant[name];
        const requests = sum(list.map((run) => run.requests));
        return [
          name,
          {
            rps: requests / (seconds * list.length),
            p99Ms: median(list.map((run) => run.p99Ms)),
            cpuUsPerRequest: (sum(list.map((run) => run.cpuSeconds)) * 1e6) / requests,
            spansPerRequest: sum(list.map((run) => run.exported)) / sum(list.map((run) => run.served)),
          },
        ];
      }),
    );
  const totals = summarise(runs, SECONDS);
  const fixed = summarise(fixedRuns, FIXED_SECONDS);
  /** CPU per request beyond the bare service's, in the same kind of rounds. */
  const extraCpu = (t, name) => t[name].cpuUsPerRequest - t.none.cpuUsPerRequest;
  const perSpan = (name, t = totals) => extraCpu(t, name) / t[name].spansPerRequest;
  const perSpanWhole = (name, t = totals) => t[name].cpuUsPerRequest / t[name].spansPerRequest;
  const loadAfter = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  const cell = (name, value) => (name === 'none' || name === 'calibration' ? '—' : value.toFixed(1));
  if (ABLATION) {
    printAblation(runs, totals, fixed, loadBefore, loadAfter);
    return;
  }

  console.log(`\nbench:sdk on ${machine()}`);
  console.log(`${ROUNDS} interleaved rounds × ${SECONDS} s per variant (after ${WARMUP_SECONDS} s warm-up), ${CONNECTIONS} keep-alive connections, closed loop, GET /items/42 → small JSON;`);
  console.log(`then ${PAIRED_ROUNDS} paired rounds × ${SECONDS} s with plain OpenTelemetry and Linkscope served at the same time (${CONNECTIONS} connections each);`);
  console.log(`then ${FIXED_ROUNDS} interleaved rounds × ${FIXED_SECONDS} s per variant at a fixed ${fmt(FIXED_RATE)} requests/s`);
  console.log(`load average before / after: ${loadBefore} / ${loadAfter}\n`);
  console.log('CPU µs per exported span: "SDK" = (CPU µs/request − bare CPU µs/request) ÷ spans/request;');
  console.log('"whole" = all the process\'s CPU µs/request (HTTP serving included) ÷ spans/request.\n');
  console.log('Closed loop (as fast as each variant serves; the goal\'s CPU figure):');
  console.log('variant                      req/s   ratio to bare   p99 ms   CPU µs/request   spans/request   µs/span SDK   µs/span whole');
  for (const variant of VARIANTS) {
    const t = totals[variant.name];
    console.log(
      `${variant.label.padEnd(26)} ${fmt(t.rps).padStart(7)} ${(t.rps / totals.none.rps).toFixed(3).padStart(15)} ${String(t.p99Ms).padStart(8)} ${t.cpuUsPerRequest.toFixed(1).padStart(16)} ${t.spansPerRequest.toFixed(3).padStart(15)} ${cell(variant.name, perSpan(variant.name, totals)).padStart(13)} ${cell(variant.name, perSpanWhole(variant.name, totals)).padStart(15)}`,
    );
  }
  console.log(`\nAt a fixed ${fmt(FIXED_RATE)} requests/s:`);
  console.log('variant                      req/s   p99 ms   CPU µs/request   spans/request   µs/span SDK   µs/span whole');
  for (const variant of VARIANTS) {
    const t = fixed[variant.name];
    console.log(
      `${variant.label.padEnd(26)} ${fmt(t.rps).padStart(7)} ${String(t.p99Ms).padStart(8)} ${t.cpuUsPerRequest.toFixed(1).padStart(16)} ${t.spansPerRequest.toFixed(3).padStart(15)} ${cell(variant.name, perSpan(variant.name, fixed)).padStart(13)} ${cell(variant.name, perSpanWhole(variant.name, fixed)).padStart(15)}`,
    );
  }
  console.log(
    `\nCalibration: ${CALIBRATION_US} µs of CPU burnt per request reads as ${extraCpu(fixed, 'calibration').toFixed(1)} µs at the fixed rate ` +
      `(${(extraCpu(fixed, 'calibration') / CALIBRATION_US).toFixed(2)}×) and ${extraCpu(totals, 'calibration').toFixed(1)} µs in the closed loop (${(extraCpu(totals, 'calibration') / CALIBRATION_US).toFixed(2)}×)`,
  );
  console.log(`SDK CPU per span at the fixed rate: Linkscope ${perSpan('linkscope', fixed).toFixed(1)} µs, plain OpenTelemetry ${perSpan('otel', fixed).toFixed(1)} µs (${(perSpan('linkscope', fixed) / perSpan('otel', fixed)).toFixed(2)}×)`);
  const ratio = totals.linkscope.rps / totals.otel.rps;
  console.log(
    `Linkscope ÷ plain OpenTelemetry: throughput ${ratio.toFixed(3)} (goal ≥ ${GOAL_RATIO}), CPU per request ${(totals.linkscope.cpuUsPerRequest / totals.otel.cpuUsPerRequest).toFixed(3)}×, ` +
      `SDK CPU per span ${(perSpan('linkscope') / perSpan('otel')).toFixed(2)}× (goal < ${GOAL_CPU_US_PER_SPAN} µs: ${perSpan('linkscope').toFixed(1)} µs, plain OpenTelemetry ${perSpan('otel').toFixed(1)} µs)`,
  );
  const roundRatios = runs.linkscope.map((run, i) => run.rps / runs.otel[i].rps);
  const roundCpuRatios = runs.linkscope.map((run, i) => run.cpuSeconds / run.requests / (runs.otel[i].cpuSeconds / runs.otel[i].requests));
  console.log(
    `Per round, Linkscope ÷ plain OpenTelemetry: throughput ${roundRatios.map((r) => r.toFixed(2)).join(' ')} (median ${median(roundRatios).toFixed(3)}), ` +
      `CPU per request ${roundCpuRatios.map((r) => r.toFixed(2)).join(' ')} (median ${median(roundCpuRatios).toFixed(3)})`,
  );
  const pairedRatios = paired.map(({ otel, ours }) => ours.rps / otel.rps);
  const pairedCpuRatios = paired.map(({ otel, ours }) => ours.cpuUsPerRequest / otel.cpuUsPerRequest);
  const pairedRatio = median(pairedRatios);
  console.log(
    `Paired rounds (both served at the same time), Linkscope ÷ plain OpenTelemetry: throughput ${pairedRatios.map((r) => r.toFixed(2)).join(' ')} ` +
      `(median ${pairedRatio.toFixed(3)}, goal ≥ ${GOAL_RATIO}), CPU per request ${pairedCpuRatios.map((r) => r.toFixed(2)).join(' ')} (median ${median(pairedCpuRatios).toFixed(3)}), ` +
      `p99 ${median(paired.map(({ ours }) => ours.p99Ms))} vs ${median(paired.map(({ otel }) => otel.p99Ms))} ms (medians)`,
  );
  if (totals.previous) {
    console.log(
      `Previous build ÷ plain OpenTelemetry: throughput ${(totals.previous.rps / totals.otel.rps).toFixed(3)}, CPU per request ${(totals.previous.cpuUsPerRequest / totals.otel.cpuUsPerRequest).toFixed(3)}×, SDK CPU per span ${perSpan('previous').toFixed(1)} µs`,
    );
  }
  console.log('');
  printJsonLine({ bench: 'sdk', metric: 'throughput_ratio_to_plain_otel', value: Number(ratio.toFixed(3)), unit: 'ratio', goal: GOAL_RATIO, ratio: { to: 'plain OpenTelemetry SDK', value: Number(ratio.toFixed(3)) } });
  printJsonLine({
    bench: 'sdk',
    metric: 'throughput_ratio_to_plain_otel_paired',
    value: Number(pairedRatio.toFixed(3)),
    unit: 'ratio',
    goal: GOAL_RATIO,
    ratio: { to: 'plain OpenTelemetry SDK', value: Number(pairedRatio.toFixed(3)) },
  });
  printJsonLine({
    bench: 'sdk',
    metric: 'throughput_ratio_to_plain_otel_median_of_rounds',
    value: Number(median(roundRatios).toFixed(3)),
    unit: 'ratio',
    goal: GOAL_RATIO,
    ratio: { to: 'plain OpenTelemetry SDK', value: Number(median(roundRatios).toFixed(3)) },
  });
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
    metric: 'cpu_us_per_exported_span_fixed_rate',
    value: Number(perSpan('linkscope', fixed).toFixed(1)),
    unit: 'µs',
    ratio: { to: 'plain OpenTelemetry SDK', value: Number((perSpan('linkscope', fixed) / perSpan('otel', fixed)).toFixed(2)) },
  });
  printJsonLine({
    bench: 'sdk',
    metric: 'calibration_read_us_closed_loop',
    value: Number(extraCpu(totals, 'calibration').toFixed(1)),
    unit: 'µs',
    ratio: { to: `${CALIBRATION_US} µs burnt`, value: Number((extraCpu(totals, 'calibration') / CALIBRATION_US).toFixed(2)) },
  });
  printJsonLine({
    bench: 'sdk',
    metric: 'calibration_read_us_fixed_rate',
    value: Number(extraCpu(fixed, 'calibration').toFixed(1)),
    unit: 'µs',
    ratio: { to: `${CALIBRATION_US} µs burnt`, value: Number((extraCpu(fixed, 'calibration') / CALIBRATION_US).toFixed(2)) },
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

/**
 * The ablation's report: per variant, CPU per request beyond the bare service's and what taking the
 * part away saved against the full SDK, in the closed loop and at the fixed rate.
 */
function printAblation(runs, totals, fixed, loadBefore, loadAfter) {
  console.log(`\nbench:sdk ablation on ${machine()}`);
  console.log(`${ROUNDS} interleaved closed-loop rounds × ${SECONDS} s per variant (after ${WARMUP_SECONDS} s warm-up), ${CONNECTIONS} keep-alive connections;`);
  console.log(`then ${FIXED_ROUNDS} interleaved rounds × ${FIXED_SECONDS} s per variant at a fixed ${fmt(FIXED_RATE)} requests/s`);
  console.log(`load average before / after: ${loadBefore} / ${loadAfter}\n`);
  console.log('"extra" = CPU µs/request − bare CPU µs/request; "saved" = the full SDK\'s extra − this variant\'s extra.\n');
  const extra = (t, name) => t[name].cpuUsPerRequest - t.none.cpuUsPerRequest;
  const hasFixed = FIXED_ROUNDS > 0;
  console.log(`variant${' '.repeat(48)}req/s  CPU µs/req  extra µs/req  spans/req  saved µs/req${hasFixed ? '  │ fixed: CPU µs/req  extra  saved' : ''}`);
  for (const variant of VARIANTS) {
    const t = totals[variant.name];
    const isBare = variant.name === 'none';
    const row = [
      variant.label.padEnd(52),
      fmt(t.rps).padStart(8),
      t.cpuUsPerRequest.toFixed(1).padStart(11),
      (isBare ? '—' : extra(totals, variant.name).toFixed(1)).padStart(13),
      t.spansPerRequest.toFixed(3).padStart(10),
      (isBare || variant.name === 'linkscope' ? '—' : (extra(totals, 'linkscope') - extra(totals, variant.name)).toFixed(1)).padStart(13),
    ];
    if (hasFixed) {
      const f = fixed[variant.name];
      row.push(
        `  │ ${f.cpuUsPerRequest.toFixed(1).padStart(17)}`,
        (isBare ? '—' : extra(fixed, variant.name).toFixed(1)).padStart(6),
        (isBare || variant.name === 'linkscope' ? '—' : (extra(fixed, 'linkscope') - extra(fixed, variant.name)).toFixed(1)).padStart(6),
      );
    }
    console.log(row.join(' '));
  }
  // Per round, each variant against the bare service of the same round: the median is less moved
  // by a round in which other work on the machine slowed everything.
  console.log('\nExtra CPU µs/request per closed-loop round (variant − bare of the same round), and the median:');
  for (const variant of VARIANTS.filter(({ name }) => name !== 'none')) {
    const perRound = runs[variant.name].map((run, i) => (run.cpuSeconds * 1e6) / run.requests - (runs.none[i].cpuSeconds * 1e6) / runs.none[i].requests);
    console.log(`${variant.label.padEnd(52)} ${perRound.map((value) => value.toFixed(1).padStart(6)).join(' ')}   median ${median(perRound).toFixed(1)}`);
  }
  console.log('');
  for (const variant of VARIANTS.filter(({ name }) => name !== 'none')) {
    const value = extra(totals, variant.name);
    const suffix = variant.name === 'linkscope' ? 'full' : variant.name === 'previous' ? 'other-build' : variant.env.BENCH_SDK_ABLATE;
    printJsonLine({ bench: 'sdk', metric: `ablation_extra_cpu_us_per_request[${suffix}]`, value: Number(value.toFixed(1)), unit: 'µs', ratio: { to: 'full SDK', value: Number((value / extra(totals, 'linkscope')).toFixed(2)) } });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
