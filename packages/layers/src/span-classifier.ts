import type { AttributeValue, Attributes, BusinessRule, EntityDims, Layer, SpanRecord } from '@linkscope/domain';
import { normaliseRoute } from './route-normaliser';

/** One span's contribution to one layer entity. A span can feed two layers (a SERVER span: URI and business). */
export interface SpanClassification {
  readonly layer: Layer;
  readonly dims: EntityDims;
  readonly error: boolean;
  /** HTTP status, RPC or database status code, else `OK` / `ERROR` / `UNSET` from the span status. */
  readonly statusCode: string;
}

/** Attribute set by the SDK on the entry SERVER span to name its business transaction. */
export const BIZ_NAME_ATTRIBUTE = 'biz.name';
/** Boolean attribute set by the SDK: whether the business transaction succeeded. */
export const BIZ_SUCCESS_ATTRIBUTE = 'biz.success';

const DATABASE_OR_CACHE = 'db.system.name';
const MESSAGING = 'messaging.system';

function str(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  if (value === undefined || Array.isArray(value)) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function asText(value: AttributeValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

function httpStatus(attributes: Attributes): number | undefined {
  const value = attributes['http.response.status_code'];
  const status = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(status) && status >= 100 && status <= 999 ? status : undefined;
}

function statusCodeOf(span: SpanRecord): string {
  const http = httpStatus(span.attributes);
  if (http !== undefined) return String(http);
  const rpc = str(span.attributes, 'rpc.response.status_code') ?? str(span.attributes, 'rpc.status_code') ?? str(span.attributes, 'rpc.grpc.status_code');
  if (rpc !== undefined) return rpc.slice(0, 32);
  const db = str(span.attributes, 'db.response.status_code');
  if (db !== undefined) return db.slice(0, 32);
  return span.statusCode.toUpperCase();
}

/** Failed as a request: span status error, or a 5xx answer (servers leave 4xx unset, as the conventions say). */
function isError(span: SpanRecord): boolean {
  if (span.statusCode === 'error') return true;
  const http = httpStatus(span.attributes);
  return http !== undefined && http >= 500;
}

function hostPort(attributes: Attributes): string | undefined {
  const address = str(attributes, 'server.address');
  if (!address) return undefined;
  const port = str(attributes, 'server.port');
  return port ? `${address}:${port}` : address;
}

function uriDims(span: SpanRecord): EntityDims {
  const a = span.attributes;
  const method = str(a, 'http.request.method') ?? (str(a, 'rpc.system.name') ? 'RPC' : '');
  const route = str(a, 'http.route') ?? str(a, 'rpc.method') ?? (str(a, 'url.path') ? normaliseRoute(str(a, 'url.path')!) : span.name);
  return { service: span.serviceName, method, route };
}

function interfaceDims(span: SpanRecord): EntityDims {
  const a = span.attributes;
  const peer = str(a, 'service.peer.name') ?? hostPort(a) ?? str(a, 'rpc.service') ?? '';
  const method = str(a, 'http.request.method');
  let operation: string;
  if (str(a, 'rpc.method')) operation = str(a, 'rpc.method')!;
  else if (method) {
    const template = str(a, 'url.template') ?? (str(a, 'url.path') ? normaliseRoute(str(a, 'url.path')!) : undefined);
    operation = template ? `${method} ${template}` : method;
  } else operation = span.name;
  return { service: span.serviceName, peer, operation };
}

/**
 * Where a message went. RabbitMQ's conventions make `messaging.destination.name` the exchange,
 * empty for the default exchange, which routes to the queue the routing key names: then the
 * routing key is the destination (the queue), rather than an empty name.
 */
function destinationOf(attributes: Attributes, system: string): string | undefined {
  const destination = str(attributes, 'messaging.destination.name');
  if (destination !== undefined || system !== 'rabbitmq') return destination;
  return str(attributes, 'messaging.rabbitmq.destination.routing_key');
}

function componentDims(span: SpanRecord): EntityDims {
  const a = span.attributes;
  const messaging = str(a, MESSAGING);
  if (messaging) {
    const destination = destinationOf(a, messaging);
    const op = str(a, 'messaging.operation.type') ?? str(a, 'messaging.operation.name') ?? span.kind;
    return { system: messaging, instance: hostPort(a) ?? '', operation: destination ? `${op} ${destination}` : op };
  }
  const system = str(a, DATABASE_OR_CACHE) ?? '';
  const namespace = str(a, 'db.namespace');
  const server = hostPort(a);
  const instance = server && namespace ? `${server}/${namespace}` : (server ?? namespace ?? '');
  const op = str(a, 'db.operation.name');
  const collection = str(a, 'db.collection.name');
  const operation = op ? (collection ? `${op} ${collection}` : op) : (str(a, 'db.query.summary') ?? span.name);
  return { system, instance, operation };
}

function isComponent(span: SpanRecord): boolean {
  if (span.kind === 'server') return false;
  return str(span.attributes, DATABASE_OR_CACHE) !== undefined || str(span.attributes, MESSAGING) !== undefined;
}

function isInterface(span: SpanRecord): boolean {
  return span.kind === 'client';
}

function attributeEquals(span: SpanRecord, key: string, value: string): boolean {
  return asText(span.attributes[key] ?? span.resourceAttributes[key]) === value;
}

function ruleMatches(rule: BusinessRule, span: SpanRecord, route: string | undefined): boolean {
  const m = rule.match;
  if (m.service !== undefined && m.service !== span.serviceName) return false;
  if (m.route !== undefined && m.route !== route) return false;
  if (m.spanName !== undefined && m.spanName !== span.name) return false;
  return m.attributes.every((condition) => attributeEquals(span, condition.key, condition.value));
}

function ruleSucceeded(rule: BusinessRule, span: SpanRecord): boolean {
  const success = rule.success;
  switch (success.type) {
    case 'span-status':
      return !isError(span);
    case 'http-status-below': {
      const status = httpStatus(span.attributes);
      return status !== undefined && status < success.below;
    }
    case 'attribute-equals':
      return attributeEquals(span, success.key, success.value);
  }
}

function business(span: SpanRecord, rules: readonly BusinessRule[]): SpanClassification | null {
  const statusCode = statusCodeOf(span);
  const named = str(span.attributes, BIZ_NAME_ATTRIBUTE);
  if (named) {
    const flag = span.attributes[BIZ_SUCCESS_ATTRIBUTE];
    const success = typeof flag === 'boolean' ? flag : flag === 'true' ? true : flag === 'false' ? false : !isError(span);
    return { layer: 'business', dims: { name: named }, error: !success, statusCode };
  }
  const route = str(span.attributes, 'http.route');
  for (const rule of rules) {
    if (rule.enabled && ruleMatches(rule, span, route)) return { layer: 'business', dims: { name: rule.name }, error: !ruleSucceeded(rule, span), statusCode };
  }
  return null;
}

/**
 * The layer entities a span counts towards:
 * - SERVER spans → URI (service + method + route); also business, when the SDK named the
 *   transaction (`biz.name`) or an enabled rule of the project matches (first match wins);
 * - spans with a database/cache or messaging system (any kind but SERVER) → component;
 * - other CLIENT spans (HTTP, RPC, anything outgoing) → interface;
 * - INTERNAL spans without such a system count nowhere.
 */
export function classifySpan(span: SpanRecord, rules: readonly BusinessRule[] = []): SpanClassification[] {
  const statusCode = statusCodeOf(span);
  const error = isError(span);
  if (span.kind === 'server') {
    const out: SpanClassification[] = [{ layer: 'uri', dims: uriDims(span), error, statusCode }];
    const biz = business(span, rules);
    if (biz) out.push(biz);
    return out;
  }
  if (isComponent(span)) return [{ layer: 'component', dims: componentDims(span), error, statusCode }];
  if (isInterface(span)) return [{ layer: 'interface', dims: interfaceDims(span), error, statusCode }];
  return [];
}
