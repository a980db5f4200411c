import { logs, metrics } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { HostMetrics } from '@opentelemetry/host-metrics';
import { containerDetector } from '@opentelemetry/resource-detector-container';
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
import { BatchLogRecordProcessor, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';

import { readAppPackage } from './app-package';
import { RequestContextManager } from './context/request-context.manager';
import { ExportDiagnostics, probeCollector, type Diagnosis } from './diagnostics';
import { LinkscopeTraceExporter } from './export/otlp-trace.exporter';
import type { LinkscopeInitOptions } from './init.options';
import { buildInstrumentations, dropRequestMetrics } from './instrumentations';
import { LocalRootProcessor } from './local-root.processor';
import { startNetworkMetrics } from './network-metrics';
import { buildPropagator } from './propagators';
import { KeepErrorsAndSlowProcessor } from './sampling/keep-errors-and-slow.processor';
import { KeepErrorsAndSlowSampler } from './sampling/keep-errors.sampler';
import { DEFAULT_EXPORT_DELAY_MS, resolveSdkConfig, type SdkConfig } from './sdk.config';
import { registerShutdownSignals } from './shutdown-signals';

/** Spans wait at most this long in the batch before export, so they reach the collector in ~2 s (`OTEL_BSP_SCHEDULE_DELAY` overrides). */
export const EXPORT_DELAY_MS = DEFAULT_EXPORT_DELAY_MS;
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
  /** Whether the SDK runs (`false` under `OTEL_SDK_DISABLED=true`). */
  readonly enabled: boolean;
  /**
   * Exports every span, metric and log record so far, without waiting for the batch delay.
   * Resolves when the collector has answered or the export timed out (10 s).
   */
  forceFlush(): Promise<void>;
  /**
   * Flushes pending telemetry, stops exporting and removes the signal handlers. Idempotent: later
   * calls return the same promise. Spans ended after shutdown are dropped. Takes at most about
   * 10 s (the export timeout) when the collector is unreachable.
   */
  shutdown(): Promise<void>;
  /**
   * Asks the collector whether it would accept this process's exports (an empty OTLP request
   * with the configured key) and explains the answer: `ok`, `unauthorized` (401, bad key),
   * `unreachable`, `throttled` (429), `unavailable` (503), … Never throws.
   */
  diagnose(): Promise<Diagnosis>;
}

let activeHandle: LinkscopeHandle | undefined;

/**
 * Starts OpenTelemetry for this process and sends traces, metrics and logs to Linkscope:
 * auto-instrumentation of HTTP, undici/fetch, Express, Fastify, NestJS, pg, mysql2, ioredis,
 * redis, MongoDB, amqplib, kafkajs, pino and winston; W3C trace context, baggage and B3
 * propagation; OTLP/HTTP protobuf export every {@link EXPORT_DELAY_MS} ms; `traceresponse` and
 * `x-trace-id` response headers; host, process and runtime metrics.
 *
 * Call it before anything loads the libraries to instrument (instrumentation patches a module
 * when it is required), or preload it: `node --import @linkscope/sdk-node/register app.js`.
 *
 * The SDK is global per process: a second call returns the first handle unchanged and ignores
 * its options, even after that handle was shut down. Throws {@link LinkscopeConfigError} when
 * a setting is malformed or no service name can be found. `OTEL_SDK_DISABLED=true` turns it
 * into a no-op (a handle is still returned).
 */
export function init(options: LinkscopeInitOptions = {}): LinkscopeHandle {
  if (activeHandle !== undefined) return activeHandle;
  const config = resolveSdkConfig(options, process.env, readAppPackage());
  for (const warning of config.warnings) process.emitWarning(warning, 'LinkscopeWarning');
  // Instrumentations read this when they are created: ask them for the stable database names
  // (db.system.name, db.query.text) that Linkscope's component layer keys on.
  process.env['OTEL_SEMCONV_STABILITY_OPT_IN'] ??= 'database,http';

  const diagnostics = new ExportDiagnostics(config.diagnostics, config.exportHeaders);
  const batchProcessor = new BatchSpanProcessor({
    exporter: diagnostics.watch(
      new LinkscopeTraceExporter({ url: config.tracesUrl, headers: config.exportHeaders, timeoutMillis: EXPORT_TIMEOUT_MS }),
      'traces',
      config.tracesUrl,
    ),
    scheduledDelayMillis: config.exportDelayMs,
    maxQueueSize: MAX_QUEUED_SPANS,
    maxExportBatchSize: MAX_SPANS_PER_EXPORT,
    exportTimeoutMillis: EXPORT_TIMEOUT_MS,
  });
  const spanProcessors: SpanProcessor[] = [new LocalRootProcessor()];
  if (config.sampleRatio < 1) spanProcessors.push(new KeepErrorsAndSlowProcessor(batchProcessor, config.slowThresholdMs));
  spanProcessors.push(batchProcessor);

  const contextManager = new RequestContextManager();
  const instrumentations = buildInstrumentations(config, contextManager);
  const sdk = new NodeSDK({
    contextManager,
    resource: buildResource(config),
    autoDetectResources: false,
    sampler: new KeepErrorsAndSlowSampler(config.sampleRatio),
    spanProcessors,
    textMapPropagator: buildPropagator(config.propagators),
    instrumentations,
    metricReaders: buildMetricReaders(config, diagnostics),
    logRecordProcessors: buildLogProcessors(config, diagnostics),
  });
  sdk.start();
  // With every trace kept, the spans already count and time each request; below ratio 1 they
  // no longer count them all, and the HTTP duration histograms are the complete record.
  if (config.sampleRatio === 1) dropRequestMetrics(instrumentations);
  // Host and process metrics read the OS on each collection; they run only while metrics export.
  if (config.metrics && !config.disabled) startHostMetrics();

  let shutdownPromise: Promise<void> | undefined;
  let unregisterSignals = (): void => {};
  const handle: LinkscopeHandle = {
    serviceName: config.serviceName,
    enabled: !config.disabled,
    forceFlush: async () => {
      await batchProcessor.forceFlush();
      await flushMetricsAndLogs();
    },
    shutdown: () => {
      shutdownPromise ??= (async () => {
        unregisterSignals();
        await sdk.shutdown();
      })();
      return shutdownPromise;
    },
    diagnose: () => probeCollector(config.tracesUrl, config.exportHeaders),
  };
  if (config.handleShutdownSignals) {
    unregisterSignals = registerShutdownSignals(handle.shutdown, (error) =>
      process.emitWarning(`Linkscope shutdown failed: ${String(error)}`, 'LinkscopeWarning'),
    );
  }
  activeHandle = handle;
  return handle;
}

const METER_NAME = '@linkscope/sdk-node';

/**
 * CPU, memory and process figures from `@opentelemetry/host-metrics`; on Linux the network
 * figures come from /proc instead of its systeminformation path, which starts about ten shell
 * processes per collection (see network-metrics.ts).
 */
function startHostMetrics(): void {
  const fromProc = process.platform === 'linux';
  new HostMetrics({
    name: METER_NAME,
    metricGroups: ['system.cpu', 'system.memory', 'process.cpu', 'process.memory', ...(fromProc ? [] : ['system.network'])],
  }).start();
  if (fromProc) startNetworkMetrics(metrics.getMeter(METER_NAME));
}

function buildMetricReaders(config: SdkConfig, diagnostics: ExportDiagnostics): IMetricReader[] {
  if (!config.metrics) return [];
  const exporter = new OTLPMetricExporter({ url: config.metricsUrl, headers: config.exportHeaders, timeoutMillis: EXPORT_TIMEOUT_MS });
  return [
    new PeriodicExportingMetricReader({
      exporter: diagnostics.watch(exporter, 'metrics', config.metricsUrl),
      exportIntervalMillis: config.metricsIntervalMs,
      exportTimeoutMillis: Math.min(EXPORT_TIMEOUT_MS, config.metricsIntervalMs),
    }),
  ];
}

function buildLogProcessors(config: SdkConfig, diagnostics: ExportDiagnostics): LogRecordProcessor[] {
  if (!config.logs) return [];
  const exporter = new OTLPLogExporter({ url: config.logsUrl, headers: config.exportHeaders, timeoutMillis: EXPORT_TIMEOUT_MS });
  return [
    new BatchLogRecordProcessor({
      exporter: diagnostics.watch(exporter, 'logs', config.logsUrl),
      scheduledDelayMillis: config.exportDelayMs,
      exportTimeoutMillis: EXPORT_TIMEOUT_MS,
    }),
  ];
}

/** NodeSDK keeps its providers private; the global API hands out the same ones it registered. */
async function flushMetricsAndLogs(): Promise<void> {
  const meterProvider = metrics.getMeterProvider() as { forceFlush?: () => Promise<void> };
  const loggerProvider = logs.getLoggerProvider() as { forceFlush?: () => Promise<void> };
  await Promise.all([meterProvider.forceFlush?.(), loggerProvider.forceFlush?.()]);
}

function buildResource(config: SdkConfig): Resource {
  // Detectors first, our attributes last so they win; the env detector is left out because
  // OTEL_RESOURCE_ATTRIBUTES is already folded into config.resourceAttributes.
  return defaultResource()
    .merge(
      detectResources({
        detectors: [hostDetector, osDetector, processDetector, serviceInstanceIdDetector, containerDetector],
      }),
    )
    .merge(resourceFromAttributes(config.resourceAttributes));
}
