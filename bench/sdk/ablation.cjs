// Bench-only preload for bench:sdk's ablation (BENCH_SDK_ABLATION=1): the Linkscope SDK as its
// register entry starts it, with one part of its per-request work taken away, so the run can tell
// how much of the CPU per span each part costs in the served service. Nothing here changes the
// product: each switch either sets the SDK's own documented environment variables / init options
// before the register entry runs, or replaces one method of the built SDK in this process only.
//
// BENCH_SDK_ABLATE is a comma-separated list of:
//   sampled-out   the sampler answers NOT_RECORD: span ids, context, headers and emitter binding as
//                 usual, but no span is recorded, batched or exported
//   no-export     spans recorded and batched as usual; the exporter answers success at once
//                 (no encoding, no HTTP export)
//   no-send       spans recorded, batched and encoded as usual; the exporter answers success
//                 instead of sending the request
//   no-context    the request's context is not entered (`enterWith`) and the request's and
//                 response's emits do not switch to it (breaks propagation into the handler:
//                 measuring only)
//   no-headers    no `traceresponse` / `x-trace-id` (the init option traceResponseHeader: false)
//   no-metrics    OTEL_METRICS_EXPORTER=none: no metric reader, host/process/network metrics or
//                 runtime instrumentation (event-loop delay histogram, GC observer)
//   http-only     OTEL_LOGS_EXPORTER=none and every instrumentation but http disabled
//   w3c-only      OTEL_PROPAGATORS=tracecontext (no baggage, no B3 extraction)
//   no-spans      the http instrumentation disabled: the SDK runs, but requests make no spans
const path = require('node:path');

const ablate = new Set((process.env.BENCH_SDK_ABLATE ?? '').split(',').map((name) => name.trim()).filter(Boolean));
const KNOWN = ['sampled-out', 'no-export', 'no-send', 'no-context', 'no-headers', 'no-metrics', 'http-only', 'w3c-only', 'no-spans'];
for (const name of ablate) if (!KNOWN.includes(name)) throw new Error(`ablation.cjs: unknown BENCH_SDK_ABLATE entry ${name} (known: ${KNOWN.join(', ')})`);

// BENCH_SDK_BUILD: another build's dist directory (as for BENCH_SDK_PREVIOUS), so an earlier SDK can be taken apart too.
const dist = process.env.BENCH_SDK_BUILD ?? path.dirname(require.resolve('@linkscope/sdk-node'));
const disabled = [];

if (ablate.has('no-metrics')) process.env.OTEL_METRICS_EXPORTER = 'none';
if (ablate.has('http-only')) {
  process.env.OTEL_LOGS_EXPORTER = 'none';
  disabled.push('undici', 'express', 'fastify', 'nestjs', 'pg', 'mysql2', 'ioredis', 'redis', 'mongodb', 'amqplib', 'kafkajs', 'pino', 'winston', 'runtime');
}
if (ablate.has('no-spans')) disabled.push('http');
if (disabled.length > 0) process.env.OTEL_NODE_DISABLED_INSTRUMENTATIONS = disabled.join(',');
if (ablate.has('w3c-only')) process.env.OTEL_PROPAGATORS = 'tracecontext';

if (ablate.has('sampled-out')) {
  const { KeepErrorsAndSlowSampler } = require(path.join(dist, 'sampling/keep-errors.sampler.js'));
  const { SamplingDecision } = require('@opentelemetry/sdk-trace');
  const notRecorded = { decision: SamplingDecision.NOT_RECORD };
  KeepErrorsAndSlowSampler.prototype.shouldSample = () => notRecorded;
}

if (ablate.has('no-export')) {
  const { LinkscopeTraceExporter } = require(path.join(dist, 'export/otlp-trace.exporter.js'));
  const success = { code: 0 };
  LinkscopeTraceExporter.prototype.export = (_spans, resultCallback) => resultCallback(success);
}

if (ablate.has('no-send')) {
  const { LinkscopeTraceExporter } = require(path.join(dist, 'export/otlp-trace.exporter.js'));
  const { OtlpTraceEncoder } = require(path.join(dist, 'export/otlp-trace.encoder.js'));
  const encoder = new OtlpTraceEncoder();
  const success = { code: 0 };
  LinkscopeTraceExporter.prototype.export = (spans, resultCallback) => {
    encoder.encode(spans);
    resultCallback(success);
  };
}

if (ablate.has('no-context')) {
  const { EventEmitter } = require('node:events');
  const { RequestContextManager } = require(path.join(dist, 'context/request-context.manager.js'));
  const emit = EventEmitter.prototype.emit;
  const withContext = RequestContextManager.prototype.with;
  RequestContextManager.prototype.enterWith = () => {};
  // The request's and response's emits go through `with(context, EventEmitter.prototype.emit, …)`;
  // everything else (export suppression, other instrumentations) keeps its context switch.
  RequestContextManager.prototype.with = function (context, fn, thisArg, ...args) {
    if (fn === emit) return fn.apply(thisArg, args);
    return withContext.call(this, context, fn, thisArg, ...args);
  };
}

// init() with options first where an ablation needs one; the register entry's own init() then
// returns that handle (the SDK is global per process) after registering the loader hook as usual.
if (ablate.has('no-headers')) require(path.join(dist, 'index.js')).init({ traceResponseHeader: false });
require(path.join(dist, 'register.js'));
