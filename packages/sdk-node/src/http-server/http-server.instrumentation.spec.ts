import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { RequestContextManager } from '../context/request-context.manager';
import { buildHttpInstrumentationConfig, buildIgnoreIncomingRequest } from '../http-instrumentation.config';
import { buildPropagator } from '../propagators';
import { DEFAULT_IGNORED_PATHS, DEFAULT_PROPAGATORS } from '../sdk.config';
import { TRACE_ID_HEADER, TRACERESPONSE_HEADER } from '../trace-response';
import { ABORTED_MESSAGE, HttpServerInstrumentation } from './http-server.instrumentation';

// The server instrumentation on its own, as init() wires it: our context manager, the default
// propagators, OpenTelemetry's HTTP instrumentation for outgoing requests only, Express's.
const nodeRequire = createRequire(__filename);
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const contextManager = new RequestContextManager();
const serverInstrumentation = new HttpServerInstrumentation({
  enabled: false,
  contextManager,
  ignoreIncomingRequest: buildIgnoreIncomingRequest(DEFAULT_IGNORED_PATHS),
  traceResponseHeader: true,
  recordDuration: false,
});
let http: typeof import('node:http');
const servers: Server[] = [];

beforeAll(() => {
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(buildPropagator(DEFAULT_PROPAGATORS));
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    instrumentations: [serverInstrumentation, new HttpInstrumentation(buildHttpInstrumentationConfig({})), new ExpressInstrumentation()],
  });
  http = nodeRequire('node:http') as typeof import('node:http');
});

afterEach(() => exporter.reset());

afterAll(async () => {
  serverInstrumentation.disable();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(listener: (request: IncomingMessage, response: ServerResponse) => void): Promise<number> {
  const server = http.createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends raw bytes over one connection, `chunks` apart by `gapMs`, and returns everything the server sent. */
async function rawExchange(port: number, chunks: string[], gapMs = 30, waitMs = 150): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
  for (const chunk of chunks) {
    socket.write(chunk);
    await delay(gapMs);
  }
  await delay(waitMs);
  socket.destroy();
  return received;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `count` server spans have ended. */
async function serverSpans(count: number): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const spans = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
    if (spans.length >= count || Date.now() > deadline) return spans;
    await delay(20);
  }
}

describe('SERVER spans from the http.server diagnostics channels', () => {
  it('carries the stable HTTP attributes, redacts signatures in the query and leaves the status unset for 2xx', async () => {
    const port = await listen((_request, response) => response.end('ok'));

    await rawExchange(port, [`GET /items/42?page=2&sig=secret HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: spec-agent/1.0\r\n\r\n`]);
    const [span] = await serverSpans(1);

    expect(span).toMatchObject({ name: 'GET', kind: SpanKind.SERVER, status: { code: SpanStatusCode.UNSET } });
    expect(span?.instrumentationScope.name).toBe('@linkscope/sdk-node/http-server');
    expect(span?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'url.path': '/items/42',
      'url.query': 'page=2&sig=REDACTED',
      'server.address': '127.0.0.1',
      'server.port': port,
      'client.address': '127.0.0.1',
      'network.peer.address': '127.0.0.1',
      'network.peer.port': expect.any(Number),
      'network.protocol.version': '1.1',
      'user_agent.original': 'spec-agent/1.0',
      'http.response.status_code': 200,
    });
  });

  it('marks a 5xx answer as an error with error.type', async () => {
    const port = await listen((_request, response) => {
      response.statusCode = 503;
      response.end();
    });

    await rawExchange(port, [`GET /down HTTP/1.1\r\nHost: h\r\n\r\n`]);
    const [span] = await serverSpans(1);

    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
  });

  it.each([
    ['W3C traceparent', (traceId: string) => `traceparent: 00-${traceId}-a2fb4a1d1a96d312-01`],
    ['B3 single header', (traceId: string) => `b3: ${traceId}-a2fb4a1d1a96d312-1`],
    ['B3 multi header', (traceId: string) => `X-B3-TraceId: ${traceId}\r\nX-B3-SpanId: a2fb4a1d1a96d312\r\nX-B3-Sampled: 1`],
  ])('continues the trace of a request that arrives with %s and says so in the response headers', async (_format, header) => {
    const traceId = '463ac35c9f6413ad48485a3953bb6124';
    const port = await listen((_request, response) => response.end('ok'));

    const answer = await rawExchange(port, [`GET / HTTP/1.1\r\nHost: h\r\n${header(traceId)}\r\n\r\n`]);
    const [span] = await serverSpans(1);

    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext).toMatchObject({ spanId: 'a2fb4a1d1a96d312', isRemote: true });
    expect(answer).toContain(`${TRACE_ID_HEADER}: ${traceId}\r\n`);
    expect(answer).toContain(`${TRACERESPONSE_HEADER}: 00-${traceId}-${span?.spanContext().spanId}-01\r\n`);
  });

  it('names the span by the Express route and keeps the request context in body listeners that run later', async () => {
    const express = nodeRequire('express') as typeof import('express');
    const app = express();
    app.use(express.json());
    app.post('/orders/:id', (request, response) => {
      // Runs from the body's 'end', which Node emits from a later socket callback than the headers'.
      trace.getTracer('spec').startActiveSpan('save-order', (span) => {
        span.end();
        response.json({ id: request.params.id, items: (request.body as { items: number }).items });
      });
    });
    const port = await listen(app);

    const body = '{"items":3}';
    const answer = await rawExchange(port, [
      `POST /orders/7 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    ]);
    const [server] = await serverSpans(1);
    const save = exporter.getFinishedSpans().find((span) => span.name === 'save-order');

    expect(answer).toContain('{"id":"7","items":3}');
    expect(server).toMatchObject({ name: 'POST /orders/:id' });
    expect(server?.attributes['http.route']).toBe('/orders/:id');
    // Express's instrumentation puts its request-handler span between the two.
    const byId = new Map(exporter.getFinishedSpans().map((span) => [span.spanContext().spanId, span]));
    const ancestors: string[] = [];
    for (let span = save; span?.parentSpanContext !== undefined; span = byId.get(span.parentSpanContext.spanId)) ancestors.push(span.parentSpanContext.spanId);
    expect(ancestors).toContain(server?.spanContext().spanId);
    expect(save?.spanContext().traceId).toBe(server?.spanContext().traceId);
  });

  it('does not leak a request context into the next request on the same keep-alive connection or into unrelated timers', async () => {
    const seen: Record<string, string | undefined> = {};
    const activeTrace = () => trace.getActiveSpan()?.spanContext().traceId;
    const unrelated = setInterval(() => (seen['unrelated'] ??= activeTrace() ?? 'none'), 5);
    const port = await listen((request, response) => {
      const path = request.url ?? '';
      seen[`${path} handler`] = activeTrace();
      setTimeout(() => (seen[`${path} timer`] = activeTrace()), 60);
      request.on('data', () => (seen[`${path} data`] = activeTrace()));
      request.on('end', () => {
        seen[`${path} end`] = activeTrace();
        response.end('ok');
      });
    });

    await rawExchange(port, ['POST /first HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n', 'abcd', 'GET /second HTTP/1.1\r\nHost: h\r\n\r\n'], 30, 120);
    clearInterval(unrelated);
    const spans = await serverSpans(2);
    const traceOf = (path: string) => spans.find((span) => span.attributes['url.path'] === path)?.spanContext().traceId;

    expect(traceOf('/first')).toBeDefined();
    expect(traceOf('/second')).toBeDefined();
    expect(traceOf('/first')).not.toBe(traceOf('/second'));
    expect(seen).toMatchObject({
      '/first handler': traceOf('/first'),
      '/first data': traceOf('/first'),
      '/first end': traceOf('/first'),
      '/first timer': traceOf('/first'),
      '/second handler': traceOf('/second'),
      '/second end': traceOf('/second'),
      '/second timer': traceOf('/second'),
      unrelated: 'none',
    });
  });

  it('ends the span of a request whose client went away with an error', async () => {
    const port = await listen(() => {
      // Never answers.
    });

    await rawExchange(port, ['GET /slow HTTP/1.1\r\nHost: h\r\n\r\n'], 0, 50);
    const [span] = await serverSpans(1);

    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: ABORTED_MESSAGE });
    expect(span?.attributes['http.response.status_code']).toBeUndefined();
    expect(span?.attributes['url.path']).toBe('/slow');
  });

  it('starts no trace for a health probe, and what the probe calls is not traced either', async () => {
    let downstreamHeaders: IncomingMessage['headers'] = {};
    const downstream = await listen((request, response) => {
      downstreamHeaders = request.headers;
      response.end();
    });
    const port = await listen((_request, response) => {
      http.get(`http://127.0.0.1:${downstream}/`, (answer) => {
        answer.resume();
        answer.on('end', () => response.end('healthy'));
      });
    });

    const answer = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n'], 30, 200);

    expect(answer).toContain('healthy');
    expect(answer).not.toContain(TRACE_ID_HEADER);
    expect(downstreamHeaders['traceparent']).toBeUndefined();
    // The downstream server is traced (it is not a probe path), as a new trace of its own.
    const spans = exporter.getFinishedSpans();
    expect(spans.filter((span) => span.attributes['url.path'] === '/healthz')).toEqual([]);
    expect(spans.filter((span) => span.kind === SpanKind.CLIENT)).toEqual([]);
  });

  it('sets no response headers when traceResponseHeader is off', async () => {
    serverInstrumentation.setConfig({ ...serverInstrumentation.getConfig(), traceResponseHeader: false });
    try {
      const port = await listen((_request, response) => response.end('ok'));

      const answer = await rawExchange(port, ['GET / HTTP/1.1\r\nHost: h\r\n\r\n']);

      expect(await serverSpans(1)).toHaveLength(1);
      expect(answer).not.toContain(TRACERESPONSE_HEADER);
      expect(answer).not.toContain(TRACE_ID_HEADER);
    } finally {
      serverInstrumentation.setConfig({ ...serverInstrumentation.getConfig(), traceResponseHeader: true });
    }
  });

  it('puts a span a handler starts under the server span, and a second bind of the request does not rebind it', async () => {
    let handlerSpan: Span | undefined;
    const port = await listen((request, response) => {
      context.bind(trace.setSpan(context.active(), trace.wrapSpanContext({ traceId: 'f'.repeat(32), spanId: 'f'.repeat(16), traceFlags: 1 })), request);
      handlerSpan = trace.getTracer('spec').startSpan('work');
      handlerSpan.end();
      request.resume();
      request.on('end', () => response.end(trace.getActiveSpan()?.spanContext().traceId));
    });

    const answer = await rawExchange(port, ['GET /work HTTP/1.1\r\nHost: h\r\n\r\n']);
    const [server] = await serverSpans(1);

    expect((handlerSpan as unknown as ReadableSpan).parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(answer).toContain(server!.spanContext().traceId);
  });
});
