import * as diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  ValueType,
  type Attributes,
  type Context,
  type Histogram,
  type MeterProvider,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { suppressTracing, type RPCMetadata, type RPCType } from '@opentelemetry/core';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';

import type { RequestContextManager } from '../context/request-context.manager';
import { setTraceResponseHeader } from '../trace-response';
import { KNOWN_METHODS, MAX_SERVER_SPAN_ATTRIBUTES, serverSpanAttributes } from './server-span-attributes';
import { ServerRequestContext } from './server-request.context';
import { addTrustedAttributes, setTrustedAttribute } from './trusted-attributes';

/** Published by Node's HTTP server just before it emits `request`, with `{ request, response, socket, server }`. */
const REQUEST_START_CHANNEL = 'http.server.request.start';
/** Published when a response has been handed to the socket in full (its `finish`). */
const RESPONSE_FINISH_CHANNEL = 'http.server.response.finish';
const INSTRUMENTATION_NAME = '@linkscope/sdk-node/http-server';
const INSTRUMENTATION_VERSION = '0.1.0';
/** Status message of a server span whose client went away before the response was complete. */
export const ABORTED_MESSAGE = 'The connection closed before the response was complete.';

const SERVER_SPAN_OPTIONS = { kind: SpanKind.SERVER } as const;

/** Where a response keeps the HTTP metadata of its server span until it finishes or closes. */
const SERVER_SPAN: unique symbol = Symbol('linkscope.serverSpan');

type HttpMetadata = RPCMetadata & { type: RPCType.HTTP };

/** OpenTelemetry's buckets for `http.server.request.duration`, in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

interface TracedResponse extends ServerResponse {
  [SERVER_SPAN]?: ServerRequestContext;
}

interface ServerRequestMessage {
  request: IncomingMessage;
  response: TracedResponse;
  socket: Socket & { encrypted?: boolean };
}

/** Settings of {@link HttpServerInstrumentation}, fixed when it is created. */
export interface HttpServerInstrumentationConfig extends InstrumentationConfig {
  /** The SDK's context manager: the request's context is entered with it. */
  contextManager: RequestContextManager;
  /** Whether a request starts no span: health probes (see `buildIgnoreIncomingRequest`). */
  ignoreIncomingRequest: (request: IncomingMessage) => boolean;
  /** Set `traceresponse` and `x-trace-id` on every traced response before the handler runs. */
  traceResponseHeader: boolean;
  /**
   * Record `http.server.request.duration` (as OpenTelemetry's HTTP instrumentation does) for every
   * traced request. The SDK asks for it below sample ratio 1 only, when spans no longer count
   * every request (docs/adr/0010).
   */
  recordDuration: boolean;
}

/**
 * SERVER spans for Node's HTTP and HTTPS servers, from the `http.server.*` diagnostics channels
 * instead of patching `Server.prototype.emit` (docs/adr/0015).
 *
 * When a request's headers have been parsed, Node publishes `http.server.request.start` and then,
 * synchronously, emits `request`. The subscriber starts the span (parent extracted from the
 * headers with the global propagator: W3C, B3), puts it and an {@link RPCMetadata} (where the
 * Express, Fastify and NestJS instrumentations leave `http.route`) into a context, sets the
 * response headers, binds the request and response emitters to that context (so body and
 * `finish` listeners see it, whichever callback Node emits them from) and enters it, so the
 * handler and everything it schedules run in it. Node restores the previous context when the
 * socket's callback returns, so nothing leaks into the next request or unrelated work.
 *
 * `http.server.response.finish` ends the span with `http.response.status_code`, `http.route`
 * (and the name `METHOD route`) and, for 5xx, status ERROR and `error.type`. A response that closes
 * without finishing (the client went away) ends it with status ERROR. With `recordDuration`, the
 * request's duration goes into `http.server.request.duration` too. A handler that throws
 * ends the process as it would without tracing, unless the application catches it; its span ends
 * when the connection closes.
 */
export class HttpServerInstrumentation implements Instrumentation<HttpServerInstrumentationConfig> {
  readonly instrumentationName = INSTRUMENTATION_NAME;
  readonly instrumentationVersion = INSTRUMENTATION_VERSION;
  private tracer: Tracer = trace.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
  private enabled = false;
  private duration: Histogram | undefined;
  private readonly suppressedContext: Context = suppressTracing(ROOT_CONTEXT);

  constructor(private config: HttpServerInstrumentationConfig) {
    if (config.enabled !== false) this.enable();
  }

  enable(): void {
    if (this.enabled) return;
    this.enabled = true;
    diagnosticsChannel.subscribe(REQUEST_START_CHANNEL, this.onRequestStart);
    diagnosticsChannel.subscribe(RESPONSE_FINISH_CHANNEL, this.onResponseFinish);
  }

  disable(): void {
    if (!this.enabled) return;
    this.enabled = false;
    diagnosticsChannel.unsubscribe(REQUEST_START_CHANNEL, this.onRequestStart);
    diagnosticsChannel.unsubscribe(RESPONSE_FINISH_CHANNEL, this.onResponseFinish);
  }

  setTracerProvider(tracerProvider: TracerProvider): void {
    this.tracer = tracerProvider.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
  }

  /** Creates the duration histogram when `recordDuration` is set; otherwise records nothing. */
  setMeterProvider(meterProvider: MeterProvider): void {
    if (!this.config.recordDuration) return;
    this.duration = meterProvider.getMeter(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION).createHistogram('http.server.request.duration', {
      description: 'Duration of HTTP server requests.',
      unit: 's',
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
  }

  setConfig(config: HttpServerInstrumentationConfig): void {
    this.config = config;
  }

  getConfig(): HttpServerInstrumentationConfig {
    return this.config;
  }

  private readonly onRequestStart = (message: unknown): void => {
    const { request, response, socket } = message as ServerRequestMessage;
    const { contextManager } = this.config;
    if (this.config.ignoreIncomingRequest(request)) {
      contextManager.bind(this.suppressedContext, request);
      contextManager.bind(this.suppressedContext, response);
      contextManager.enterWith(this.suppressedContext);
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    // Attributes are added after the start, checked once instead of twice (see addTrustedAttributes).
    const span = this.tracer.startSpan(request.method ?? 'GET', SERVER_SPAN_OPTIONS, parent);
    addTrustedAttributes(span, serverSpanAttributes(request, socket.encrypted === true ? 'https' : 'http'), MAX_SERVER_SPAN_ATTRIBUTES);
    // The request's context, the span's RPC metadata and its state: one object (see ServerRequestContext).
    const requestContext = new ServerRequestContext(parent, span, this.duration === undefined ? undefined : performance.now());
    if (this.config.traceResponseHeader) setTraceResponseHeader(span, response);
    response[SERVER_SPAN] = requestContext;
    // The response's listeners run in the request's context, and its 'close' tells an abort; one
    // replaced `emit` does both, cheaper than binding the emitter and adding a listener.
    response.emit = this.emitResponse;
    contextManager.bind(requestContext, request);
    contextManager.enterWith(requestContext);
  };

  /** `emit` of a traced response: ends the span of an aborted request, then emits in the request's context. */
  private readonly emitResponse = ((instrumentation: HttpServerInstrumentation) =>
    function emitInRequestContext(this: TracedResponse, event: string | symbol, ...args: unknown[]): boolean {
      const state = this[SERVER_SPAN]!;
      const emit = (Object.getPrototypeOf(this) as ServerResponse).emit;
      if (event === 'close' && !state.ended) instrumentation.endAborted(this, state);
      // No listener, no code that could read the context: skip the switch (two AsyncContextFrame copies).
      if (this.listenerCount(event) === 0) return emit.call(this, event, ...args);
      return instrumentation.config.contextManager.with(state, emit as (...args: unknown[]) => boolean, this, event, ...args);
    })(this);

  private readonly onResponseFinish = (message: unknown): void => {
    const { request, response } = message as ServerRequestMessage;
    const state = response[SERVER_SPAN];
    if (state === undefined || state.ended) return;
    state.ended = true;
    const span = state.span;
    const status = response.statusCode;
    setTrustedAttribute(span, 'http.response.status_code', status);
    nameByRoute(span, request, state);
    if (!(status >= 100 && status < 500)) span.setStatus({ code: SpanStatusCode.ERROR });
    if (status >= 500 && status < 600) setTrustedAttribute(span, 'error.type', String(status));
    span.end();
    if (state.startMs !== undefined) this.recordDuration(request, status, state, state.startMs);
  };

  /** `close` without `finish` first: the client went away (or the socket failed) mid-response. */
  private endAborted(response: TracedResponse, state: ServerRequestContext): void {
    state.ended = true;
    const span = state.span;
    if (response.headersSent) setTrustedAttribute(span, 'http.response.status_code', response.statusCode);
    nameByRoute(span, response.req, state);
    span.setStatus({ code: SpanStatusCode.ERROR, message: ABORTED_MESSAGE });
    span.end();
  }

  private recordDuration(request: IncomingMessage, status: number, metadata: HttpMetadata, startMs: number): void {
    const method = request.method ?? 'GET';
    const attributes: Attributes = {
      'http.request.method': KNOWN_METHODS.has(method) ? method : '_OTHER',
      'url.scheme': (request.socket as { encrypted?: boolean } | null)?.encrypted === true ? 'https' : 'http',
      'network.protocol.version': request.httpVersion,
      'http.response.status_code': status,
    };
    if (metadata.route !== undefined) attributes['http.route'] = metadata.route;
    if (status >= 500 && status < 600) attributes['error.type'] = String(status);
    this.duration?.record((performance.now() - startMs) / 1000, attributes);
  }
}

function nameByRoute(span: Span, request: IncomingMessage | undefined, metadata: HttpMetadata): void {
  const route = metadata.route;
  if (route === undefined) return;
  if (typeof route === 'string') setTrustedAttribute(span, 'http.route', route);
  else span.setAttribute('http.route', route);
  span.updateName(`${request?.method ?? 'GET'} ${route}`);
}
