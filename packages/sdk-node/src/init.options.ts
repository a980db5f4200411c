/** A resource attribute value as Linkscope accepts it: flat, no arrays or nested maps. */
export type ResourceAttributeValue = string | number | boolean;

/**
 * Options for {@link init}. Every option may be omitted when the matching environment
 * variable is set; an option given in code always wins over the environment.
 */
export interface LinkscopeInitOptions {
  /**
   * Logical service name, exported as the `service.name` resource attribute.
   * Falls back to `resourceAttributes['service.name']`, then `OTEL_SERVICE_NAME`, then
   * `service.name` inside `OTEL_RESOURCE_ATTRIBUTES`. Required in the end; 1–256 characters.
   */
  serviceName?: string;
  /**
   * Base URL of the Linkscope collector (or any OTLP/HTTP receiver), e.g. `http://127.0.0.1:4318`.
   * Spans are POSTed to `${endpoint}/v1/traces`; a URL that already ends in `/v1/traces` is used
   * as is. Falls back to `OTEL_EXPORTER_OTLP_ENDPOINT`. Required in the end; `http:` or `https:`.
   */
  endpoint?: string;
  /**
   * Ingest key sent in the `x-linkscope-ingest-key` header on every export.
   * Falls back to `LINKSCOPE_API_KEY`. When neither is set, exports carry no key (a Linkscope
   * collector will refuse them) and a process warning says so once. At most 512 visible ASCII characters.
   */
  apiKey?: string;
  /** Exported as `service.version`. No default. */
  serviceVersion?: string;
  /** Exported as `deployment.environment.name` (for example `production`). No default. */
  environment?: string;
  /**
   * Extra resource attributes. They override `OTEL_RESOURCE_ATTRIBUTES`; `serviceName`,
   * `serviceVersion` and `environment` override them in turn.
   */
  resourceAttributes?: Record<string, ResourceAttributeValue>;
  /**
   * Set a `traceresponse` header (W3C Trace Context Level 2, `00-<trace-id>-<span-id>-<flags>`)
   * on every response of an instrumented `node:http` server, naming the server span.
   * Default `true`.
   */
  traceResponseHeader?: boolean;
  /**
   * Incoming request paths (exact, query string ignored) that start no trace.
   * Default `['/healthz', '/readyz', '/livez', '/metrics']`; pass `[]` to trace everything.
   */
  ignoreIncomingPaths?: readonly string[];
  /**
   * Register SIGTERM and SIGINT handlers that flush pending spans and then let the signal
   * terminate the process (unless the application has its own listener for that signal, in
   * which case the application decides when to exit). Default `true`. Set `false` when the
   * application closes its servers first and calls `shutdown()` itself.
   */
  handleShutdownSignals?: boolean;
}
