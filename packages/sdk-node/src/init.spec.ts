import { context, propagation } from '@opentelemetry/api';
import type { IncomingMessage, RequestListener, Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { init, setHttpRoute, TRACE_ID_HEADER, TRACERESPONSE_HEADER, type LinkscopeHandle } from './index';
import { startFakeCollector, type FakeCollector } from './testing/fake-collector';
import type { DecodedSpan } from './testing/protobuf-wire.reader';

// A real CommonJS require: the HTTP instrumentation patches node:http when it passes through
// require after init, exactly as it happens in an application.
const nodeRequire = createRequire(__filename);
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const TRACERESPONSE_PATTERN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

let collector: FakeCollector;
let handle: LinkscopeHandle;
let http: typeof import('node:http');
const servers: Server[] = [];

beforeAll(async () => {
  collector = await startFakeCollector(nodeRequire('node:http') as typeof import('node:http'));
  handle = init({
    serviceName: 'sdk-spec',
    endpoint: collector.url,
    apiKey: 'ls_spec_key',
    handleShutdownSignals: false,
    metrics: false,
    logs: false,
  });
  http = nodeRequire('node:http') as typeof import('node:http');
});

afterAll(async () => {
  await handle.shutdown();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await collector.close();
});

async function listen(listener: RequestListener): Promise<string> {
  const server = http.createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Flushes until `count` spans of the trace have reached the collector (server spans end on 'close'). */
async function exportedSpans(traceId: string, count: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    await handle.forceFlush();
    const spans = collector.received.flatMap((request) => request.spans).filter((s) => s.traceId === traceId);
    if (spans.length >= count || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function parseTraceResponse(value: string | null): { traceId: string; spanId: string } {
  const match = TRACERESPONSE_PATTERN.exec(value ?? '');
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`bad traceresponse: ${value}`);
  return { traceId: match[1], spanId: match[2] };
}

describe('init against a fake collector', () => {
  it('puts the exported server span ids in the traceresponse header, even when the handler calls writeHead', async () => {
    const url = await listen((_request, response) => {
      setHttpRoute('/hello/:name');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"hello":"world"}');
    });

    const response = await fetch(`${url}/hello/ada`);
    const { traceId, spanId } = parseTraceResponse(response.headers.get(TRACERESPONSE_HEADER));
    const spans = await exportedSpans(traceId, 2);
    const serverSpan = spans.find((span) => span.kind === SPAN_KIND_SERVER);
    // The test's own fetch is instrumented too (undici): it is the root, the server span its child.
    const fetchSpan = spans.find((span) => span.kind === SPAN_KIND_CLIENT);

    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get(TRACE_ID_HEADER)).toBe(traceId);
    expect(fetchSpan).toMatchObject({ parentSpanId: '', name: 'GET' });
    expect(serverSpan).toMatchObject({
      serviceName: 'sdk-spec',
      spanId,
      parentSpanId: fetchSpan?.spanId,
      kind: SPAN_KIND_SERVER,
      name: 'GET /hello/:name',
    });
  });

  it('sets the header on a response that only sets a status code', async () => {
    const url = await listen((_request, response) => {
      response.statusCode = 404;
      response.end();
    });

    const response = await fetch(`${url}/missing`);

    expect(response.status).toBe(404);
    expect(response.headers.get(TRACERESPONSE_HEADER)).toMatch(TRACERESPONSE_PATTERN);
  });

  it('POSTs protobuf to /v1/traces with the ingest key', async () => {
    const url = await listen((_request, response) => response.end('ok'));
    const { traceId } = parseTraceResponse((await fetch(url)).headers.get(TRACERESPONSE_HEADER));
    await exportedSpans(traceId, 1);

    const exportRequest = collector.received.find((request) => request.spans.some((s) => s.traceId === traceId));

    expect(exportRequest).toMatchObject({
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf', 'x-linkscope-ingest-key': 'ls_spec_key' },
    });
  });

  it('propagates trace context and baggage through an instrumented client call', async () => {
    let downstreamBaggage: string | undefined;
    const downstreamUrl = await listen((request, response) => {
      downstreamBaggage = request.headers.baggage as string | undefined;
      response.end('downstream');
    });
    const upstreamUrl = await listen((_request, response) => {
      const baggage = propagation.createBaggage({ 'tenant.id': { value: 'acme' } });
      context.with(propagation.setBaggage(context.active(), baggage), () => {
        http.get(downstreamUrl, (downstream: IncomingMessage) => {
          downstream.resume();
          downstream.on('end', () => response.end('upstream'));
        });
      });
    });

    const { traceId, spanId } = parseTraceResponse((await fetch(upstreamUrl)).headers.get(TRACERESPONSE_HEADER));
    const spans = await exportedSpans(traceId, 4);
    const upstreamServer = spans.find((s) => s.kind === SPAN_KIND_SERVER && s.spanId === spanId);
    const client = spans.find((s) => s.kind === SPAN_KIND_CLIENT && s.parentSpanId === spanId);
    const downstreamServer = spans.find((s) => s.kind === SPAN_KIND_SERVER && s.spanId !== spanId);

    expect(spans.find((s) => s.spanId === upstreamServer?.parentSpanId)).toMatchObject({ kind: SPAN_KIND_CLIENT, parentSpanId: '' });
    expect(client?.parentSpanId).toBe(spanId);
    expect(downstreamServer?.parentSpanId).toBe(client?.spanId);
    expect(downstreamBaggage).toBe('tenant.id=acme');
  });

  it('reports that there is no request to name outside a handler', () => {
    expect(setHttpRoute('/anything')).toBe(false);
  });

  it('returns the first handle when called again', () => {
    expect(init({ serviceName: 'other', endpoint: 'http://127.0.0.1:1' })).toBe(handle);
  });
});
