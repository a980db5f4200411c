// Realistic OTLP trace batches for the benchmarks: services of a shop, server spans with client
// children, about 10 attributes per span, pre-serialised once as protobuf and as OTLP/JSON.
import { randomBytes } from 'node:crypto';
import { protoType } from '@linkscope/otlp';

const SERVICES = ['gateway', 'orders', 'payments', 'catalogue', 'users'];
const ROUTES = ['/api/orders/{id}', '/api/cart', '/api/products', '/api/pay', '/api/login'];

function attributes(i, kind) {
  const common = [
    { key: 'http.request.method', value: { stringValue: i % 5 === 0 ? 'POST' : 'GET' } },
    { key: 'http.response.status_code', value: { intValue: i % 50 === 0 ? 500 : 200 } },
    { key: 'url.scheme', value: { stringValue: 'http' } },
    { key: 'network.protocol.version', value: { stringValue: '1.1' } },
    { key: 'server.address', value: { stringValue: 'orders.internal' } },
    { key: 'server.port', value: { intValue: 8080 } },
    { key: 'user_agent.original', value: { stringValue: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0' } },
    { key: 'customer.tier', value: { stringValue: i % 3 === 0 ? 'gold' : 'standard' } },
  ];
  return kind === 2
    ? [...common, { key: 'http.route', value: { stringValue: ROUTES[i % ROUTES.length] } }, { key: 'url.path', value: { stringValue: `/api/orders/${1000 + i}` } }]
    : [...common, { key: 'db.system.name', value: { stringValue: 'postgresql' } }, { key: 'db.query.text', value: { stringValue: 'SELECT id, total FROM orders WHERE id = $1' } }];
}

/** One ExportTraceServiceRequest as a plain object with `spanCount` spans (hex ids, for JSON). */
export function traceRequestObject(spanCount, startNs = BigInt(Date.now()) * 1_000_000n) {
  const resourceSpans = SERVICES.map((service) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }, { key: 'host.name', value: { stringValue: `${service}-1` } }] },
    scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http' }, spans: [] }],
  }));
  let traceId = randomBytes(16).toString('hex');
  let parent = '';
  for (let i = 0; i < spanCount; i++) {
    const kind = i % 2 === 0 ? 2 : 3;
    if (kind === 2) traceId = randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');
    const start = startNs + BigInt(i) * 1000n;
    resourceSpans[i % SERVICES.length].scopeSpans[0].spans.push({
      traceId,
      spanId,
      ...(kind === 3 ? { parentSpanId: parent } : {}),
      name: kind === 2 ? `GET ${ROUTES[i % ROUTES.length]}` : 'SELECT orders',
      kind,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + 2_500_000n),
      attributes: attributes(i, kind),
      status: { code: i % 50 === 0 ? 2 : 0 },
    });
    parent = spanId;
  }
  return { resourceSpans };
}

/** The same request as OTLP protobuf bytes (ids as raw bytes). */
export function toProtobuf(request) {
  const type = protoType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const withBytes = {
    resourceSpans: request.resourceSpans.map((rs) => ({
      ...rs,
      scopeSpans: rs.scopeSpans.map((ss) => ({
        ...ss,
        spans: ss.spans.map((s) => ({ ...s, traceId: Buffer.from(s.traceId, 'hex'), spanId: Buffer.from(s.spanId, 'hex'), ...(s.parentSpanId ? { parentSpanId: Buffer.from(s.parentSpanId, 'hex') } : {}) })),
      })),
    })),
  };
  return Buffer.from(type.encode(type.fromObject(withBytes)).finish());
}

export function toJson(request) {
  return Buffer.from(JSON.stringify(request));
}
