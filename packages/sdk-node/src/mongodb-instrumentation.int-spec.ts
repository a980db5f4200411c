import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { SPAN_KIND, STATUS_CODE, startInstrumentedService, type InstrumentedService, type RouteService } from './testing/instrumented-service';
import type { DecodedSpan } from './testing/protobuf-wire.reader';

// A tiny service reads and writes, through the mongodb driver, the real MongoDB-protocol server
// the integration setup runs for this test slot (FerretDB over SQLite; packages/devstack,
// test-servers); its spans go through our SDK to a local fake collector.
// @opentelemetry/instrumentation-mongodb 0.77 with OTEL_SEMCONV_STABILITY_OPT_IN=database (our
// default) sends the stable names, operation and collection included.
const nodeRequire = createRequire(__filename);
const mongoUrl = new URL(inject('servers').mongodb);
const collectionName = `sdk_spec_orders_${process.pid}`;

let service: InstrumentedService;
let routes: RouteService;
let client: import('mongodb').MongoClient;

beforeAll(async () => {
  service = await startInstrumentedService('mongodb-spec', nodeRequire);
  const { MongoClient } = nodeRequire('mongodb') as typeof import('mongodb');
  client = new MongoClient(mongoUrl.toString(), { maxPoolSize: 2 });
  await client.connect();
  const orders = client.db('linkscope').collection<{ _id: number; status: string; totalCents: number }>(collectionName);
  await orders.insertMany([
    { _id: 1, status: 'paid', totalCents: 1200 },
    { _id: 2, status: 'open', totalCents: 800 },
  ]);
  routes = await service.serveRoutes({
    '/orders/paid': () => orders.find({ status: 'paid' }).toArray(),
    '/orders/new': async () => (await orders.insertOne({ _id: 3, status: 'open', totalCents: 500 })).insertedId,
    '/orders/report': () => orders.aggregate([{ $bogus: {} }]).toArray(),
  });
});

afterAll(async () => {
  await client?.db('linkscope').collection(collectionName).drop().catch(() => undefined);
  await client?.close();
  await service?.close();
});

/** Calls the service; `queries` are its trace's database spans. */
async function call(path: string, count: number): Promise<{ status: number; body: string; queries: DecodedSpan[]; server: DecodedSpan }> {
  const { status, body, spans, server } = await routes.call(path, count);
  return { status, body, queries: spans.filter((span) => span.attributes['db.system.name'] !== undefined), server };
}

const connectionAttributes = {
  'db.system.name': 'mongodb',
  'db.namespace': 'linkscope',
  'server.address': '127.0.0.1',
  'server.port': Number(mongoUrl.port),
};

describe('mongodb against a real MongoDB-protocol server (FerretDB)', () => {
  it('records a find as a CLIENT span under the HTTP server span: operation and collection, the query with its values masked', async () => {
    const { status, body, queries, server } = await call('/orders/paid', 1);

    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual([{ _id: 1, status: 'paid', totalCents: 1200 }]);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({ name: `find ${collectionName}`, kind: SPAN_KIND.client, parentSpanId: server.spanId, statusCode: STATUS_CODE.unset });
    expect(queries[0]?.attributes).toEqual({
      ...connectionAttributes,
      'db.operation.name': 'find',
      'db.collection.name': collectionName,
      'db.query.text': '{"find":"?","filter":{"status":"?"}}',
    });
  });

  it('records an insert without the document values', async () => {
    const { body, queries, server } = await call('/orders/new', 1);

    expect(body).toBe('3');
    expect(queries[0]).toMatchObject({ name: `insert ${collectionName}`, kind: SPAN_KIND.client, parentSpanId: server.spanId });
    expect(queries[0]?.attributes).toEqual({
      ...connectionAttributes,
      'db.operation.name': 'insert',
      'db.collection.name': collectionName,
      'db.query.text': '{"_id":"?","status":"?","totalCents":"?"}',
    });
  });

  it('marks a failing aggregate ERROR with the server message, and the request span too', async () => {
    const { status, queries, server } = await call('/orders/report', 1);

    expect(status).toBe(500);
    // The instrumentation takes aggregate through its generic command path, whose namespace is
    // the database's `$cmd`; the SDK names the collection the command is about instead.
    expect(queries[0]).toMatchObject({
      name: `aggregate ${collectionName}`,
      kind: SPAN_KIND.client,
      parentSpanId: server.spanId,
      statusCode: STATUS_CODE.error,
      statusMessage: 'Unrecognized pipeline stage name: "$bogus"',
    });
    expect(queries[0]?.attributes).toMatchObject({ ...connectionAttributes, 'db.operation.name': 'aggregate', 'db.collection.name': collectionName });
    // The collection's name is kept in the query text; the values are still masked.
    expect(queries[0]?.attributes['db.query.text']).toMatch(new RegExp(`^\\{"aggregate":"${collectionName}","pipeline":\\[\\{"\\$bogus":\\{\\}\\}\\]`));
    expect(server).toMatchObject({ statusCode: STATUS_CODE.error });
  });

  it('exports no span for commands outside any trace (requireParentSpan), such as the setup above', async () => {
    await service.handle.forceFlush();
    const operations = service.collector.spans().map((span) => span.attributes['db.operation.name']);

    expect(operations).not.toContain('hello');
    expect(operations.filter((operation) => operation === 'insert')).toHaveLength(1);
  });
});
