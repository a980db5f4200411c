import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { SPAN_KIND, STATUS_CODE, startInstrumentedService, type InstrumentedService, type RouteService } from './testing/instrumented-service';

// A tiny service queries the real PostgreSQL the integration setup runs for this test slot
// (packages/devstack, test-servers); its spans go through our SDK to a local fake collector.
// @opentelemetry/instrumentation-pg 0.77 with OTEL_SEMCONV_STABILITY_OPT_IN=database (our default)
// emits only the stable names; it sets no db.operation.name or db.collection.name (it does not
// parse SQL beyond the first word, which goes into the span name).
const nodeRequire = createRequire(__filename);
const postgresUrl = new URL(inject('servers').postgres);
const table = `sdk_spec_items_${process.pid}`;

let service: InstrumentedService;
let routes: RouteService;
let pool: import('pg').Pool;

beforeAll(async () => {
  service = await startInstrumentedService('pg-spec', nodeRequire);
  const pg = nodeRequire('pg') as typeof import('pg');
  pool = new pg.Pool({ connectionString: postgresUrl.toString(), max: 2 });
  // Outside any trace: requireParentSpan keeps these out of the export.
  await pool.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, name text NOT NULL)`);
  await pool.query(`INSERT INTO ${table} VALUES (1, 'kettle'), (2, 'teapot')`);
  routes = await service.serveRoutes({
    '/items': async () => (await pool.query(`SELECT id, name FROM ${table} ORDER BY id`)).rows,
    '/items/2': async () => (await pool.query(`SELECT name FROM ${table} WHERE id = $1`, [2])).rows,
    '/prices': async () => (await pool.query(`SELECT price FROM ${table}`)).rows,
  });
});

afterAll(async () => {
  await pool?.query(`DROP TABLE IF EXISTS ${table}`);
  await pool?.end();
  await service?.close();
});

const connectionAttributes = {
  'db.system.name': 'postgresql',
  'db.namespace': 'linkscope',
  'server.address': '127.0.0.1',
  'server.port': Number(postgresUrl.port),
};

describe('pg against the real PostgreSQL', () => {
  it('records a query as a CLIENT span under the HTTP server span, with the stable database attributes', async () => {
    const { status, body, spans, server } = await routes.call('/items', 2);
    const query = spans.find((span) => span.name.startsWith('pg.query'));

    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual([{ id: 1, name: 'kettle' }, { id: 2, name: 'teapot' }]);
    expect(query).toMatchObject({ name: 'pg.query:SELECT linkscope', kind: SPAN_KIND.client, parentSpanId: server.spanId, statusCode: STATUS_CODE.unset });
    expect(query?.attributes).toEqual({ ...connectionAttributes, 'db.query.text': `SELECT id, name FROM ${table} ORDER BY id` });
    // Taking a connection from the pool is a span of its own, a sibling of the query.
    const connect = spans.find((span) => span.name === 'pg-pool.connect');
    expect(connect).toMatchObject({ kind: SPAN_KIND.client, parentSpanId: server.spanId });
    expect(connect?.attributes).toMatchObject(connectionAttributes);
  });

  it('records a parameterised query with its placeholders and without the values', async () => {
    const { body, spans, server } = await routes.call('/items/2', 2);
    const query = spans.find((span) => span.name.startsWith('pg.query'));

    expect(JSON.parse(body)).toEqual([{ name: 'teapot' }]);
    expect(query).toMatchObject({ kind: SPAN_KIND.client, parentSpanId: server.spanId });
    expect(query?.attributes).toEqual({ ...connectionAttributes, 'db.query.text': `SELECT name FROM ${table} WHERE id = $1` });
    expect(query?.attributes).not.toHaveProperty('db.postgresql.values');
  });

  it('marks a failing query ERROR with the server message, and the request span too', async () => {
    const { status, spans, server } = await routes.call('/prices', 2);
    const query = spans.find((span) => span.name.startsWith('pg.query'));

    expect(status).toBe(500);
    expect(query).toMatchObject({ kind: SPAN_KIND.client, parentSpanId: server.spanId, statusCode: STATUS_CODE.error, statusMessage: 'column "price" does not exist' });
    expect(query?.attributes).toMatchObject({ ...connectionAttributes, 'db.query.text': `SELECT price FROM ${table}` });
    expect(server).toMatchObject({ statusCode: STATUS_CODE.error });
    expect(server.attributes['http.response.status_code']).toBe(500);
  });

  it('exports no span for queries outside any trace (requireParentSpan), such as the setup above', async () => {
    await service.handle.forceFlush();
    const texts = service.collector.spans().map((span) => String(span.attributes['db.query.text'] ?? ''));

    expect(texts.filter((text) => /^(CREATE|INSERT)/.test(text))).toEqual([]);
    expect(texts.filter((text) => text.startsWith('SELECT')).length).toBeGreaterThanOrEqual(3);
  });
});
