/** A resource attribute value as Linkscope accepts it: flat, no arrays or nested maps. */
export type ResourceAttributeValue = string | number | boolean;

/** A propagation format: W3C `traceparent`, W3C `baggage`, B3 single header (`b3`) or B3 multi header (`X-B3-*`). */
export type PropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi';

/** The auto-instrumented libraries, by the name `disabledInstrumentations` takes. */
export type InstrumentationName =
  | 'http'
  | 'undici'
  | 'express'
  | 'fastify'
  | 'nestjs'
  | 'pg'
  | 'mysql2'
  | 'ioredis'
  | 'redis'
  | 'mongodb'
  | 'amqplib'
  | 'kafkajs'
  | 'pino'
  | 'winston'
  | 'runtime';

/**
 * Options for {@link init}. Every option may be omitted when the matching environment
 * variable is set; an option given in code always wins over the environment.
 */
export interface LinkscopeInitOptions {
  /**
   * Logical service name, exported as the `service.name` resource attribute.
   * Falls back to `resourceAttributes['service.name']`, then `OTEL_SERVICE_NAME`, then
   * `service.name` inside `OTEL_RESOURCE_ATTRIBUTES`, then the `name` of the application's
   * `package.json` (scope removed). Required in the end; 1–256 characters.
   */
  serviceName?: string;
  /**
   * Base URL of the Linkscope collector (or any OTLP/HTTP receiver), e.g. `http://127.0.0.1:4318`.
   * Spans go to `${endpoint}/v1/traces`, metrics to `/v1/metrics`, logs to `/v1/logs`.
   * Falls back to `OTEL_EXPORTER_OTLP_ENDPOINT`, then `http://127.0.0.1:4318`; `http:` or `https:`.
   */
  endpoint?: string;
  /**
   * Ingest key sent in the `x-linkscope-ingest-key` header on every export.
   * Falls back to `LINKSCOPE_API_KEY`. When neither is set (and `OTEL_EXPORTER_OTLP_HEADERS` carries
   * no key either), exports carry no key, a Linkscope collector refuses them with 401, and a
   * warning says so once. At most 512 visible ASCII characters.
   */
  apiKey?: string;
  /** Exported as `service.version`. Falls back to the `version` of the application's `package.json`. */
  serviceVersion?: string;
  /** Exported as `deployment.environment.name` (for example `production`). Falls back to `NODE_ENV`. */
  environment?: string;
  /**
   * Extra resource attributes. They override `OTEL_RESOURCE_ATTRIBUTES`; `serviceName`,
   * `serviceVersion` and `environment` override them in turn. Host, OS, process and container
   * attributes are detected on their own.
   */
  resourceAttributes?: Record<string, ResourceAttributeValue>;
  /**
   * Set a `traceresponse` header (W3C Trace Context Level 2, `00-<trace-id>-<span-id>-<flags>`)
   * and an `x-trace-id` header (the bare 32-hex trace id, easy to quote in a complaint) on every
   * response of an instrumented HTTP server. Default `true`.
   */
  traceResponseHeader?: boolean;
  /**
   * Incoming request paths (exact, query string ignored) that start no trace.
   * Default `['/healthz', '/readyz', '/livez', '/metrics']`; pass `[]` to trace everything.
   */
  ignoreIncomingPaths?: readonly string[];
  /**
   * Register SIGTERM and SIGINT handlers that flush pending telemetry and then let the signal
   * terminate the process (unless the application has its own listener for that signal, in
   * which case the application decides when to exit). Default `true`. Set `false` when the
   * application closes its servers first and calls `shutdown()` itself.
   */
  handleShutdownSignals?: boolean;
  /**
   * Propagation formats, injected in this order and all extracted. Default
   * `['tracecontext', 'baggage', 'b3multi']`; falls back to `OTEL_PROPAGATORS`. Incoming B3 is
   * understood in both single and multi header form whichever of the two is listed.
   */
  propagators?: readonly PropagatorName[];
  /**
   * Share (0–1) of new traces kept by head sampling. Default `1`. Falls back to
   * `LINKSCOPE_SAMPLE_RATIO`, then `OTEL_TRACES_SAMPLER_ARG` when `OTEL_TRACES_SAMPLER` is a
   * ratio sampler. Below 1, traces that were not picked are still recorded locally and exported
   * anyway when a span in them fails or the local entry span is slow (see `slowThresholdMs`).
   */
  sampleRatio?: number;
  /**
   * An entry span at least this long (milliseconds) keeps its local trace even when head
   * sampling did not pick it. Default `1000`; falls back to `LINKSCOPE_SLOW_THRESHOLD_MS`.
   */
  slowThresholdMs?: number;
  /**
   * Export host, process and Node.js runtime metrics to `/v1/metrics`. Default `true`;
   * `OTEL_METRICS_EXPORTER=none` turns it off.
   */
  metrics?: boolean;
  /** Interval of metric export, in milliseconds. Default `10000`; falls back to `OTEL_METRIC_EXPORT_INTERVAL`. */
  metricsIntervalMs?: number;
  /**
   * Ship pino and winston log records (with trace and span ids) to `/v1/logs`, in addition to the
   * logger's own output. Default `true`; `OTEL_LOGS_EXPORTER=none` turns it off. Correlation
   * fields (`trace_id`, `span_id`, `trace_flags`) are added to the log lines either way.
   */
  logs?: boolean;
  /**
   * Print one line on stderr whenever exports start or stop failing, saying why (bad key,
   * unreachable endpoint, throttled) and what to check. Default `false`; falls back to
   * `LINKSCOPE_DIAGNOSTICS=true`. A refused ingest key is reported even when this is off.
   */
  diagnostics?: boolean;
  /**
   * Name downstream services by address: `{ '127.0.0.1:8086': 'payment-provider' }` (host with or
   * without port). Outgoing HTTP calls to a listed address get `service.peer.name` and
   * `peer.service`, so the interface layer shows a name instead of an address.
   */
  peerServices?: Record<string, string>;
  /** Libraries not to instrument; falls back to `OTEL_NODE_DISABLED_INSTRUMENTATIONS` (comma-separated). */
  disabledInstrumentations?: readonly InstrumentationName[];
}
