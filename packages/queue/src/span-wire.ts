import type { Attributes, DurationNs, EpochNs, SpanEvent, SpanKind, SpanLink, SpanRecord, SpanStatusCode } from '@linkscope/domain';

/**
 * A span as it travels through Redis: its values in a fixed order, without the field names, and
 * its resource as an index into the batch's list of resources. An SDK sends the same 10–20
 * resource attributes with every span of a batch; written once per batch instead of once per
 * span, a job is far smaller, so Redis holds a longer Elasticsearch outage in the same memory and
 * the collector's stringify and the worker's parse have less to do.
 */
type SpanRow = [
  traceId: string,
  spanId: string,
  parentSpanId: string | null,
  name: string,
  kind: SpanKind,
  serviceName: string,
  startEpochNs: EpochNs,
  durationNs: DurationNs,
  statusCode: SpanStatusCode,
  statusMessage: string,
  attributes: Attributes,
  resource: number,
  scopeName: string,
  events: readonly SpanEvent[],
  links: readonly SpanLink[],
];

/** The spans of one job on the wire. `v` names the row layout, so a change of it can be told apart. */
export interface SpanWire {
  readonly v: 1;
  readonly resources: readonly Attributes[];
  readonly rows: readonly SpanRow[];
}

/**
 * Packs spans for a job. Resources are shared by identity: the decoders give every span of one
 * resource the same attributes object, so one batch usually carries a handful of resources.
 */
export function encodeSpans(spans: readonly SpanRecord[]): SpanWire {
  const resources: Attributes[] = [];
  const indexOf = new Map<Attributes, number>();
  const rows = new Array<SpanRow>(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    let resource = indexOf.get(span.resourceAttributes);
    if (resource === undefined) {
      resource = resources.length;
      resources.push(span.resourceAttributes);
      indexOf.set(span.resourceAttributes, resource);
    }
    rows[i] = [
      span.traceId,
      span.spanId,
      span.parentSpanId,
      span.name,
      span.kind,
      span.serviceName,
      span.startEpochNs,
      span.durationNs,
      span.statusCode,
      span.statusMessage,
      span.attributes,
      resource,
      span.scopeName,
      span.events,
      span.links,
    ];
  }
  return { v: 1, resources, rows };
}

/** Unpacks what `encodeSpans` packed. Spans of one resource share one (read-only) attributes object. */
export function decodeSpans(wire: SpanWire): SpanRecord[] {
  if (wire.v !== 1) throw new Error(`unknown span row layout v${String(wire.v)}`);
  const spans = new Array<SpanRecord>(wire.rows.length);
  for (let i = 0; i < wire.rows.length; i++) {
    const row = wire.rows[i]!;
    const resourceAttributes = wire.resources[row[11]];
    if (resourceAttributes === undefined) throw new Error(`span row ${i} names resource ${row[11]}, the batch has ${wire.resources.length}`);
    spans[i] = {
      traceId: row[0],
      spanId: row[1],
      parentSpanId: row[2],
      name: row[3],
      kind: row[4],
      serviceName: row[5],
      startEpochNs: row[6],
      durationNs: row[7],
      statusCode: row[8],
      statusMessage: row[9],
      attributes: row[10],
      resourceAttributes,
      scopeName: row[12],
      events: row[13],
      links: row[14],
    };
  }
  return spans;
}
