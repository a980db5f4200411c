import { context, propagation, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { DatabaseSync } from 'node:sqlite';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { init, setBusinessTransaction, markBusinessFailure, traceDatabaseSync, TRACE_ID_HEADER, type LinkscopeHandle } from './index';
import { startFakeCollector, type FakeCollector } from './testing/fake-collector';
import type { DecodedSpan } from './testing/protobuf-wire.reader';

// Libraries are required after init(), as an application loads them after the SDK: the
// instrumentations patch a module when it passes through require.
const nodeRequire = createRequire(__filename);
const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

let collector: FakeCollector;
let handle: LinkscopeHandle;
let http: typeof import('node:http');
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  collector = await startFakeCollector(nodeRequire('node:http') as typeof import('node:http'));
  handle = init({
    serviceName: 'instrumentation-spec',
    endpoint: collector.url,
    apiKey: 'ls_spec_key',
    handleShutdownSignals: false,
    metricsIntervalMs: 500,
  });
  http = nodeRequire('node:http') as typeof import('node:http');
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await handle.shutdown();
  await collector.close();
});

async function listen(server: import('node:http').Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Flushes until the trace has `count` spans at the collector (or 5 s passed). */
async function spansOf(traceId: string, count: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    await handle.forceFlush();
    const spans = collector.spans().filter((span) => span.traceId === traceId);
    if (spans.length >= count || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `body` inside a fresh root span and returns that span's trace id. */
async function inRootSpan(body: () => Promise<void>): Promise<string> {
  const tracer = trace.getTracer('spec');
  return tracer.startActiveSpan('spec-root', async (span) => {
    try {
      await body();
    } finally {
      span.end();
    }
    return span.spanContext().traceId;
  });
}

describe('node:http and undici (fetch)', () => {
  it('gives the client span the stable HTTP attributes and continues the trace on the server', async () => {
    const url = await listen(http.createServer((_request, response) => response.end('ok')));
    const port = Number(new URL(url).port);

    const traceId = await inRootSpan(async () => {
      await (await fetch(`${url}/items?page=2`)).text();
    });
    const spans = await spansOf(traceId, 3);
    const client = spans.find((span) => span.kind === CLIENT);
    const server = spans.find((span) => span.kind === SERVER);

    expect(client?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'server.address': '127.0.0.1',
      'server.port': port,
      'url.full': `${url}/items?page=2`,
      'http.response.status_code': 200,
    });
    expect(server?.parentSpanId).toBe(client?.spanId);
    expect(server?.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.path': '/items', 'http.response.status_code': 200 });
  });
});

describe('B3 and W3C propagation', () => {
  const parentSpanId = 'a2fb4a1d1a96d312';
  let url: string;
  let seenHeaders: import('node:http').IncomingHttpHeaders = {};

  beforeAll(async () => {
    const downstream = await listen(
      http.createServer((request, response) => {
        seenHeaders = request.headers;
        response.end();
      }),
    );
    url = await listen(
      http.createServer((_request, response) => {
        void fetch(downstream).then(() => response.end('relayed'));
      }),
    );
  });

  it.each([
    ['W3C traceparent', '463ac35c9f6413ad48485a3953bb6121', (traceId: string) => ({ traceparent: `00-${traceId}-${parentSpanId}-01` })],
    ['B3 single header', '463ac35c9f6413ad48485a3953bb6122', (traceId: string) => ({ b3: `${traceId}-${parentSpanId}-1` })],
    [
      'B3 multi header',
      '463ac35c9f6413ad48485a3953bb6123',
      (traceId: string) => ({ 'x-b3-traceid': traceId, 'x-b3-spanid': parentSpanId, 'x-b3-sampled': '1' }),
    ],
  ])('continues a trace that arrives with %s and passes it on in W3C and B3 form', async (_format, traceId, headersFor) => {
    const headers = headersFor(traceId);
    // Sent untraced, as from an uninstrumented caller: only the headers given here travel.
    const response = await context.with(suppressTracing(context.active()), () => fetch(url, { headers }));

    expect(response.headers.get(TRACE_ID_HEADER)).toBe(traceId);
    const spans = await spansOf(traceId, 3);
    const server = spans.find((span) => span.kind === SERVER && span.parentSpanId === parentSpanId);
    const client = spans.find((span) => span.kind === CLIENT && span.parentSpanId === server?.spanId);
    expect(server).toBeDefined();
    expect(client).toBeDefined();
    expect(seenHeaders['traceparent']).toBe(`00-${traceId}-${client?.spanId}-01`);
    expect(seenHeaders).toMatchObject({ 'x-b3-traceid': traceId, 'x-b3-spanid': client?.spanId, 'x-b3-sampled': '1' });
  });

  it('propagates baggage', async () => {
    await inRootSpan(async () => {
      const baggage = propagation.createBaggage({ 'tenant.id': { value: 'acme' } });
      await context.with(propagation.setBaggage(context.active(), baggage), () => fetch(url));
    });

    expect(seenHeaders['baggage']).toBe('tenant.id=acme');
  });
});

describe('express', () => {
  it('names the server span by route and adds a span per middleware and handler', async () => {
    const express = nodeRequire('express') as typeof import('express');
    const app = express();
    app.use((_request, _response, next) => next());
    app.get('/users/:id', (request, response) => {
      setBusinessTransaction('login');
      response.json({ id: request.params.id });
    });
    const url = await listen(http.createServer(app));

    const response = await fetch(`${url}/users/42`);
    const traceId = response.headers.get(TRACE_ID_HEADER)!;
    const spans = await spansOf(traceId, 4);
    const server = spans.find((span) => span.kind === SERVER);
    const handler = spans.find((span) => span.attributes['express.type'] === 'request_handler');

    expect(server).toMatchObject({ name: 'GET /users/:id' });
    expect(server?.attributes).toMatchObject({ 'http.route': '/users/:id', 'biz.name': 'login' });
    expect(handler).toMatchObject({ kind: INTERNAL, name: 'request handler', parentSpanId: server?.spanId });
    expect(handler?.attributes).toMatchObject({ 'http.route': '/users/:id', 'express.name': '/users/:id' });
    expect(spans.some((span) => span.attributes['express.type'] === 'middleware')).toBe(true);
  });
});

describe('fastify', () => {
  it('adds request and handler spans under the server span, which gets the route', async () => {
    const fastify = (nodeRequire('fastify') as typeof import('fastify')).default;
    const app = fastify();
    app.get('/orders/:id', async (request) => {
      markBusinessFailure('out_of_stock');
      return { id: (request.params as { id: string }).id };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const response = await fetch(`${url}/orders/7`);
    const traceId = response.headers.get(TRACE_ID_HEADER)!;
    const spans = await spansOf(traceId, 3);
    const server = spans.find((span) => span.kind === SERVER);
    const handler = spans.find((span) => String(span.name).startsWith('handler'));

    expect(response.status).toBe(200);
    expect(server?.attributes).toMatchObject({ 'http.route': '/orders/:id', 'biz.success': false, 'biz.failure_reason': 'out_of_stock' });
    expect(handler?.attributes).toMatchObject({ 'http.route': '/orders/:id' });
    expect(handler?.parentSpanId).not.toBe('');
    expect(spans.some((span) => span.name === 'request' && span.attributes['fastify.root'] === '@fastify/otel')).toBe(true);
  });
});

describe('pino and winston', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });

  it('adds trace_id and span_id to pino lines and ships the record to /v1/logs', async () => {
    const pino = nodeRequire('pino') as typeof import('pino');
    const logger = pino.default({ level: 'info' }, sink);
    let spanId = '';
    const traceId = await inRootSpan(async () => {
      spanId = trace.getActiveSpan()!.spanContext().spanId;
      logger.info({ orderId: 'o-1' }, 'order placed');
    });

    const line = JSON.parse(lines.find((entry) => entry.includes('order placed'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ trace_id: traceId, span_id: spanId, trace_flags: '01', orderId: 'o-1' });
    await handle.forceFlush();
    const shipped = collector.logRecords().find((record) => record.body === 'order placed');
    expect(shipped).toMatchObject({ serviceName: 'instrumentation-spec', traceId, spanId, severityText: 'info' });
  });

  it('adds trace_id and span_id to winston records', async () => {
    const winston = nodeRequire('winston') as typeof import('winston');
    const logger = winston.createLogger({ format: winston.format.json(), transports: [new winston.transports.Stream({ stream: sink })] });
    let spanId = '';
    const traceId = await inRootSpan(async () => {
      spanId = trace.getActiveSpan()!.spanContext().spanId;
      logger.info('payment captured');
    });

    const line = JSON.parse(lines.find((entry) => entry.includes('payment captured'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ trace_id: traceId, span_id: spanId });
  });
});

describe('node:sqlite through traceDatabaseSync', () => {
  it('records each statement as a CLIENT span with the database semantic conventions', async () => {
    const db = traceDatabaseSync(new DatabaseSync(':memory:'), 'shop');
    const traceId = await inRootSpan(async () => {
      db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)');
      db.run('INSERT INTO items (name) VALUES (?)', 'kettle');
      expect(db.all('SELECT id, name FROM items WHERE name = ?', 'kettle')).toHaveLength(1);
      expect(() => db.get('SELECT nope FROM items')).toThrow();
    });

    const spans = await spansOf(traceId, 5);
    const select = spans.find((span) => span.name === 'SELECT items' && span.statusCode === 0);
    const failed = spans.find((span) => span.statusCode === 2);
    expect(select?.kind).toBe(CLIENT);
    expect(select?.attributes).toMatchObject({
      'db.system.name': 'sqlite',
      'db.namespace': 'shop',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'items',
      'db.query.text': 'SELECT id, name FROM items WHERE name = ?',
      'db.response.returned_rows': 1,
    });
    expect(failed?.attributes['db.query.text']).toBe('SELECT nope FROM items');
  });

  it('times statements run back to back as consecutive, not overlapping (sub-millisecond starts)', async () => {
    const db = traceDatabaseSync(new DatabaseSync(':memory:'), 'shop');
    db.database.exec('CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT)');
    for (let id = 1; id <= 20; id++) db.database.prepare('INSERT INTO products (id, name) VALUES (?, ?)').run(id, `p${id}`);
    // An N+1 loop: twenty lookups by id, all within a millisecond or two on an idle machine.
    const traceId = await inRootSpan(async () => {
      for (let id = 1; id <= 20; id++) db.get('SELECT name FROM products WHERE id = ?', id);
    });

    const lookups = (await spansOf(traceId, 21)).filter((span) => span.name === 'SELECT products').sort((a, b) => (a.startNs < b.startNs ? -1 : 1));
    expect(lookups).toHaveLength(20);
    for (const span of lookups) expect(span.endNs).toBeGreaterThan(span.startNs);
    for (let i = 1; i < lookups.length; i++) expect(lookups[i]!.startNs).toBeGreaterThanOrEqual(lookups[i - 1]!.endNs);
    // Whole-millisecond starts would put most of them on one instant.
    expect(new Set(lookups.map((span) => span.startNs)).size).toBe(20);
  });
});

describe('span timing', () => {
  it('gives every span a sub-millisecond start, so spans started within one millisecond keep their order and a child ends inside its parent', async () => {
    const tracer = trace.getTracer('timing-spec');
    const traceId = await inRootSpan(async () => {
      const parent = tracer.startSpan('parent');
      const parentContext = trace.setSpan(context.active(), parent);
      for (let i = 0; i < 10; i++) tracer.startSpan(`step ${i}`, {}, parentContext).end();
      parent.end();
    });

    const spans = await spansOf(traceId, 12);
    const parent = spans.find((span) => span.name === 'parent')!;
    const steps = spans.filter((span) => span.name.startsWith('step ')).sort((a, b) => Number(a.name.slice(5)) - Number(b.name.slice(5)));
    expect(steps).toHaveLength(10);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.startNs).toBeGreaterThanOrEqual(steps[i - 1]!.endNs);
    expect(steps[0]!.startNs).toBeGreaterThanOrEqual(parent.startNs);
    expect(steps[9]!.endNs).toBeLessThanOrEqual(parent.endNs);
    // Whole-millisecond starts would put all ten, started within a millisecond, on one or two instants.
    expect(new Set(steps.map((span) => span.startNs)).size).toBe(10);
  });

  it('keeps a start time the caller gives', async () => {
    const tracer = trace.getTracer('timing-spec');
    const given = Date.now() - 5_000;
    const traceId = await inRootSpan(async () => {
      tracer.startSpan('given start', { startTime: given }).end(given + 2);
    });

    const span = (await spansOf(traceId, 2)).find((s) => s.name === 'given start')!;
    expect(span.startNs).toBe(BigInt(given) * 1_000_000n);
    expect(span.endNs).toBe(BigInt(given + 2) * 1_000_000n);
  });
});

describe('host, process and runtime metrics', () => {
  it('exports them to /v1/metrics under their semantic-convention names', async () => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !collector.metricNames().includes('v8js.memory.heap.used')) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const names = collector.metricNames();

    expect(names).toEqual(
      expect.arrayContaining([
        'system.cpu.utilization',
        'system.memory.usage',
        'system.network.io',
        'process.cpu.utilization',
        'process.memory.usage',
        'nodejs.eventloop.delay.p99',
        'nodejs.eventloop.utilization',
        'v8js.memory.heap.used',
      ]),
    );
    // At sample ratio 1 the spans count and time every request: the HTTP histograms are not recorded.
    expect(names).not.toContain('http.server.request.duration');
    expect(names).not.toContain('http.client.request.duration');
    // The list README.md documents: printed so a change in the packages shows up in the test log.
    console.log(`metrics exported: ${names.join(', ')}`);
  });
});
