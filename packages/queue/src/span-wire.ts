import type { AttributeValue, Attributes, DurationNs, EpochNs, SpanEvent, SpanKind, SpanLink, SpanRecord, SpanStatusCode } from '@linkscope/domain';

/**
 * A span as it travels through Redis: its values in a fixed order, without the field names. What
 * every span of a batch repeats is written once per batch: its resource (an SDK sends the same
 * 10–20 resource attributes with every span) as an index into `resources`, and its service name,
 * scope name and attribute keys as indexes into `strings`. A job a third the size leaves Redis room
 * for a longer Elasticsearch outage, and every copy on the way (the collector's stringify, the
 * socket writes, Redis, the worker's parse) has less to do.
 */
type SpanRow = [
  traceId: string,
  spanId: string,
  parentSpanId: string | null,
  name: string,
  kind: SpanKind,
  serviceName: number,
  startEpochNs: EpochNs,
  durationNs: DurationNs,
  statusCode: SpanStatusCode,
  statusMessage: string,
  /** Key index, value, key index, value, … */
  attributes: (number | AttributeValue)[],
  resource: number,
  scopeName: number,
  events: readonly SpanEvent[],
  links: readonly SpanLink[],
];

/** Layout 1 (before 2026-12-05): service and scope names and attributes written out in every row. */
type SpanRowV1 = [
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
export type SpanWire =
  | { readonly v: 2; readonly resources: readonly Attributes[]; readonly strings: readonly string[]; readonly rows: readonly SpanRow[] }
  | { readonly v: 1; readonly resources: readonly Attributes[]; readonly rows: readonly SpanRowV1[] };

/** A batch's table of repeated strings, each written once. */
class StringTable {
  readonly strings: string[] = [];
  private readonly indexes = new Map<string, number>();

  indexOf(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }
}

/**
 * Packs spans for a job. Resources are shared by identity: the decoders give every span of one
 * resource the same attributes object, so one batch usually carries a handful of resources.
 */
export function encodeSpans(spans: readonly SpanRecord[]): SpanWire {
  const resources: Attributes[] = [];
  const resourceIndexes = new Map<Attributes, number>();
  const table = new StringTable();
  const rows = new Array<SpanRow>(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    let resource = resourceIndexes.get(span.resourceAttributes);
    if (resource === undefined) {
      resource = resources.length;
      resources.push(span.resourceAttributes);
      resourceIndexes.set(span.resourceAttributes, resource);
    }
    const attributes: (number | AttributeValue)[] = [];
    for (const key in span.attributes) attributes.push(table.indexOf(key), span.attributes[key]!);
    rows[i] = [
      span.traceId,
      span.spanId,
      span.parentSpanId,
      span.name,
      span.kind,
      table.indexOf(span.serviceName),
      span.startEpochNs,
      span.durationNs,
      span.statusCode,
      span.statusMessage,
      attributes,
      resource,
      table.indexOf(span.scopeName),
      span.events,
      span.links,
    ];
  }
  return { v: 2, resources, strings: table.strings, rows };
}

function stringAt(strings: readonly string[], index: unknown, row: number): string {
  const value = typeof index === 'number' ? strings[index] : undefined;
  if (value === undefined) throw new Error(`span row ${row} names string ${String(index)}, the batch has ${strings.length}`);
  return value;
}

function resourceAt(resources: readonly Attributes[], index: number, row: number): Attributes {
  const resource = resources[index];
  if (resource === undefined) throw new Error(`span row ${row} names resource ${index}, the batch has ${resources.length}`);
  return resource;
}

/** Unpacks what `encodeSpans` packed (either layout). Spans of one resource share one (read-only) attributes object. */
export function decodeSpans(wire: SpanWire): SpanRecord[] {
  if (wire.v === 1) return decodeRowsV1(wire.resources, wire.rows);
  if (wire.v !== 2) throw new Error(`unknown span row layout v${String((wire as { v: unknown }).v)}`);
  const { resources, strings, rows } = wire;
  const spans = new Array<SpanRecord>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const packed = row[10];
    const attributes: Attributes = {};
    for (let a = 0; a < packed.length; a += 2) {
      const key = stringAt(strings, packed[a], i);
      // Built from data, so a key must never reach the prototype.
      if (key !== '__proto__') attributes[key] = packed[a + 1] as AttributeValue;
    }
    spans[i] = {
      traceId: row[0],
      spanId: row[1],
      parentSpanId: row[2],
      name: row[3],
      kind: row[4],
      serviceName: stringAt(strings, row[5], i),
      startEpochNs: row[6],
      durationNs: row[7],
      statusCode: row[8],
      statusMessage: row[9],
      attributes,
      resourceAttributes: resourceAt(resources, row[11], i),
      scopeName: stringAt(strings, row[12], i),
      events: row[13],
      links: row[14],
    };
  }
  return spans;
}

/** Jobs written by collectors before layout 2, still in Redis during an upgrade. */
function decodeRowsV1(resources: readonly Attributes[], rows: readonly SpanRowV1[]): SpanRecord[] {
  return rows.map((row, i) => ({
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
    resourceAttributes: resourceAt(resources, row[11], i),
    scopeName: row[12],
    events: row[13],
    links: row[14],
  }));
}
