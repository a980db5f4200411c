// The plain OpenTelemetry Node SDK as its README sets it up for HTTP tracing over OTLP/protobuf:
// NodeSDK, the HTTP instrumentation, the default batch span processor and W3C propagation.
// SIGTERM shuts it down (flushing) before the process exits, as ours does.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

const sdk = new NodeSDK({
  serviceName: 'bench-plain-otel',
  traceExporter: new OTLPTraceExporter({ url: `${process.env.BENCH_SINK_URL}/v1/traces` }),
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();
process.once('SIGTERM', () => {
  sdk.shutdown().finally(() => process.exit(0));
});
