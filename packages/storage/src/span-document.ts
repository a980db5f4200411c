import {
  type Attributes,
  type SpanRecord,
  type SpanView,
  type TenantScope,
  asDurationNs,
  asEpochNs,
} from '@linkscope/domain';

/** How a span is stored: flat keyword/long fields for what is filtered, the rest kept unindexed. */
export interface SpanDocument {
  '@timestamp': number;
  tenant_id: string;
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  is_root: boolean;
  name: string;
  kind: string;
  service_name: string;
  /** Nanoseconds since the epoch, exact: sent as a decimal string, which Elasticsearch coerces to long. */
  start_ns: string;
  duration_ns: number;
  status_code: string;
  status_message: string;
  scope_name: string;
  /** `key=value` pairs of scalar attributes, bounded, for exact and prefix matches. */
  attr_kv: string[];
  /** The layer entities this span counts towards (`<layer>:<entity key>`), set by the worker. */
  layer_entities?: string[];
  attributes: Attributes;
  resource_attributes: Attributes;
  events: SpanRecord['events'];
  links: SpanRecord['links'];
}

const MAX_KV_TERMS = 128;
const MAX_KV_TERM_LENGTH = 256;

/** `key=value` terms of scalar attributes, bounded in count and length, for exact and prefix search. */
export function keyValueTerms(attributes: Attributes, resource: Attributes): string[] {
  const terms: string[] = [];
  for (const source of [attributes, resource]) {
    for (const [key, value] of Object.entries(source)) {
      if (terms.length >= MAX_KV_TERMS) return terms;
      if (Array.isArray(value)) continue;
      terms.push(`${key}=${String(value)}`.slice(0, MAX_KV_TERM_LENGTH));
    }
  }
  return terms;
}

/** The document id: the same span from the same tenant is always one document. */
export function spanDocumentId(scope: TenantScope, span: Pick<SpanRecord, 'traceId' | 'spanId' | 'kind'>): string {
  return `${scope.tenantId}:${scope.projectId}:${span.traceId}:${span.spanId}`;
}

export function toSpanDocument(scope: TenantScope, span: SpanRecord, layerEntities?: readonly string[]): SpanDocument {
  return {
    ...(layerEntities && layerEntities.length > 0 ? { layer_entities: [...layerEntities] } : {}),
    '@timestamp': Number(BigInt(span.startEpochNs) / 1_000_000n),
    tenant_id: scope.tenantId,
    project_id: scope.projectId,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    is_root: span.parentSpanId === null,
    name: span.name,
    kind: span.kind,
    service_name: span.serviceName,
    start_ns: span.startEpochNs,
    duration_ns: span.durationNs,
    status_code: span.statusCode,
    status_message: span.statusMessage,
    scope_name: span.scopeName,
    attr_kv: keyValueTerms(span.attributes, span.resourceAttributes),
    attributes: span.attributes,
    resource_attributes: span.resourceAttributes,
    events: span.events,
    links: span.links,
  };
}

export function fromSpanDocument(doc: SpanDocument): SpanView {
  return {
    traceId: doc.trace_id,
    spanId: doc.span_id,
    parentSpanId: doc.parent_span_id,
    name: doc.name,
    kind: doc.kind as SpanView['kind'],
    serviceName: doc.service_name,
    startEpochNs: asEpochNs(String(doc.start_ns)),
    durationNs: asDurationNs(doc.duration_ns),
    statusCode: doc.status_code as SpanView['statusCode'],
    statusMessage: doc.status_message,
    attributes: doc.attributes ?? {},
    resourceAttributes: doc.resource_attributes ?? {},
    events: doc.events ?? [],
    links: doc.links ?? [],
  };
}
