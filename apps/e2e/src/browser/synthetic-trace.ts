import { randomBytes } from 'node:crypto';

/** A span of a synthetic trace, times in milliseconds from the trace start. */
export interface SyntheticSpan {
  readonly id: string;
  readonly parent: string | null;
  readonly service: string;
  readonly name: string;
  readonly kind: 'server' | 'client' | 'internal';
  readonly atMs: number;
  readonly ms: number;
  readonly error?: boolean;
  readonly attributes?: Record<string, string | number>;
}

const KIND = { internal: 1, server: 2, client: 3 } as const;

/**
 * Sends a hand-shaped trace through the real collector as OTLP/JSON (one resource per service)
 * and returns its trace id and start. Span ids are derived from the short ids given.
 */
export async function sendSyntheticTrace(collectorUrl: string, ingestKey: string, spans: readonly SyntheticSpan[]): Promise<{ traceId: string; startEpochMs: number }> {
  const traceId = randomBytes(16).toString('hex');
  const startEpochMs = Date.now() - 5_000;
  const spanIds = new Map(spans.map((span) => [span.id, randomBytes(8).toString('hex')]));
  const services = [...new Set(spans.map((span) => span.service))];
  const ns = (ms: number) => String(BigInt(Math.round((startEpochMs + ms) * 1000)) * 1000n);
  const body = {
    resourceSpans: services.map((service) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'e2e' },
          spans: spans
            .filter((span) => span.service === service)
            .map((span) => ({
              traceId,
              spanId: spanIds.get(span.id),
              ...(span.parent ? { parentSpanId: spanIds.get(span.parent) } : {}),
              name: span.name,
              kind: KIND[span.kind],
              startTimeUnixNano: ns(span.atMs),
              endTimeUnixNano: ns(span.atMs + span.ms),
              status: { code: span.error ? 2 : 0 },
              attributes: Object.entries(span.attributes ?? {}).map(([key, value]) => ({
                key,
                value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
              })),
            })),
        },
      ],
    })),
  };
  const response = await fetch(`${collectorUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': ingestKey },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`collector answered ${response.status}: ${await response.text()}`);
  return { traceId, startEpochMs };
}

/** A checkout handler with an N+1 of item lookups, three independent calls in series, and a retried payment. */
export function checkoutWithEveryPattern(): SyntheticSpan[] {
  const spans: SyntheticSpan[] = [{ id: 'root', parent: null, service: 'shop-gateway', name: 'POST /order/submit', kind: 'server', atMs: 0, ms: 400, attributes: { 'http.route': '/order/submit', 'http.request.method': 'POST' } }];
  for (let i = 0; i < 8; i++) {
    spans.push({ id: `q${i}`, parent: 'root', service: 'shop-gateway', name: 'SELECT items', kind: 'client', atMs: 5 + i * 6, ms: 5, attributes: { 'db.system.name': 'postgresql', 'db.query.text': `SELECT * FROM items WHERE id = ${100 + i}` } });
  }
  const call = (id: string, peer: string, atMs: number, ms: number, status = 200): SyntheticSpan => ({
    id,
    parent: 'root',
    service: 'shop-gateway',
    name: `GET ${peer}`,
    kind: 'client',
    atMs,
    ms,
    error: status >= 500,
    attributes: { 'http.request.method': 'GET', 'server.address': peer, 'url.full': `http://${peer}/api/${peer}`, 'http.response.status_code': status },
  });
  spans.push(call('inventory', 'inventory', 70, 40), call('pricing', 'pricing', 110.5, 50), call('shipping', 'shipping', 161, 30));
  spans.push({ id: 'pricing-server', parent: 'pricing', service: 'shop-pricing', name: 'GET /api/pricing', kind: 'server', atMs: 112, ms: 46, attributes: { 'http.route': '/api/pricing' } });
  spans.push(call('pay1', 'payments', 200, 40, 503), call('pay2', 'payments', 250, 40, 503), call('pay3', 'payments', 300, 40, 503), call('pay4', 'payments', 350, 45));
  return spans;
}

const cmpCall = (id: string, parent: string, path: string, atMs: number, ms: number): SyntheticSpan => ({
  id,
  parent,
  service: 'cmp-gateway',
  name: `GET ${path}`,
  kind: 'client',
  atMs,
  ms,
  attributes: { 'http.request.method': 'GET', 'server.address': path.split('/')[2] ?? 'peer', 'url.full': `http://peer${path}` },
});

/** A checkout as it normally runs (for comparisons): stock (one query), pricing and coupons in turn, then an insert. 7 spans. */
export function normalCheckout(): SyntheticSpan[] {
  return [
    { id: 'root', parent: null, service: 'cmp-gateway', name: 'POST /checkout', kind: 'server', atMs: 0, ms: 100, attributes: { 'http.route': '/checkout' } },
    cmpCall('stock', 'root', '/api/stock', 5, 20),
    { id: 'stock-server', parent: 'stock', service: 'cmp-inventory', name: 'GET /api/stock', kind: 'server', atMs: 7, ms: 16 },
    { id: 'stock-query', parent: 'stock-server', service: 'cmp-inventory', name: 'SELECT stock', kind: 'client', atMs: 9, ms: 10, attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM stock WHERE sku = 7' } },
    cmpCall('pricing', 'root', '/api/pricing', 30, 10),
    cmpCall('coupons', 'root', '/api/coupons', 45, 10),
    { id: 'insert', parent: 'root', service: 'cmp-gateway', name: 'INSERT orders', kind: 'client', atMs: 60, ms: 2, attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'INSERT INTO orders VALUES (1)' } },
  ];
}

/**
 * The same checkout gone slow: stock takes 100 ms longer (its server 98 ms), pricing is 5 ms
 * faster, coupons is no longer called, a fraud check (client + server) is new; the stock query
 * and the insert are unchanged. 8 spans.
 */
export function slowCheckout(): SyntheticSpan[] {
  return [
    { id: 'root', parent: null, service: 'cmp-gateway', name: 'POST /checkout', kind: 'server', atMs: 0, ms: 300, attributes: { 'http.route': '/checkout' } },
    cmpCall('stock', 'root', '/api/stock', 5, 120),
    { id: 'stock-server', parent: 'stock', service: 'cmp-inventory', name: 'GET /api/stock', kind: 'server', atMs: 7, ms: 114 },
    { id: 'stock-query', parent: 'stock-server', service: 'cmp-inventory', name: 'SELECT stock', kind: 'client', atMs: 9, ms: 10, attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM stock WHERE sku = 9' } },
    cmpCall('pricing', 'root', '/api/pricing', 130, 5),
    cmpCall('fraud', 'root', '/api/fraud-check', 140, 60),
    { id: 'fraud-server', parent: 'fraud', service: 'cmp-fraud', name: 'POST /api/fraud-check', kind: 'server', atMs: 142, ms: 55 },
    { id: 'insert', parent: 'root', service: 'cmp-gateway', name: 'INSERT orders', kind: 'client', atMs: 210, ms: 2, attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'INSERT INTO orders VALUES (2)' } },
  ];
}
