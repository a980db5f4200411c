// The plain OpenTelemetry Node SDK as its README sets it up for HTTP tracing over OTLP/protobuf:
// NodeSDK, the HTTP instrumentation and W3C propagation, everything else at NodeSDK's defaults
// (which include a metric reader, so the HTTP instrumentation records its duration histogram).
// For a fair comparison the batch span processor gets the same settings as ours (run.mjs passes
// the Linkscope SDK's constants): NodeSDK's own default waits 5 s instead of 1 s, which at this
// load makes no difference (a batch fills its 512 spans in a fraction of a second) but should not
// be left for a reader to wonder about. SIGTERM shuts it down (flushing) before the process exits, as ours does.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

const env = (name) => {
  const value = Number(process.env[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`plain-otel.cjs: ${name} must be a positive number`);
  return value;
};
const exportTimeoutMillis = env('BENCH_BSP_EXPORT_TIMEOUT_MS');

const sdk = new NodeSDK({
  serviceName: 'bench-plain-otel',
  spanProcessors: [
    new BatchSpanProcessor({
      exporter: new OTLPTraceExporter({ url: `${process.env.BENCH_SINK_URL}/v1/traces`, timeoutMillis: exportTimeoutMillis }),
      scheduledDelayMillis: env('BENCH_BSP_SCHEDULE_DELAY_MS'),
      maxQueueSize: env('BENCH_BSP_MAX_QUEUE_SIZE'),
      maxExportBatchSize: env('BENCH_BSP_MAX_EXPORT_BATCH_SIZE'),
      exportTimeoutMillis,
    }),
  ],
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();
process.once('SIGTERM', () => {
  sdk.shutdown().finally(() => process.exit(0));
});
