import type { TraceSearchResponse } from '@linkscope/domain';
import type { AggregateAnalysis, TraceAnalysis } from '@linkscope/trace-analysis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session';
import { eventually } from './test-stack';

const stack = inject('stack');
let session: ApiSession;
beforeAll(async () => {
  session = await ApiSession.login(stack.urls.dashboard, stack.demoLogin.email, stack.demoLogin.password);
});

/** GET on the api as the signed-in demo owner; answers status and JSON body. */
async function apiGet<T>(path: string): Promise<{ status: number; body: T }> {
  const answer = await session.get<T>(path);
  return { status: answer.status, body: answer.body };
}

/** W3C Trace Context Level 2: `traceresponse: 00-<trace id>-<span id>-<flags>`. */
function traceIdFrom(response: Response): string {
  const match = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(response.headers.get('traceresponse') ?? '');
  if (!match?.[1]) throw new Error(`no valid traceresponse header on ${response.url}`);
  return match[1];
}

async function setFault(name: string, enabled: boolean): Promise<void> {
  const response = await fetch(`${stack.urls.gateway}/faults/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
  expect(response.status).toBe(200);
  // Every demo service reads the switches from Redis once a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}

async function shop(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${stack.urls.gateway}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function login(): Promise<string> {
  const response = await shop('/api/login', { method: 'POST', body: { username: 'user-007', password: 'demo' } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** A placed order with three items in the cart (three product lookups plus the user's). */
async function placeOrder(token: string): Promise<Response> {
  const { products } = (await (await shop('/api/products')).json()) as { products: { id: string }[] };
  for (const productId of products.slice(0, 3).map((p) => p.id)) expect((await shop('/api/cart/items', { method: 'POST', token, body: { productId, quantity: 1 } })).status).toBe(200);
  return shop('/api/orders', { method: 'POST', token });
}

/** The analysis of a trace once every service's spans are in (the api answers 404 until the first arrive). */
async function analysisOf(traceId: string, expectKind: string, complete: (analysis: TraceAnalysis) => boolean = () => true): Promise<TraceAnalysis> {
  return eventually(async () => {
    const response = await apiGet<TraceAnalysis>(`/api/v1/traces/${traceId}/analysis`);
    if (response.status !== 200) return undefined;
    const analysis = response.body;
    return analysis.findings.some((f) => f.kind === expectKind) && complete(analysis) ? analysis : undefined;
  }, `a ${expectKind} finding in trace ${traceId}`);
}

async function aggregateOf(route: string, expectKind: string): Promise<AggregateAnalysis> {
  return eventually(async () => {
    const response = await apiGet<AggregateAnalysis>(`/api/v1/traces/aggregate?service=demo-gateway&route=${encodeURIComponent(route)}&lookbackMinutes=15`);
    if (response.status !== 200) return undefined;
    const aggregate = response.body;
    return aggregate.findings.some((f) => f.kind === expectKind) ? aggregate : undefined;
  }, `a ${expectKind} finding in the aggregate of ${route}`);
}

describe('each demo-shop fault switch produces its finding, in the trace and in the aggregate of its URI', () => {
  const switched: string[] = [];
  afterEach(async () => {
    for (const name of switched.splice(0)) await setFault(name, false);
  });
  afterAll(async () => {
    for (const name of ['n-plus-one', 'serial-calls', 'retry-storm']) await setFault(name, false);
  });

  it('n-plus-one: GET /api/products runs one SELECT per product under the catalogue handler', async () => {
    const before = await shop('/api/products');
    expect(before.status).toBe(200);
    const normal = traceIdFrom(before);
    switched.push('n-plus-one');
    await setFault('n-plus-one', true);
    const response = await shop('/api/products');
    expect(response.status).toBe(200);
    const traceId = traceIdFrom(response);

    const analysis = await analysisOf(traceId, 'n-plus-one');
    const finding = analysis.findings.find((f) => f.kind === 'n-plus-one')!;
    expect(finding.serviceName).toBe('demo-catalogue');
    expect(finding.signature).toMatch(/select/i);
    expect(finding.callCount).toBeGreaterThanOrEqual(5);
    expect(finding.spanIds.length).toBe(Math.min(finding.spanCount, 200));
    expect(finding.costNs).toBeGreaterThan(0);

    // The trace without the fault has no such finding.
    const plain = await eventually(async () => {
      const r = await apiGet<TraceAnalysis>(`/api/v1/traces/${normal}/analysis`);
      return r.status === 200 ? r.body : undefined;
    }, `analysis of ${normal}`);
    expect(plain.findings.filter((f) => f.kind === 'n-plus-one')).toEqual([]);

    const aggregate = await aggregateOf('/api/products', 'n-plus-one');
    const frequency = aggregate.findings.find((f) => f.kind === 'n-plus-one')!;
    expect(frequency.traces).toBeGreaterThanOrEqual(1);
    expect(frequency.traces).toBeLessThan(aggregate.traceCount);
  });

  it('serial-calls: place-order looks up the user and each cart item one after another', async () => {
    const token = await login();
    const parallel = await placeOrder(token);
    expect(parallel.status).toBe(201);
    const normal = traceIdFrom(parallel);
    switched.push('serial-calls');
    await setFault('serial-calls', true);
    const response = await placeOrder(token);
    expect(response.status).toBe(201);
    const traceId = traceIdFrom(response);

    // The orders service's product lookups; the catalogue's own SQL (`… FROM products …`), which may
    // legitimately run back to back, is another service's finding.
    const productLookups = (f: TraceAnalysis['findings'][number]) => f.kind === 'serial-calls' && f.serviceName === 'demo-orders' && /products/.test(f.signature ?? '');
    const analysis = await analysisOf(traceId, 'serial-calls', (a) => a.findings.some(productLookups));
    const finding = analysis.findings.find(productLookups)!;
    expect(finding).toBeDefined();
    expect(finding.callCount).toBeGreaterThanOrEqual(2);
    expect(finding.costNs).toBeGreaterThan(0);

    // With the lookups in parallel (no fault), no serial run of product lookups is reported.
    const plain = await eventually(async () => {
      const r = await apiGet<TraceAnalysis>(`/api/v1/traces/${normal}/analysis`);
      const a = r.status === 200 ? r.body : undefined;
      return a && a.spanCount >= analysis.spanCount - 2 ? a : undefined;
    }, `analysis of ${normal}`);
    expect(plain.findings.filter(productLookups)).toEqual([]);

    const aggregate = await aggregateOf('/api/orders', 'serial-calls');
    expect(aggregate.findings.find((f) => f.kind === 'serial-calls')!.traces).toBeGreaterThanOrEqual(1);
  });

  it('retry-storm: pay retries the failing provider call without backoff, in payments and in the gateway', async () => {
    const token = await login();
    const order = await placeOrder(token);
    expect(order.status).toBe(201);
    const { id } = (await order.json()) as { id: string };
    switched.push('retry-storm');
    await setFault('retry-storm', true);
    const response = await shop(`/api/orders/${id}/pay`, { method: 'POST', token });
    expect(response.status).toBeGreaterThanOrEqual(500);
    const traceId = traceIdFrom(response);

    // The gateway's and the payments service's spans arrive in separate batches: wait for both.
    const analysis = await analysisOf(traceId, 'retries', (a) => new Set(a.findings.filter((f) => f.kind === 'retries').map((f) => f.serviceName)).size >= 2);
    const retries = analysis.findings.filter((f) => f.kind === 'retries');
    expect(retries.map((f) => f.serviceName)).toEqual(expect.arrayContaining(['demo-payments', 'demo-gateway']));
    const payments = retries.find((f) => f.serviceName === 'demo-payments')!;
    expect(payments.callCount).toBeGreaterThanOrEqual(4);

    const aggregate = await aggregateOf('/api/orders/:id/pay', 'retries');
    expect(aggregate.findings.find((f) => f.kind === 'retries')!.traces).toBeGreaterThanOrEqual(1);

    // Trace search finds the failed pay by its route and error status, as a person would look for it.
    const q = encodeURIComponent('root.route="/api/orders/:id/pay" AND error');
    const found = await eventually(async () => {
      const search = (await apiGet<TraceSearchResponse>(`/api/v1/traces/search?q=${q}&lookbackMinutes=15`)).body;
      return search.traces.some((t) => t.traceId === traceId) ? search : undefined;
    }, `trace ${traceId} in the search results`);
    expect(found.traces.every((t) => t.rootRoute === '/api/orders/:id/pay' && t.errorCount > 0)).toBe(true);

    // Without a session the api refuses (fail-closed guard), and a malformed query is a 400 naming the position.
    expect((await fetch(`${stack.urls.dashboard}/api/v1/traces/${traceId}/analysis`)).status).toBe(401);
    const bad = await apiGet<{ code: string; message: string }>(`/api/v1/traces/search?q=${encodeURIComponent('service=a AND (route=/x')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
  });
});
