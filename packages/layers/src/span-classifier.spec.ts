import type { BusinessRule } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { classifySpan } from './span-classifier';
import { testSpan } from './test-span.fixture';

const http = (method: string, route: string, status: number) => ({ 'http.request.method': method, 'http.route': route, 'http.response.status_code': status });

describe('classifySpan', () => {
  it('puts a SERVER span in the URI layer by service, method and route', () => {
    expect(classifySpan(testSpan({ service: 'gateway', attributes: http('GET', '/api/products/:id', 200) }))).toEqual([
      { layer: 'uri', dims: { service: 'gateway', method: 'GET', route: '/api/products/:id' }, error: false, statusCode: '200' },
    ]);
  });

  it('never uses the raw path: without http.route the path is normalised', () => {
    const [c] = classifySpan(testSpan({ attributes: { 'http.request.method': 'GET', 'url.path': '/orders/8812/items/3f2a9c1e-1b2c-4d5e-8f90-0a1b2c3d4e5f' } }));
    expect(c?.dims.route).toBe('/orders/{id}/items/{id}');
  });

  it('counts 5xx and error status as errors on servers, but not 4xx (the conventions leave server 4xx unset)', () => {
    expect(classifySpan(testSpan({ attributes: http('GET', '/a', 503) }))[0]?.error).toBe(true);
    expect(classifySpan(testSpan({ attributes: http('GET', '/a', 404) }))[0]).toMatchObject({ error: false, statusCode: '404' });
    expect(classifySpan(testSpan({ status: 'error', attributes: { 'http.route': '/a' } }))[0]).toMatchObject({ error: true, statusCode: 'ERROR' });
  });

  it('puts an outgoing HTTP CLIENT span in the interface layer by caller, peer and operation', () => {
    const span = testSpan({ kind: 'client', service: 'gateway', attributes: { 'http.request.method': 'GET', 'server.address': 'catalogue', 'server.port': 8082, 'url.template': '/products/{id}', 'http.response.status_code': 200 } });
    expect(classifySpan(span)).toEqual([{ layer: 'interface', dims: { service: 'gateway', peer: 'catalogue:8082', operation: 'GET /products/{id}' }, error: false, statusCode: '200' }]);
  });

  it('prefers service.peer.name as the peer and rpc.method as the operation', () => {
    const span = testSpan({ kind: 'client', attributes: { 'rpc.system.name': 'grpc', 'rpc.method': 'shop.Payments/Charge', 'service.peer.name': 'payments', 'server.address': '10.0.0.7' } });
    expect(classifySpan(span)[0]).toMatchObject({ layer: 'interface', dims: { peer: 'payments', operation: 'shop.Payments/Charge' } });
  });

  it('puts database, cache and messaging spans in the component layer by system, instance and operation', () => {
    const db = testSpan({ kind: 'client', attributes: { 'db.system.name': 'postgresql', 'server.address': 'pg-1', 'server.port': 5432, 'db.namespace': 'shop', 'db.operation.name': 'SELECT', 'db.collection.name': 'orders' } });
    expect(classifySpan(db)).toEqual([{ layer: 'component', dims: { system: 'postgresql', instance: 'pg-1:5432/shop', operation: 'SELECT orders' }, error: false, statusCode: 'UNSET' }]);
    const cache = testSpan({ kind: 'client', name: 'GET', attributes: { 'db.system.name': 'redis', 'server.address': 'cache' } });
    expect(classifySpan(cache)[0]).toMatchObject({ layer: 'component', dims: { system: 'redis', instance: 'cache', operation: 'GET' } });
    const consume = testSpan({ kind: 'consumer', attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.destination.name': 'orders' } });
    expect(classifySpan(consume)[0]).toMatchObject({ layer: 'component', dims: { system: 'kafka', operation: 'process orders' } });
  });

  it('names a RabbitMQ default-exchange message by its queue (the routing key), a named exchange by the exchange', () => {
    // What amqplib's sendToQueue sends, after the collector's renaming: the default exchange is ''.
    const toQueue = { 'messaging.system': 'rabbitmq', 'messaging.destination.name': '', 'messaging.rabbitmq.destination.routing_key': 'refunds', 'server.address': 'mq', 'server.port': 5672 };
    expect(classifySpan(testSpan({ kind: 'producer', attributes: toQueue }))[0]).toMatchObject({ layer: 'component', dims: { system: 'rabbitmq', instance: 'mq:5672', operation: 'producer refunds' } });
    expect(classifySpan(testSpan({ kind: 'consumer', attributes: { ...toQueue, 'messaging.operation.type': 'process' } }))[0]?.dims.operation).toBe('process refunds');
    const toExchange = { ...toQueue, 'messaging.destination.name': 'orders', 'messaging.rabbitmq.destination.routing_key': 'created' };
    expect(classifySpan(testSpan({ kind: 'producer', attributes: toExchange }))[0]?.dims.operation).toBe('producer orders');
  });

  it('leaves INTERNAL spans without a system out of every layer', () => {
    expect(classifySpan(testSpan({ kind: 'internal' }))).toEqual([]);
  });

  it('adds the business layer when the SDK named the transaction, with biz.success deciding success', () => {
    const ok = testSpan({ attributes: { ...http('POST', '/pay', 200), 'biz.name': 'pay', 'biz.success': false } });
    expect(classifySpan(ok)).toEqual([
      expect.objectContaining({ layer: 'uri', error: false }),
      { layer: 'business', dims: { name: 'pay' }, error: true, statusCode: '200' },
    ]);
  });

  describe('business rules', () => {
    const rule = (overrides: Partial<BusinessRule>): BusinessRule => ({ id: 'r1', name: 'place-order', enabled: true, match: { attributes: [] }, success: { type: 'span-status' }, ...overrides });

    it('match on service and route, first match wins', () => {
      const rules = [rule({ match: { service: 'shop', route: '/orders', attributes: [] } }), rule({ id: 'r2', name: 'other', match: { service: 'shop', attributes: [] } })];
      expect(classifySpan(testSpan({ service: 'shop', attributes: http('POST', '/orders', 201) }), rules)[1]).toMatchObject({ layer: 'business', dims: { name: 'place-order' }, error: false });
      expect(classifySpan(testSpan({ service: 'shop', attributes: http('GET', '/cart', 200) }), rules)[1]).toMatchObject({ dims: { name: 'other' } });
      expect(classifySpan(testSpan({ service: 'else', attributes: http('GET', '/cart', 200) }), rules)).toHaveLength(1);
    });

    it('match on span name and attributes (resource attributes too), and skip disabled rules', () => {
      const rules = [rule({ enabled: false, name: 'off', match: { spanName: 'GET /x', attributes: [] } }), rule({ match: { spanName: 'GET /x', attributes: [{ key: 'tier', value: 'gold' }] } })];
      expect(classifySpan(testSpan({ name: 'GET /x', resource: { tier: 'gold' } }), rules)[1]).toMatchObject({ dims: { name: 'place-order' } });
      expect(classifySpan(testSpan({ name: 'GET /x', resource: { tier: 'free' } }), rules)).toHaveLength(1);
    });

    it('decide success by HTTP status or by an attribute', () => {
      const byStatus = [rule({ match: { service: 'svc', attributes: [] }, success: { type: 'http-status-below', below: 400 } })];
      expect(classifySpan(testSpan({ attributes: http('POST', '/o', 404) }), byStatus)[1]?.error).toBe(true);
      expect(classifySpan(testSpan({ attributes: http('POST', '/o', 302) }), byStatus)[1]?.error).toBe(false);
      const byAttribute = [rule({ match: { service: 'svc', attributes: [] }, success: { type: 'attribute-equals', key: 'order.state', value: 'placed' } })];
      expect(classifySpan(testSpan({ attributes: { 'order.state': 'placed' } }), byAttribute)[1]?.error).toBe(false);
      expect(classifySpan(testSpan({ attributes: { 'order.state': 'rejected' } }), byAttribute)[1]?.error).toBe(true);
    });

    it('let the SDK attribute win over rules', () => {
      const rules = [rule({ match: { service: 'svc', attributes: [] } })];
      expect(classifySpan(testSpan({ attributes: { 'biz.name': 'login' } }), rules)[1]).toMatchObject({ dims: { name: 'login' } });
    });
  });
});
