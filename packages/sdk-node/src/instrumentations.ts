import { FastifyOtelInstrumentation } from '@fastify/otel';
import { createNoopMeter, type MeterProvider } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { WinstonInstrumentation } from '@opentelemetry/instrumentation-winston';

import type { RequestContextManager } from './context/request-context.manager';
import { CollectionNamingMongoDBInstrumentation, maskMongoCommand, ParentRequiredMySQL2Instrumentation } from './db-instrumentations';
import { buildHttpInstrumentationConfig, buildIgnoreIncomingRequest } from './http-instrumentation.config';
import { HttpServerInstrumentation } from './http-server/http-server.instrumentation';
import type { InstrumentationName } from './init.options';
import { buildPeerServiceLookup } from './peer-services';
import type { SdkConfig } from './sdk.config';

/**
 * Resolution of the event-loop-delay histogram (`nodejs.eventloop.delay.*`), in milliseconds. Its
 * timer wakes the process once per period even when idle; OpenTelemetry's default of 10 ms is 100
 * wake-ups a second. At 20 a stall of 20 ms or more is still always seen (shorter ones, which
 * barely move a request's latency, only when they overlap a tick).
 */
export const EVENT_LOOP_DELAY_RESOLUTION_MS = 20;

/** Log record fields carrying the active span, the names OpenTelemetry's log data model uses. */
export const LOG_CORRELATION_KEYS = { traceId: 'trace_id', spanId: 'span_id', traceFlags: 'trace_flags' } as const;

/**
 * The instrumentations `init` installs, one OpenTelemetry package per library (not the
 * auto-instrumentations bundle, which pulls some forty more). Each patches its library only when
 * the application loads it, so an unused one costs a require hook and nothing per request. All
 * are created disabled; the SDK enables them on start, so `OTEL_SDK_DISABLED=true` patches nothing.
 * Database and cache clients record nothing outside a trace (`requireParentSpan`, added to mysql2
 * by {@link ParentRequiredMySQL2Instrumentation}).
 *
 * `http` is two: incoming requests get SERVER spans from Node's diagnostics channels
 * ({@link HttpServerInstrumentation}, which enters the request's context with `contextManager`),
 * outgoing ones CLIENT spans from OpenTelemetry's HTTP instrumentation (docs/adr/0015).
 */
export function buildInstrumentations(config: SdkConfig, contextManager: RequestContextManager): Instrumentation[] {
  const peerLookup = buildPeerServiceLookup(config.peerServices);
  const factories: Record<InstrumentationName, () => Instrumentation | Instrumentation[]> = {
    http: () => [
      new HttpServerInstrumentation({
        enabled: false,
        contextManager,
        ignoreIncomingRequest: buildIgnoreIncomingRequest(config.ignoreIncomingPaths),
        traceResponseHeader: config.traceResponseHeader,
        recordDuration: config.sampleRatio < 1,
      }),
      new HttpInstrumentation({ ...buildHttpInstrumentationConfig(config), enabled: false }),
    ],
    undici: () =>
      new UndiciInstrumentation({
        // Unlike the others, it checks `enabled` from its config on every request, so it must
        // be created enabled (which subscribes it to undici's diagnostics channels at once).
        enabled: !config.disabled,
        startSpanHook: (request) => {
          const origin = new URL(request.origin);
          return peerLookup(origin.hostname, origin.port || (origin.protocol === 'https:' ? '443' : '80')) ?? {};
        },
      }),
    express: () => new ExpressInstrumentation({ enabled: false }),
    fastify: () => new FastifyOtelInstrumentation({ enabled: false, registerOnInitialization: true }),
    nestjs: () => new NestInstrumentation({ enabled: false }),
    pg: () => new PgInstrumentation({ enabled: false, requireParentSpan: true }),
    mysql2: () => new ParentRequiredMySQL2Instrumentation({ enabled: false }),
    ioredis: () => new IORedisInstrumentation({ enabled: false, requireParentSpan: true }),
    redis: () => new RedisInstrumentation({ enabled: false, requireParentSpan: true }),
    mongodb: () => new CollectionNamingMongoDBInstrumentation({ enabled: false, requireParentSpan: true, dbStatementSerializer: maskMongoCommand }),
    amqplib: () => new AmqplibInstrumentation({ enabled: false }),
    kafkajs: () => new KafkaJsInstrumentation({ enabled: false }),
    pino: () => new PinoInstrumentation({ enabled: false, logKeys: LOG_CORRELATION_KEYS, disableLogSending: !config.logs }),
    winston: () => new WinstonInstrumentation({ enabled: false, disableLogSending: !config.logs }),
    runtime: () => new RuntimeNodeInstrumentation({ enabled: false, monitoringPrecision: EVENT_LOOP_DELAY_RESOLUTION_MS }),
  };
  return (Object.keys(factories) as InstrumentationName[])
    .filter((name) => !config.disabledInstrumentations.has(name))
    .filter((name) => name !== 'runtime' || config.metrics)
    .flatMap((name) => factories[name]());
}

/** Instrumentations that record a request-duration histogram for every request they trace. */
const REQUEST_METRIC_SOURCES: ReadonlySet<string> = new Set(['@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-undici']);
const NOOP_METER_PROVIDER: MeterProvider = { getMeter: () => createNoopMeter() };

/**
 * Stops the HTTP and undici instrumentations recording `http.server.request.duration` and
 * `http.client.request.duration`. Linkscope derives request counts and latencies from the
 * SERVER and CLIENT spans, so when every trace is kept (sample ratio 1) the histograms repeat
 * the spans and cost about a quarter of the SDK's CPU per request (docs/adr/0010). Call it after
 * the SDK has registered the instrumentations, which hands them its meter provider.
 */
export function dropRequestMetrics(instrumentations: readonly Instrumentation[]): void {
  for (const instrumentation of instrumentations) {
    if (REQUEST_METRIC_SOURCES.has(instrumentation.instrumentationName)) instrumentation.setMeterProvider(NOOP_METER_PROVIDER);
  }
}
