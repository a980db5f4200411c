import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { SPAN_KIND, STATUS_CODE, startInstrumentedService, type InstrumentedService, type RouteService } from './testing/instrumented-service';
import type { DecodedSpan } from './testing/protobuf-wire.reader';

// A tiny service queries, through mysql2, the real MariaDB the integration setup runs for this
// test slot (packages/devstack, test-servers); its spans go through our SDK to a local fake
// collector. @opentelemetry/instrumentation-mysql2 0.70 with OTEL_SEMCONV_STABILITY_OPT_IN=database
// (our default) emits only the stable names, names the span after the statement's first word and
// sets no db.operation.name or db.collection.name. MariaDB speaks the MySQL protocol, so the
// client-side instrumentation reports db.system.name "mysql".
const nodeRequire = createRequire(__filename);
const mysqlUrl = new URL(inject('servers').mysql);
const table = `sdk_spec_items_${process.pid}`;

let service: InstrumentedService;
let routes: RouteService;
let pool: import('mysql2/promise').Pool;

beforeAll(async () => {
  service = await startInstrumentedService('mysql2-spec', nodeRequire);
  const mysql = nodeRequire('mysql2/promise') as typeof import('mysql2/promise');
  pool = mysql.createPool({ uri: mysqlUrl.toString(), connectionLimit: 2 });
  // Outside any trace: the SDK exports no span for these.
  await pool.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)`);
  await pool.query(`INSERT INTO ${table} VALUES (1, 'kettle'), (2, 'teapot')`);
  routes = await service.serveRoutes({
    '/items': async () => (await pool.query(`SELECT id, name FROM ${table} ORDER BY id`))[0],
    // execute() is a server-side prepared statement; the value travels apart from the text.
    '/items/2': async () => (await pool.execute(`SELECT name FROM ${table} WHERE id = ?`, [2]))[0],
    '/prices': async () => (await pool.query(`SELECT price FROM ${table}`))[0],
  });
});

afterAll(async () => {
  await pool?.query(`DROP TABLE IF EXISTS ${table}`);
  await pool?.end();
  await service?.close();
});

const connectionAttributes = {
  'db.system.name': 'mysql',
  'db.namespace': 'linkscope',
  'server.address': '127.0.0.1',
  'server.port': Number(mysqlUrl.port),
};

/** The database spans of a trace: CLIENT spans other than the test's own fetch. */
function queriesIn(spans: DecodedSpan[]): DecodedSpan[] {
  return spans.filter((span) => span.kind === SPAN_KIND.client && span.attributes['db.system.name'] !== undefined);
}

describe('mysql2 against the real MariaDB', () => {
  it('records a query as a CLIENT span under the HTTP server span, with the stable database attributes', async () => {
    const { status, body, spans, server } = await routes.call('/items', 1);
    const [query, ...others] = queriesIn(spans);

    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual([{ id: 1, name: 'kettle' }, { id: 2, name: 'teapot' }]);
    expect(others).toEqual([]);
    expect(query).toMatchObject({ name: 'SELECT', kind: SPAN_KIND.client, parentSpanId: server.spanId, statusCode: STATUS_CODE.unset });
    expect(query?.attributes).toEqual({ ...connectionAttributes, 'db.query.text': `SELECT id, name FROM ${table} ORDER BY id` });
  });

  it('records a prepared statement with its placeholder, not the value', async () => {
    const { body, spans, server } = await routes.call('/items/2', 1);
    const [query] = queriesIn(spans);

    expect(JSON.parse(body)).toEqual([{ name: 'teapot' }]);
    expect(query).toMatchObject({ name: 'SELECT', kind: SPAN_KIND.client, parentSpanId: server.spanId });
    expect(query?.attributes).toEqual({ ...connectionAttributes, 'db.query.text': `SELECT name FROM ${table} WHERE id = ?` });
  });

  it('marks a failing query ERROR with the server message, and the request span too', async () => {
    const { status, spans, server } = await routes.call('/prices', 1);
    const [query] = queriesIn(spans);

    expect(status).toBe(500);
    expect(query).toMatchObject({ kind: SPAN_KIND.client, parentSpanId: server.spanId, statusCode: STATUS_CODE.error, statusMessage: "Unknown column 'price' in 'SELECT'" });
    expect(query?.attributes).toMatchObject({ ...connectionAttributes, 'db.query.text': `SELECT price FROM ${table}` });
    expect(server).toMatchObject({ statusCode: STATUS_CODE.error });
  });

  it('exports no span for queries outside any trace, such as the setup above (as pg and mongodb with requireParentSpan)', async () => {
    await service.handle.forceFlush();
    const texts = service.collector.spans().map((span) => String(span.attributes['db.query.text'] ?? ''));

    expect(texts.filter((text) => /^(CREATE|INSERT)/.test(text))).toEqual([]);
    expect(texts.filter((text) => text.startsWith('SELECT')).length).toBeGreaterThanOrEqual(3);
  });
});
