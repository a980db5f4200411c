import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
} from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';

import { buildHttpInstrumentationConfig } from './http-instrumentation.config';
import type { LinkscopeInitOptions } from './init.options';
import { resolveSdkConfig, type SdkConfig } from './sdk.config';
import { registerShutdownSignals } from './shutdown-signals';

/** Spans wait at most this long in the batch before export, so they reach the collector in ~2 s. */
export const EXPORT_DELAY_MS = 1_000;
/** Spans held while waiting for export; further spans are dropped (and counted by the processor). */
export const MAX_QUEUED_SPANS = 2_048;
/** Spans per export request. */
export const MAX_SPANS_PER_EXPORT = 512;
/** One export request (including the exporter's retries) is abandoned after this long. */
export const EXPORT_TIMEOUT_MS = 10_000;

/** What `init` returns: the running SDK. */
export interface LinkscopeHandle {
  /** The resolved `service.name`. */
  readonly serviceName: string;
  /**
   * Exports every span that has ended so far, without waiting for the 1 s batch delay.
   * Resolves when the collector has answered or the export timed out (10 s).
   */
  forceFlush(): Promise<void>;
  /**
   * Flushes pending spans, stops exporting and removes the signal handlers. Idempotent: later
   * calls return the same promise. Spans ended after shutdown are dropped. Takes at most about
   * 10 s (the export timeout) when the collector is unreachable.
   */
  shutdown(): Promise<void>;
}

let activeHandle: LinkscopeHandle | undefined;

/**
 * Starts OpenTelemetry tracing for this process and sends spans to Linkscope: HTTP
 * auto-instrumentation (`node:http` servers and clients), W3C `traceparent` and `baggage`
 * propagation, OTLP/HTTP protobuf export in batches every {@link EXPORT_DELAY_MS} ms, and a
 * `traceresponse` header on server responses.
 *
 * Call it before anything loads `node:http` (or a library that does): instrumentation patches
 * the module when it is required, so load the rest of the application afterwards.
 *
 * The SDK is global per process: a second call returns the first handle unchanged and ignores
 * its options, even after that handle was shut down. Throws {@link LinkscopeConfigError} when
 * the service name or endpoint cannot be determined from the options or the environment.
 * `OTEL_SDK_DISABLED=true` turns it into a no-op (a handle is still returned).
 */
export function init(options: LinkscopeInitOptions = {}): LinkscopeHandle {
  if (activeHandle !== undefined) return activeHandle;
  const config = resolveSdkConfig(options);
  for (const warning of config.warnings) process.emitWarning(warning, 'LinkscopeWarning');

  const spanProcessor = new BatchSpanProcessor({
    exporter: new OTLPTraceExporter({
      url: config.tracesUrl,
      headers: config.exportHeaders,
      timeoutMillis: EXPORT_TIMEOUT_MS,
    }),
    scheduledDelayMillis: EXPORT_DELAY_MS,
    maxQueueSize: MAX_QUEUED_SPANS,
    maxExportBatchSize: MAX_SPANS_PER_EXPORT,
    exportTimeoutMillis: EXPORT_TIMEOUT_MS,
  });
  const sdk = new NodeSDK({
    resource: buildResource(config),
    autoDetectResources: false,
    spanProcessors: [spanProcessor],
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    // Enabled by sdk.start(), so OTEL_SDK_DISABLED=true leaves node:http unpatched.
    instrumentations: [new HttpInstrumentation({ ...buildHttpInstrumentationConfig(config), enabled: false })],
    // Traces only: without these the SDK would also start OTLP metric and log exporters.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();

  let shutdownPromise: Promise<void> | undefined;
  let unregisterSignals = (): void => {};
  const handle: LinkscopeHandle = {
    serviceName: config.serviceName,
    forceFlush: () => spanProcessor.forceFlush(),
    shutdown: () => {
      shutdownPromise ??= (async () => {
        unregisterSignals();
        await sdk.shutdown();
      })();
      return shutdownPromise;
    },
  };
  if (config.handleShutdownSignals) {
    unregisterSignals = registerShutdownSignals(handle.shutdown, (error) =>
      process.emitWarning(`Linkscope shutdown failed: ${String(error)}`, 'LinkscopeWarning'),
    );
  }
  activeHandle = handle;
  return handle;
}

function buildResource(config: SdkConfig): Resource {
  // Detectors first, our attributes last so they win; the env detector is left out because
  // OTEL_RESOURCE_ATTRIBUTES is already folded into config.resourceAttributes.
  return defaultResource()
    .merge(
      detectResources({
        detectors: [hostDetector, osDetector, processDetector, serviceInstanceIdDetector],
      }),
    )
    .merge(resourceFromAttributes(config.resourceAttributes));
}
